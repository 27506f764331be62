// Live count of a notice template's characters and SMS segments, by the server's rule (notify.kinds.sms_count):
// 【signature】 + the text with the sample values filled in; 70 characters are one SMS, longer texts go in
// parts of 67. The page shows the server's count first; this keeps it current while typing.
(function () {
  "use strict";
  var area = document.querySelector("[data-sms-counter]");
  var sampleNode = document.getElementById("sms-sample");
  if (!area || !sampleNode) return;
  var sample = JSON.parse(sampleNode.textContent);
  var single = parseInt(area.dataset.single, 10);
  var part = parseInt(area.dataset.part, 10);
  var signature = area.dataset.signature ? "【" + area.dataset.signature + "】" : "";
  var characters = document.querySelector("[data-sms-characters]");
  var segments = document.querySelector("[data-sms-segments]");
  function count() {
    var text = signature + area.value.replace(/\{([a-z_]+)\}/g, function (_m, name) {
      return Object.prototype.hasOwnProperty.call(sample, name) ? sample[name] : "";
    });
    var length = Array.from(text).length;
    var n = length === 0 ? 0 : length <= single ? 1 : Math.ceil(length / part);
    characters.textContent = String(length);
    segments.textContent = String(n);
    segments.parentNode.classList.toggle("over", n > 1);
  }
  area.addEventListener("input", count);
  count();
})();
