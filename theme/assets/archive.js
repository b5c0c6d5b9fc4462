// archive-site: a broken image shows its alt text, or its caption alone, not a broken box;
// the topics table sorts by a click on its header, or by Enter or Space on it.
(function () {
  function showAlt(img) {
    if (img.dataset.archiveBroken) return;
    img.dataset.archiveBroken = "1";
    var figure = img.closest("figure");
    if (!img.alt) {
      // A picture whose caption or headline says what it shows (alt=""): that text stays, alone.
      if (figure && !figure.querySelector("figcaption")) figure.remove(); else img.remove();
      return;
    }
    var span = document.createElement("span");
    span.className = "archive-img-broken";
    span.textContent = img.alt;
    img.replaceWith(span);
  }
  document.addEventListener("error", function (event) {
    if (event.target && event.target.tagName === "IMG") showAlt(event.target);
  }, true);
  document.querySelectorAll("img").forEach(function (img) {
    if (img.complete && img.naturalWidth === 0 && img.getAttribute("src")) showAlt(img);
  });
  document.querySelectorAll(".archive-topics table").forEach(function (table) {
    table.querySelectorAll("th").forEach(function (th, column) {
      th.setAttribute("role", "button");
      th.tabIndex = 0;
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); th.click(); }
      });
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = column === 1;
        var descending = th.dataset.sort !== "desc";
        rows.sort(function (a, b) {
          var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
          var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
          return descending ? -order : order;
        });
        th.dataset.sort = descending ? "desc" : "asc";
        table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
