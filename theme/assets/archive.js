// archive-site: a broken image shows its alt text, not a broken box;
// the topics table sorts by a click on its header.
(function () {
  function showAlt(img) {
    if (img.dataset.archiveBroken) return;
    img.dataset.archiveBroken = "1";
    var span = document.createElement("span");
    span.className = "archive-img-broken";
    span.textContent = img.alt || "";
    // The alt text now stands where the picture was; a caption saying the same would repeat it.
    var figure = img.closest("figure");
    var caption = figure && figure.querySelector("figcaption");
    if (caption && caption.textContent.trim() === span.textContent.trim()) caption.hidden = true;
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
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
