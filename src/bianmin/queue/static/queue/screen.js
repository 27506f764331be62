/* 叫号屏: asks the display feed every second with the version it holds; the feed answers "unchanged" in one
   query until a number is taken or called. A new call is shown and spoken in Mandarin with the browser's
   speech synthesis. A file, not inline script: the site's Content-Security-Policy forbids inline script. */
(function () {
  "use strict";
  var body = document.body;
  var feed = body.getAttribute("data-feed");
  var version = body.getAttribute("data-version") || "0";
  var words = document.getElementById("qs-words");
  var lastSpoken = null;
  var primed = false;
  var POLL_MS = 1000;

  function text(el, value) { el.textContent = value; }

  function speak(sentence) {
    if (!("speechSynthesis" in window) || !sentence) return;
    var utterance = new SpeechSynthesisUtterance(sentence);
    utterance.lang = "zh-CN";
    utterance.rate = 0.9;
    window.speechSynthesis.speak(utterance);
  }

  function rows(container, items, build) {
    while (container.firstChild) container.removeChild(container.firstChild);
    items.forEach(function (item) { container.appendChild(build(item)); });
  }

  function render(data) {
    rows(document.querySelector("[data-windows]"), data.windows, function (w) {
      var tr = document.createElement("tr");
      var name = document.createElement("td");
      var no = document.createElement("span");
      no.className = "no";
      text(no, String(w.number));
      name.appendChild(no);
      name.appendChild(document.createTextNode(" " + w.name));
      var number = document.createElement("td");
      number.className = "qs-number";
      text(number, w.ticket || "—");
      tr.appendChild(name);
      tr.appendChild(number);
      return tr;
    });
    var calls = data.calls.length ? data.calls : [null];
    rows(document.querySelector("[data-calls]"), calls, function (c) {
      var li = document.createElement("li");
      if (!c) { li.className = "muted"; text(li, words.getAttribute("data-none")); return li; }
      var strong = document.createElement("strong");
      text(strong, c.number);
      li.appendChild(strong);
      li.appendChild(document.createTextNode(" → " + c.window_number + " " + words.getAttribute("data-window")));
      return li;
    });
    rows(document.querySelector("[data-waiting]"), data.waiting, function (k) {
      var li = document.createElement("li");
      var span = document.createElement("span");
      text(span, k.prefix + " " + k.name);
      var strong = document.createElement("strong");
      text(strong, String(k.waiting));
      li.appendChild(span);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(strong);
      return li;
    });
    rows(document.querySelector("[data-ticker]"), data.ticker, function (t) {
      var span = document.createElement("span");
      text(span, t);
      return span;
    });
    var latest = data.calls[0];
    if (latest) {
      text(document.querySelector("[data-latest]"), latest.announcement);
      var key = latest.number + "@" + latest.window_number + "@" + latest.at;
      if (primed && key !== lastSpoken) speak(latest.announcement);
      lastSpoken = key;
    }
    primed = true;
  }

  function tick() {
    var request = new XMLHttpRequest();
    request.open("GET", feed + "?version=" + encodeURIComponent(version));
    request.setRequestHeader("Accept", "application/json");
    request.onload = function () {
      if (request.status === 200) {
        var data = JSON.parse(request.responseText);
        if (data.changed) render(data);
        version = String(data.version);
        body.setAttribute("data-version", version);
      }
      window.setTimeout(tick, POLL_MS);
    };
    request.onerror = function () { window.setTimeout(tick, POLL_MS * 3); };
    request.send();
  }

  function clock() {
    var el = document.querySelector("[data-clock]");
    var now = new Date();
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    if (el) text(el, pad(now.getHours()) + ":" + pad(now.getMinutes()) + ":" + pad(now.getSeconds()));
  }

  // The first answer only sets what is on screen; calls made before the screen opened are not spoken.
  version = "";
  clock();
  window.setInterval(clock, 1000);
  tick();
})();
