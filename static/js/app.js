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

  // Saving state on question cards while HTMX posts an answer. A save that fails (server error,
  // no connection, time-out) says so and offers to send the same answer again; "Saving…" never
  // stays on screen.
  function saveState(card) {
    return card && card.querySelector ? card.querySelector(".kk-save-state") : null;
  }
  function showNotSaved(card, message) {
    var state = saveState(card);
    if (!state) return;
    state.classList.remove("saved");
    state.classList.add("error");
    state.textContent = "";
    var text = document.createElement("span");
    text.setAttribute("role", "alert");
    text.textContent = message + " ";
    var retry = document.createElement("button");
    retry.type = "button";
    retry.className = "btn btn-link btn-sm p-0 align-baseline kk-retry";
    retry.textContent = document.documentElement.dataset.retryLabel || "↻";
    state.appendChild(text);
    state.appendChild(retry);
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var state = saveState(event.target);
    if (state) {
      state.classList.remove("error");
      state.textContent = state.dataset.savingLabel || "…";
    }
  });
  document.addEventListener("htmx:responseError", function (event) {
    // 422 (a refused answer) is swapped in with its own message; this is everything else.
    showNotSaved(event.target, document.documentElement.dataset.saveFailedMessage || "!");
  });
  function offline(event) {
    showNotSaved(event.target, document.documentElement.dataset.offlineMessage || "!");
  }
  document.addEventListener("htmx:sendError", offline);
  document.addEventListener("htmx:timeout", offline);
  document.addEventListener("click", function (event) {
    var retry = event.target.closest(".kk-retry");
    if (!retry || !window.htmx) return;
    window.htmx.trigger(retry.closest(".kk-question"), "change");
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
        var narrow = (layout.meta && layout.meta.narrow) || {};
        layout.polar.angularaxis.tickfont = { size: narrow.pillar_font || 9, color: "#14213d" };
        // Tick labels smaller than the pillar names and off the data line (reports/charts.py).
        layout.polar.radialaxis = Object.assign({}, layout.polar.radialaxis, narrow.radialaxis || {});
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

// Forms that delete or remove ask first; the question is in the form's data-confirm.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form.kk-confirm");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// The new-assessment form: the workshop's pacing and names only when "live workshop" is chosen.
(function () {
  "use strict";
  function sync(form) {
    var options = form.querySelector(".kk-workshop-options");
    if (!options) return;
    var chosen = form.querySelector('input[name="mode"]:checked');
    options.hidden = !chosen || chosen.value !== options.dataset.mode;
  }
  document.querySelectorAll("form").forEach(sync);
  document.addEventListener("change", function (event) {
    if (event.target.name === "mode" && event.target.form) sync(event.target.form);
  });
})();

// Phones: the pillar tabs scroll sideways in one row; bring the current pillar's tab into view.
(function () {
  "use strict";
  var active = document.querySelector(".kk-pillar-nav .active");
  if (!active) return;
  var nav = active.parentElement;
  if (nav.scrollWidth > nav.clientWidth) nav.scrollLeft = Math.max(0, active.offsetLeft - 16);
})();
