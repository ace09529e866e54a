// Kundenkompass: small progressive enhancements; every page also works without them.
(function () {
  "use strict";

  // Copy buttons: <button data-copy-target="#input" data-copied-label="Copied">
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) return;
    var input = document.querySelector(button.dataset.copyTarget);
    if (!input) return;
    var label = button.textContent;
    var done = function () {
      button.textContent = button.dataset.copiedLabel || label;
      setTimeout(function () { button.textContent = label; }, 2000);
    };
    input.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });

  // Saving state on question cards while HTMX posts an answer.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var state = event.target.querySelector && event.target.querySelector(".kk-save-state");
    if (state) { state.textContent = state.dataset.savingLabel || "…"; }
  });
  document.addEventListener("htmx:sendError", function (event) {
    var state = event.target.querySelector && event.target.querySelector(".kk-save-state");
    if (state) {
      state.classList.add("error");
      state.textContent = document.documentElement.dataset.offlineMessage || "!";
    }
  });

  function wrap(text, width) {
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) lines.push(line);
    return lines.join("<br>");
  }

  // Radar charts: <div data-radar="id-of-json-script">, drawn by the plotly.js the app serves.
  function drawRadars() {
    if (!window.Plotly) return;
    document.querySelectorAll("[data-radar]").forEach(function (element) {
      var source = document.getElementById(element.dataset.radar);
      if (!source) return;
      var figure = JSON.parse(JSON.parse(source.textContent));
      var layout = Object.assign({}, figure.layout, { autosize: true });
      delete layout.width;
      delete layout.height;
      if (window.matchMedia("(max-width: 575.98px)").matches) {
        // Narrow screens: shorter label lines and room for them beside the chart.
        figure.data.forEach(function (trace) {
          trace.theta = trace.theta.map(function (label) { return wrap(label.replace(/<br>/g, " "), 11); });
        });
        layout.margin = { l: 84, r: 84, t: 40, b: 40 };
        layout.polar.angularaxis.tickfont = { size: 9, color: "#14213d" };
      }
      window.Plotly.newPlot(element, figure.data, layout, {
        responsive: true, displaylogo: false, displayModeBar: false,
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawRadars);
  } else {
    drawRadars();
  }
})();
