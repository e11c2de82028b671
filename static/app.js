// Demarche: small enhancements only; every page works without this file.
// Served as an external file because the Content-Security-Policy forbids
// inline script.
(function () {
  "use strict";

  // "/" jumps to the search box, as on many sites, unless the reader is
  // typing somewhere already.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    // The search page has one box, its own form's.
    var box = document.getElementById("site-q") || document.getElementById("refine-q");
    if (!box) {
      return;
    }
    event.preventDefault();
    box.focus();
    box.select();
  });
})();
