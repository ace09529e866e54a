// A workshop participant's phone: follow the facilitator's pillar, show the team view link once
// the results are revealed, and turn read-only when the workshop closes. Every 2 seconds it asks
// the state endpoint with If-None-Match; the server answers 304 while nothing changed.
(function () {
  "use strict";

  // The join form: a second tap while the first is on its way would join twice.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form.kk-join-form");
    if (!form) return;
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "true";
  });

  // The page form (the fallback that also saves every answer) sends only the questions touched on
  // this page: an answer changed in another tab meanwhile is not overwritten by a stale page.
  var pageForm = document.getElementById("kk-participant-form");
  if (pageForm) {
    pageForm.addEventListener("change", function (event) {
      var card = event.target.closest(".kk-question");
      if (card) card.dataset.touched = "true";
    });
    pageForm.addEventListener("submit", function () {
      pageForm.querySelectorAll(".kk-question:not([data-touched])").forEach(function (card) {
        card.querySelectorAll("input, textarea, select").forEach(function (field) { field.disabled = true; });
      });
    });
  }

  // Back to this page from the browser's cache: the forms work again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form.kk-join-form").forEach(function (form) { delete form.dataset.sent; });
    if (pageForm && !pageForm.querySelector("fieldset.kk-cards[disabled]")) {
      pageForm.querySelectorAll(".kk-question input, .kk-question textarea").forEach(function (field) {
        field.disabled = false;
      });
    }
  });

  var box = document.getElementById("kk-participate");
  if (!box || !window.fetch) return;
  var url = box.dataset.stateUrl;
  var etag = box.dataset.etag || "";
  var follow = box.dataset.follow === "true";
  var shown = box.dataset.pillar || "";
  var busy = false;
  var leaving = false;

  function saving() {
    return document.querySelector(".kk-question.htmx-request") !== null;
  }

  // Move to the facilitator's pillar once no answer is on its way (a comment being typed is sent
  // first: leaving the field saves it).
  function go(target) {
    leaving = true;
    var active = document.activeElement;
    if (active && active.closest && active.closest(".kk-question")) active.blur();
    var tries = 0;
    (function wait() {
      if (saving() && tries++ < 50) { window.setTimeout(wait, 100); return; }
      window.location.assign(target);
    })();
  }

  function apply(state) {
    var teamBox = box.querySelector("[data-team-box]");
    if (teamBox && state.team_url) {
      teamBox.querySelector("[data-team-link]").href = state.team_url;
      teamBox.hidden = false;
    } else if (teamBox) {
      teamBox.hidden = true;
    }
    var closedBox = box.querySelector("[data-closed-box]");
    if (closedBox) closedBox.hidden = !state.closed;
    if (state.closed) {
      document.querySelectorAll(".kk-cards").forEach(function (fieldset) { fieldset.disabled = true; });
      document.querySelectorAll(".kk-sticky-actions, [data-follow-note]").forEach(function (element) {
        element.hidden = true;
      });
      return;
    }
    if (follow && shown && state.pillar && state.pillar !== shown && state.pillar_url) {
      go(state.pillar_url);
    }
  }

  function poll() {
    if (busy || leaving || document.hidden) return;
    busy = true;
    var headers = { "Accept": "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 200) {
          etag = response.headers.get("ETag") || "";
          return response.json().then(apply);
        }
        if (response.status === 404 || response.status === 429) {
          window.clearInterval(timer);  // the link is gone or refused: stop asking
        }
      })
      .catch(function () { /* offline for a moment: the next tick tries again */ })
      .finally(function () { busy = false; });
  }
  var timer = window.setInterval(poll, parseInt(box.dataset.pollMs, 10) || 2000);
  document.addEventListener("visibilitychange", poll);
})();
