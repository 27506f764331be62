/* Case page: print the freshly issued notice from its preview frame. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print-frame]").forEach(function (button) {
      button.addEventListener("click", function () {
        var frame = document.getElementById(button.getAttribute("data-print-frame"));
        if (frame && frame.contentWindow) { frame.contentWindow.focus(); frame.contentWindow.print(); }
      });
    });
    var fresh = document.getElementById("new-notice");
    if (fresh) fresh.focus();
  });
})();
