// Refresh the supervision board's counts without reloading the page: fetch the partial every
// data-poll-seconds (60 by default) and swap it in. One request at a time: the next is scheduled when the
// last has answered; a hidden tab skips its turn; a failed fetch keeps the last counts.
(function () {
  "use strict";
  var box = document.getElementById("supervision-counts");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-poll");
  var seconds = parseFloat(box.getAttribute("data-poll-seconds")) || 60;
  function next() { window.setTimeout(refresh, seconds * 1000); }
  function refresh() {
    if (document.hidden) { next(); return; }
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) { box.innerHTML = html; } })
      .catch(function () {})
      .then(next);
  }
  next();
}());
