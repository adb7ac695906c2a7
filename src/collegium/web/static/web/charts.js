/* Draws the Plotly figures whose JSON the page carries in <script id="figures" type="application/json">.
 * Kept in a static file so that a strict Content-Security-Policy needs no inline script. */
(function () {
  "use strict";
  // Plotly's own locale files are not in the Python package; the Russian date and number formats
  // the charts need (month names on the time axis, the decimal comma) are declared here.
  var RU = {
    moduleType: "locale",
    name: "ru",
    dictionary: {},
    format: {
      days: ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"],
      shortDays: ["вс", "пн", "вт", "ср", "чт", "пт", "сб"],
      months: ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
               "октябрь", "ноябрь", "декабрь"],
      shortMonths: ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
      date: "%d.%m.%Y",
      decimal: ",",
      thousands: "\u00a0"
    }
  };
  function draw() {
    var data = document.getElementById("figures");
    if (!data || !window.Plotly) { return; }
    var language = (document.documentElement.lang || "ru").slice(0, 2);
    if (language === "ru") { window.Plotly.register(RU); }
    var figures = JSON.parse(data.textContent);
    document.querySelectorAll("[data-figure]").forEach(function (el) {
      var fig = figures[el.dataset.figure];
      if (!fig) { return; }
      window.Plotly.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false, locale: language});
      el.removeAttribute("aria-hidden");
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
