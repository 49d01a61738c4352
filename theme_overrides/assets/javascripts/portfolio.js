/* An author page's filter by publication type: progressive enhancement. Without this script every paper is
   listed by year and the "By type" line gives the counts; with it, buttons show only the papers of one type. */
(function () {
  "use strict";

  function setUp(filter) {
    var page = filter.closest(".pf-page");
    if (!page) return;
    var buttons = Array.prototype.slice.call(filter.querySelectorAll("button[data-type]"));
    function show(type) {
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.getAttribute("data-type") === type));
      });
      page.querySelectorAll(".pf-year .pf-paper").forEach(function (item) {
        item.hidden = type !== "" && item.getAttribute("data-type") !== type;
      });
      page.querySelectorAll(".pf-year").forEach(function (section) {
        section.hidden = !section.querySelector(".pf-paper:not([hidden])");
      });
    }
    buttons.forEach(function (button) {
      button.addEventListener("click", function () { show(button.getAttribute("data-type")); });
    });
    filter.hidden = false;
  }

  function start() {
    document.querySelectorAll("[data-pf-type-filter]").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
