// Draw every Vega-Lite chart on the page, and again in content that htmx swaps in.
(function () {
  function draw(root) {
    if (!window.vegaEmbed) return;
    root.querySelectorAll(".chart-vega:not([data-drawn])").forEach(function (node) {
      var source = document.getElementById(node.dataset.spec);
      if (!source) return;
      node.setAttribute("data-drawn", "1");
      window.vegaEmbed(node, JSON.parse(source.textContent), { actions: false, renderer: "svg" })
        .catch(function (error) { node.textContent = "Chart could not be drawn: " + error.message; });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();
