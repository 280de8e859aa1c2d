// Forms that help, under a strict CSP (a static file, no inline script):
// - after a failed submit the error summary takes the focus, so it is read first;
// - a link of the summary moves the focus to its field, its label scrolled into view;
// - a group marked data-shown-by="<control id>" data-shown-when="<value>" is shown (and sent)
//   only while that control has that value. Without JavaScript every group stays visible;
// - a zone marked data-dropzone takes a file dropped on it into its file input (the plain
//   input stays, for the keyboard and for browsers without drag and drop);
// - a form marked data-submit-on-change (the language, the client switcher) is sent when its
//   choice changes; its button marked data-no-js-only is there for browsers without script;
// - a bulk bar (data-bulk-bar, inside the form of a list's check boxes named "selection")
//   shows only while a box is ticked, counts them, and ticks or unticks them all.
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

  function watchDropzones(root) {
    root.querySelectorAll("[data-dropzone]").forEach(function (zone) {
      var input = zone.querySelector("input[type=file]");
      var status = zone.querySelector("[data-dropzone-status]");
      if (!input) return;
      function over(event) {
        event.preventDefault();
        zone.classList.add("app-dropzone-over");
      }
      function leave() { zone.classList.remove("app-dropzone-over"); }
      function say() {
        if (status && input.files.length) status.textContent = input.files[0].name;
      }
      zone.addEventListener("dragenter", over);
      zone.addEventListener("dragover", over);
      zone.addEventListener("dragleave", leave);
      zone.addEventListener("drop", function (event) {
        event.preventDefault();
        leave();
        if (!event.dataTransfer || !event.dataTransfer.files.length) return;
        input.files = event.dataTransfer.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
      input.addEventListener("change", say);
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

  function submitOnChange(root) {
    root.querySelectorAll("form[data-submit-on-change]").forEach(function (form) {
      form.querySelectorAll("[data-no-js-only]").forEach(function (button) { button.hidden = true; });
      form.addEventListener("change", function () { form.requestSubmit(); });
    });
  }

  function bulkBoxes(bar) {
    return bar.form ? bar.form.querySelectorAll("input[type=checkbox][name=selection]") : [];
  }

  function syncBulkBar(bar) {
    var ticked = Array.prototype.filter.call(bulkBoxes(bar), function (box) { return box.checked; });
    var count = bar.querySelector("[data-bulk-count]");
    var text = ticked.length === 1 ? bar.dataset.one : bar.dataset.many;
    if (count) count.textContent = text.replace("%(count)s", String(ticked.length));
    var feedback = bar.querySelector("#bulk-feedback");
    bar.hidden = ticked.length === 0 && !(feedback && feedback.textContent.trim());
  }

  function syncBulkBars(root) {
    root.querySelectorAll("fieldset[data-bulk-bar]").forEach(syncBulkBar);
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input[type=checkbox][name=selection]") || !box.form) return;
    box.form.querySelectorAll("fieldset[data-bulk-bar]").forEach(syncBulkBar);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-bulk-all], [data-bulk-none]");
    if (!button) return;
    var bar = button.closest("fieldset[data-bulk-bar]");
    var tick = button.hasAttribute("data-bulk-all");
    bulkBoxes(bar).forEach(function (box) { box.checked = tick; });
    syncBulkBar(bar);
  });

  // htmx swapped part of the page in: its new bars start from their ticks.
  document.addEventListener("htmx:after:swap", function () { syncBulkBars(document); });

  watchGroups(document);
  watchDropzones(document);
  submitOnChange(document);
  syncBulkBars(document);
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
