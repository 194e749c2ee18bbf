// Draws the shared charts (templates/includes/chart.html) with the vendored Chart.js.
// Each <canvas data-chart="ID"> reads its figures from <script type="application/json" id="ID">
// (Django's json_script), so the page needs no inline script (CSP script-src 'self'). The same
// figures are in the table beside the canvas; the canvas is hidden from screen readers, and stays
// hidden when Chart.js is missing. Animation only when the reader has not asked for reduced motion.
(function () {
  "use strict";
  var TONES = {
    primary: "#5b2a86",
    danger: "#b02a37",
    warning: "#997404",
    info: "#087990",
    success: "#146c43",
    secondary: "#6c757d",
  };
  var ROW_HEIGHT = 30;

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  // Writes each bar's number at its end (or in its middle when stacked), so the chart reads
  // without hovering: a phone has no hover.
  var numbers = {
    id: "sigapNumbers",
    afterDatasetsDraw: function (chart, args, options) {
      var ctx = chart.ctx;
      var horizontal = chart.options.indexAxis === "y";
      ctx.save();
      ctx.font = "12px system-ui, sans-serif";
      chart.data.datasets.forEach(function (dataset, i) {
        var meta = chart.getDatasetMeta(i);
        if (meta.hidden) {
          return;
        }
        meta.data.forEach(function (bar, j) {
          var value = dataset.data[j];
          if (value === null || value === undefined || value === 0) {
            return;
          }
          var text = String(value);
          var width = ctx.measureText(text).width;
          if (options.stacked) {
            var size = horizontal ? Math.abs(bar.x - bar.base) : Math.abs(bar.base - bar.y);
            if (size < width + 6) {
              return;
            }
            ctx.fillStyle = "#fff";
            ctx.textAlign = "center";
            ctx.textBaseline = "middle";
            ctx.fillText(text, horizontal ? (bar.x + bar.base) / 2 : bar.x, horizontal ? bar.y : (bar.y + bar.base) / 2);
          } else {
            ctx.fillStyle = "#212529";
            ctx.textAlign = horizontal ? "left" : "center";
            ctx.textBaseline = horizontal ? "middle" : "bottom";
            ctx.fillText(text, horizontal ? bar.x + 4 : bar.x, horizontal ? bar.y : bar.y - 2);
          }
        });
      });
      ctx.restore();
    },
  };

  function build(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var box = canvas.parentNode;
    var horizontal = data.horizontal;
    if (horizontal) {
      // One row per label: the box grows with the labels instead of squeezing them.
      box.style.height = data.labels.length * ROW_HEIGHT * (data.stacked ? 1 : Math.max(1, data.series.length)) + 48 + "px";
    }
    var many = data.series.length > 1;
    var valueAxis = { beginAtZero: true, stacked: data.stacked, ticks: { precision: 0 }, grace: "10%" };
    var labelAxis = { stacked: data.stacked, ticks: { autoSkip: false } };
    box.hidden = false;
    canvas.sigapChart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series) {
          return {
            label: series.name,
            data: series.values,
            backgroundColor: series.tones.map(function (tone) {
              return TONES[tone] || TONES.primary;
            }),
          };
        }),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: reducedMotion() ? false : { duration: 300 },
        plugins: {
          legend: { display: many, position: "bottom" },
          sigapNumbers: { stacked: data.stacked },
        },
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      },
      plugins: [numbers],
    });
  }

  function draw(root) {
    if (typeof Chart === "undefined") {
      return;
    }
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (!canvas.sigapChart) {
        build(canvas);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw(document);
  });
  // Content swapped in by htmx (a filtered list) brings its own charts.
  document.addEventListener("htmx:afterSettle", function (event) {
    draw(event.target);
  });
})();
