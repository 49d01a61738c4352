// Sortable tables, as progressive enhancement: a table marked `data-pf-sortable` works without this
// script (it is served sorted by its first column); with it, each column heading becomes a button that
// sorts the rows by that column, ascending first, then descending, and `aria-sort` says which.
// Cells are compared by their `data-sort` value when they have one (numbers as numbers), else by their
// text; empty values always go last. Re-run on Material's instant navigation (document$).
(function () {
  "use strict";

  function valueOf(row, column, numeric) {
    var cell = row.cells[column];
    var raw = cell ? (cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent) : "";
    raw = raw.trim();
    if (raw === "") return null;
    return numeric ? parseFloat(raw) : raw;
  }

  function compare(a, b, numeric) {
    if (numeric) return a - b;
    return a.localeCompare(b, undefined, { sensitivity: "base", numeric: true });
  }

  function sortBy(table, column, descending) {
    var headings = table.tHead.rows[0].cells;
    var numeric = headings[column].getAttribute("data-kind") === "number";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { row: row, index: index, value: valueOf(row, column, numeric) };
    });
    rows.sort(function (a, b) {
      if (a.value === null || b.value === null) {
        if (a.value === b.value) return a.index - b.index;
        return a.value === null ? 1 : -1;  // unknown values last, whichever the direction
      }
      var order = compare(a.value, b.value, numeric);
      if (order === 0) return a.index - b.index;  // stable: equal rows keep their order
      return descending ? -order : order;
    });
    rows.forEach(function (item) { body.appendChild(item.row); });
    Array.prototype.forEach.call(headings, function (heading, index) {
      if (index === column) heading.setAttribute("aria-sort", descending ? "descending" : "ascending");
      else heading.removeAttribute("aria-sort");
    });
  }

  function enhance(table) {
    if (table.getAttribute("data-pf-sortable-ready") || !table.tHead || !table.tBodies.length) return;
    table.setAttribute("data-pf-sortable-ready", "true");
    var headings = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headings, function (heading, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pf-sort";
      while (heading.firstChild) button.appendChild(heading.firstChild);
      heading.appendChild(button);
      button.addEventListener("click", function () {
        var descending = heading.getAttribute("aria-sort") === "ascending";
        sortBy(table, column, descending);
      });
    });
  }

  function enhanceAll() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-pf-sortable]"), enhance);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhanceAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
