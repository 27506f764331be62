// 适老化: switch large text in place (same cookie as the /large-text/ view), so the page does not reload
// and the citizen keeps their place. Without JavaScript the form posts to the view instead.
(function () {
  "use strict";
  var YEAR = 365 * 24 * 3600;

  function apply(form, on) {
    document.body.classList.toggle("large-text", on);
    var button = form.querySelector("button");
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
    var value = form.querySelector("input[name=large_text]");
    if (value) value.value = on ? "0" : "1";
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-large-text]")) return;
    event.preventDefault();
    var on = !document.body.classList.contains("large-text");
    document.cookie = on
      ? "large_text=1; path=/; max-age=" + YEAR + "; samesite=lax"
      : "large_text=; path=/; max-age=0; samesite=lax";
    apply(form, on);
  });
})();
