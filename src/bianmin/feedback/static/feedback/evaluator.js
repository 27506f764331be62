// The evaluator tablet waits for the clerk's 请评价: it asks the server every few seconds which request is
// open for its window and reloads when that changes (a new case to rate, or the request withdrawn).
(function () {
  "use strict";
  var main = document.getElementById("evaluator");
  if (!main) { return; }
  var url = main.getAttribute("data-state-url");
  var shown = main.getAttribute("data-request") || "";
  var every = 3000;
  function check() {
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data === null) { return; }
        var open = data.request === null ? "" : String(data.request);
        if (open !== shown) { window.location.reload(); return; }
        window.setTimeout(check, every);
      })
      .catch(function () { window.setTimeout(check, every * 3); });
  }
  window.setTimeout(check, every);
})();
