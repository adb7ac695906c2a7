/* Draws the Plotly figures whose JSON the page carries in <script id="figures" type="application/json">.
 * Kept in a static file so that a strict Content-Security-Policy needs no inline script. */
(function () {
  "use strict";
  function draw() {
    var data = document.getElementById("figures");
    if (!data || !window.Plotly) { return; }
    var figures = JSON.parse(data.textContent);
    document.querySelectorAll("[data-figure]").forEach(function (el) {
      var fig = figures[el.dataset.figure];
      if (!fig) { return; }
      window.Plotly.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false});
      el.removeAttribute("aria-hidden");
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
