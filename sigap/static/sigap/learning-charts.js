// Charts of the training report: each <canvas data-chart='{"labels":[],"values":[],"label":""}'>.
// The numbers are also in tables beside the charts, so the page says everything without this file.
(function () {
  "use strict";
  function draw() {
    if (typeof Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var data = JSON.parse(canvas.getAttribute("data-chart"));
      new Chart(canvas, {
        type: canvas.getAttribute("data-kind") || "bar",
        data: {
          labels: data.labels,
          datasets: [{ label: data.label, data: data.values, backgroundColor: "#5b2a86" }],
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
