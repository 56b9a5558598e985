// Terbuka: small enhancements; every page works without this file.
// Sortable tables: a table with data-urut gets buttons in its column headers.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) return "";
    var raw = cell.getAttribute("data-nilai");
    return raw !== null ? parseFloat(raw) : cell.textContent.trim().toLowerCase();
  }

  function sortBy(table, index, button) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    // Figures start largest first (who spends most), names from A; a second click turns it.
    var numeric = rows.length > 0 && typeof cellValue(rows[0], index) === "number";
    var previous = button.getAttribute("data-arah");
    var ascending = previous ? previous === "turun" : !numeric;
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      if (typeof x === "number" && typeof y === "number") return ascending ? x - y : y - x;
      return ascending ? String(x).localeCompare(String(y), "id") : String(y).localeCompare(String(x), "id");
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
    button.parentNode.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    button.setAttribute("data-arah", ascending ? "naik" : "turun");
  }

  var sortable = document.querySelectorAll("table[data-urut]");
  // The hint is true only where the buttons exist (and CSS hides it on phones, where
  // the tables become cards without column headers).
  if (sortable.length) {
    document.querySelectorAll(".petunjuk-urut").forEach(function (hint) { hint.hidden = false; });
  }
  sortable.forEach(function (table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "urut";
      button.textContent = th.textContent;
      button.setAttribute("title", "Urutkan menurut " + th.textContent);
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, button); });
    });
  });
})();
