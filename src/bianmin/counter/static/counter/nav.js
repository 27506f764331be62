// The nav's menus (<details>): one open at a time, closed by a click elsewhere or Escape. Without this
// script the menus still open and close on their own summaries.
(function () {
  "use strict";
  function menus() { return document.querySelectorAll("header.site nav details.menu"); }
  document.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (!opened.matches || !opened.matches("details.menu") || !opened.open) return;
    menus().forEach(function (menu) { if (menu !== opened) menu.open = false; });
  }, true);
  document.addEventListener("click", function (event) {
    menus().forEach(function (menu) { if (menu.open && !menu.contains(event.target)) menu.open = false; });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    menus().forEach(function (menu) {
      if (menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
  });
})();
