// Live parts of the workshop pages: every 2 seconds ask whether anything changed (If-None-Match);
// the server answers 304 when not, or the new fragment with its ETag.
(function () {
  "use strict";
  var box = document.getElementById("kk-live");
  if (!box || !window.fetch) return;
  var url = box.dataset.liveUrl;
  var etag = box.dataset.etag || "";
  var busy = false;

  function poll() {
    if (busy || document.hidden) return;
    busy = true;
    var headers = { "X-Requested-With": "fetch" };
    if (etag) headers["If-None-Match"] = etag;
    fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 200) {
          etag = response.headers.get("ETag") || "";
          return response.text().then(function (html) {
            box.innerHTML = html;
            box.dataset.etag = etag;
            box.dispatchEvent(new CustomEvent("kk:updated", { bubbles: true }));
          });
        }
        if (response.status === 403 || response.status === 404) {
          window.clearInterval(timer);  // signed out or gone: stop asking
        }
      })
      .catch(function () { /* offline for a moment: the next tick tries again */ })
      .finally(function () { busy = false; });
  }
  var timer = window.setInterval(poll, 1000);
  document.addEventListener("visibilitychange", poll);
})();
