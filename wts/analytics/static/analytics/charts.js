// Draws the page's chart from the JSON the server put in #an-chart-data (no inline script).
(function () {
  "use strict";
  var PALETTE = ["#1f4e8c", "#1e7b3a", "#c98a00", "#b3261e", "#6b4fa0", "#00838f", "#8d6e63", "#5b6475"];

  function fmt(value) {
    return typeof value === "number" ? value.toLocaleString("th-TH", { maximumFractionDigits: 2 }) : value;
  }

  function draw() {
    var source = document.getElementById("an-chart-data");
    var canvas = document.getElementById("an-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (set, i) {
      return {
        label: set.label, data: set.data, backgroundColor: PALETTE[i % PALETTE.length],
        borderColor: PALETTE[i % PALETTE.length], pointRadius: 3,
      };
    });
    var tooltip = {
      callbacks: {
        label: function (ctx) {
          var raw = ctx.raw;
          if (raw && typeof raw === "object" && raw.label) {
            return raw.label + ": " + fmt(raw.x) + " / " + fmt(raw.y);
          }
          return ctx.dataset.label + ": " + fmt(ctx.parsed.y);
        },
      },
    };
    var axisTitle = function (text) { return text ? { display: true, text: text } : { display: false }; };
    Chart.defaults.font.family = '"Sarabun", "Noto Sans Thai", Tahoma, sans-serif';
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels || [], datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { tooltip: tooltip, legend: { display: datasets.length > 1 || spec.type === "scatter" } },
        scales: {
          x: { title: axisTitle(spec.x_title), ticks: { autoSkip: spec.type !== "bar" || (spec.labels || []).length > 40 } },
          y: { title: axisTitle(spec.y_title), beginAtZero: true, ticks: { precision: spec.integer_y ? 0 : undefined, callback: function (v) { return fmt(v); } } },
        },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
