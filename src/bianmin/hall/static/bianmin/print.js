/* Print buttons ([data-print]): from a file, not an onclick attribute, so the Content-Security-Policy can
   forbid inline script. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });
})();
