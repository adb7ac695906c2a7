/* Collegium: progressive enhancement only; every page works without this file.
 * - forms with data-confirm ask before an irreversible action and then send confirmed=1,
 *   so the server skips its own no-JavaScript confirmation page.
 */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) { return; }
    if (form.querySelector("input[name=confirmed]")) { return; }
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "confirmed";
    input.value = "1";
    form.appendChild(input);
  }, true);
})();
