// Charts of the statistics dashboard: each <canvas data-chart='{"labels":[],"values":[],"label":""}' data-kind="line|bar">.
// A hidden (suppressed) value is null: a gap, never a zero. The tables beside the charts say everything without this file.
(function () {
  "use strict";
  function draw() {
    if (typeof Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var data = JSON.parse(canvas.getAttribute("data-chart"));
      var kind = canvas.getAttribute("data-kind") || "bar";
      new Chart(canvas, {
        type: kind,
        data: {
          labels: data.labels,
          datasets: [{ label: data.label, data: data.values, backgroundColor: "#5b2a86", borderColor: "#5b2a86", spanGaps: false }],
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          indexAxis: kind === "bar" && data.labels.length > 6 ? "y" : "x",
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
