// Forms that help, under a strict CSP (a static file, no inline script):
// - after a failed submit the error summary takes the focus, so it is read first;
// - a link of the summary moves the focus to its field, its label scrolled into view;
// - a group marked data-shown-by="<control id>" data-shown-when="<value>" is shown (and sent)
//   only while that control has that value. Without JavaScript every group stays visible.
(function () {
  "use strict";

  function syncGroup(group) {
    var control = document.getElementById(group.dataset.shownBy);
    if (!control) return;
    var shown = control.value === group.dataset.shownWhen;
    group.hidden = !shown;
    group.disabled = !shown;
  }

  function watchGroups(root) {
    root.querySelectorAll("[data-shown-by]").forEach(function (group) {
      var control = document.getElementById(group.dataset.shownBy);
      if (!control) return;
      control.addEventListener("change", function () { syncGroup(group); });
      syncGroup(group);
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-link]");
    if (!link) return;
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });

  watchGroups(document);
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
