// Refresh the supervision board's counts without reloading the page: fetch the partial every
// data-poll-seconds and swap it in. A failed fetch keeps the last counts.
(function () {
  "use strict";
  var box = document.getElementById("supervision-counts");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-poll");
  var seconds = parseInt(box.getAttribute("data-poll-seconds"), 10) || 60;
  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) { box.innerHTML = html; } })
      .catch(function () {});
  }
  window.setInterval(refresh, seconds * 1000);
}());
