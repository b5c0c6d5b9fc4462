// archive-site: a broken image shows its alt text, or its caption alone, not a broken box;
// the topics table sorts by its headers' buttons.
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
  // Each header holds a button (a button in the place of a header lost the cells their header, and
  // aria-sort is the header's). The table comes sorted by the number of articles, most first; a click
  // sorts by the column, a second click the other way; names start from A, numbers from the most.
  // Material's search reads the box on each key let go: text that comes without one (an input method's,
  // pasted from a menu, dictated) searched nothing until a key was pressed. Each change of the text is told
  // as one (a key's own is read once: Material searches a text only when it changed).
  var box = document.querySelector("input.md-search__input");
  if (box) {
    box.addEventListener("input", function () {
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    });
  }
  // On a narrow screen Material's menu button, which opens the navigation drawer, is a label: Tab passed it
  // by, and a screen reader named it nothing. A button here: reached by Tab, opened with Enter (Material clicks
  // a label in focus on Enter itself) or Space, the focus then on the drawer's first link.
  var menu = document.querySelector('label.md-header__button[for="__drawer"]');
  var drawer = document.getElementById("__drawer");
  if (menu && drawer) {
    menu.setAttribute("role", "button");
    menu.setAttribute("tabindex", "0");
    menu.setAttribute("aria-label", "Navigation");
    menu.addEventListener("keydown", function (event) {
      if (event.key !== " ") return;
      event.preventDefault();
      menu.click();
    });
    drawer.addEventListener("change", function () {
      if (!drawer.checked || document.activeElement !== menu) return;
      var first = document.querySelector(".md-sidebar--primary .md-nav__link[href]");
      if (first && first.offsetParent !== null) first.focus();
    });
  }
  document.querySelectorAll(".archive-topics table").forEach(function (table) {
    var headers = Array.prototype.slice.call(table.querySelectorAll("th"));
    headers.forEach(function (th, column) {
      var numeric = column === 1;
      if (numeric) th.setAttribute("aria-sort", "descending");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent.trim();
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var current = th.getAttribute("aria-sort");
        var descending = current ? current === "ascending" : numeric;
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
          var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
          return descending ? -order : order;
        });
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
