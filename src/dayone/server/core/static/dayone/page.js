// Behaviour every page shares.
(function () {
  // Filters that apply as soon as they change: <select data-autosubmit> submits its form.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });

  // A button that cannot be used yet stays focusable and says why (aria-disabled, a title and
  // aria-describedby); pressing it does nothing.
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest('[aria-disabled="true"]');
    if (button) event.preventDefault();
  });

  // A table wider than a small screen scrolls inside its box; make it reachable by keyboard.
  function focusableScrolling(root) {
    root.querySelectorAll(".content table").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1 && !table.hasAttribute("tabindex")) {
        table.setAttribute("tabindex", "0");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { focusableScrolling(document); });
  document.addEventListener("htmx:afterSettle", function (event) { focusableScrolling(event.target); });
  window.addEventListener("resize", function () { focusableScrolling(document); });
})();
