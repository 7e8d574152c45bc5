// Progress chart (data from a <script type="application/json"> element) and the reminder
// form's "select late districts" helpers. No inline script: the page's CSP forbids it.
(function () {
  "use strict";

  function drawChart() {
    var canvas = document.getElementById("progress-chart");
    var source = document.getElementById("progress-data");
    if (!canvas || !source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var colours = { recorded: "#1f4e8c", submitted: "#c27c0e", confirmed: "#1e7b3a" };
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set) {
          return {
            label: set.label, data: set.data, borderColor: colours[set.key], backgroundColor: colours[set.key],
            tension: 0.2, pointRadius: 0, borderWidth: 2, yAxisID: set.key === "recorded" ? "y" : "y2"
          };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: data.axes.areas } },
          y2: { beginAtZero: true, position: "right", ticks: { precision: 0 }, grid: { drawOnChartArea: false },
                title: { display: true, text: data.axes.districts } },
          x: { ticks: { maxTicksLimit: 10 } }
        },
        plugins: { legend: { position: "bottom" } },
        font: { family: "Sarabun" }
      }
    });
  }

  function selectionHelpers() {
    document.querySelectorAll("[data-select]").forEach(function (button) {
      button.addEventListener("click", function () {
        var which = button.getAttribute("data-select");
        var form = button.closest("form");
        form.querySelectorAll("input[type=checkbox][data-pending]").forEach(function (box) {
          if (which === "none") box.checked = false;
          else box.checked = box.getAttribute("data-" + which) === "1";
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof Chart !== "undefined") Chart.defaults.font.family = "Sarabun, sans-serif";
    drawChart();
    selectionHelpers();
  });
})();
