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
    var ascending = button.getAttribute("data-arah") !== "naik";
    var rows = Array.prototype.slice.call(body.rows);
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

  document.querySelectorAll("table[data-urut]").forEach(function (table) {
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
