// Charts of « Statistiques d'utilisation carte », under a strict CSP (a static file, no inline
// script): each <canvas data-chart="<id of a json_script>"> draws the figures that the
// json_script holds ({type, labels, datasets: [{label, data}], unit}). The same figures are in
// the table beside the chart, which is what screen readers and accountants read; the canvas is
// marked aria-hidden by the template.
(function () {
  "use strict";

  var COLOURS = ["#0b5ed7", "#198754", "#fd7e14", "#6f42c1", "#d63384", "#20c997", "#6c757d"];

  function money(value) {
    return new Intl.NumberFormat(document.documentElement.lang || "fr", {
      style: "currency",
      currency: "EUR",
    }).format(value);
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") return;
    var spec = JSON.parse(source.textContent);
    var round = spec.type === "doughnut";
    var datasets = spec.datasets.map(function (set, index) {
      return {
        label: set.label,
        data: set.data,
        backgroundColor: round ? COLOURS : COLOURS[index % COLOURS.length],
        borderColor: round ? "#fff" : COLOURS[index % COLOURS.length],
        type: set.type || undefined,
      };
    });
    var format = spec.unit === "EUR" ? money : function (value) { return value; };
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: round || datasets.length > 1, position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.label + " : " + format(item.raw);
              },
            },
          },
        },
        scales: round ? {} : { y: { beginAtZero: true, ticks: { callback: format } } },
      },
    });
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
