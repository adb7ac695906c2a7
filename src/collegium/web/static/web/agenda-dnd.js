/* Collegium: drag-and-drop reordering of the agenda (progressive enhancement; the ↑/↓ buttons
 * work without it). A row carries data-move-url; dropping it sends its new 1-based position to
 * that URL, as the buttons do, and the server answers with the re-rendered agenda (HTMX partial).
 * Listeners are on the document, so the rows swapped in after a move keep working.
 */
(function () {
  "use strict";
  var dragged = null;
  var startIndex = -1;

  function indexOf(row) {
    return Array.prototype.indexOf.call(row.parentNode.querySelectorAll("tr[data-move-url]"), row);
  }

  function csrfToken() {
    var meta = document.querySelector("meta[name=csrf-token]");
    if (meta && meta.content) { return meta.content; }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function rowOf(target) {
    return target instanceof Element ? target.closest("#agenda-block tr[data-move-url]") : null;
  }

  document.addEventListener("dragstart", function (event) {
    var row = rowOf(event.target);
    if (!row) { return; }
    dragged = row;
    startIndex = indexOf(row);
    row.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", row.id);
  });

  document.addEventListener("dragover", function (event) {
    var row = rowOf(event.target);
    if (!dragged || !row || row === dragged || row.parentNode !== dragged.parentNode) { return; }
    event.preventDefault();  // allows the drop
    event.dataTransfer.dropEffect = "move";
    var box = row.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    row.parentNode.insertBefore(dragged, after ? row.nextSibling : row);
  });

  document.addEventListener("dragend", function () {
    // Dropped outside the rows after the preview moved it: put the page back as the server has it.
    if (dragged && indexOf(dragged) !== startIndex) { window.location.reload(); }
    if (dragged) { dragged.classList.remove("dragging"); }
    dragged = null;
  });

  document.addEventListener("drop", function (event) {
    if (!dragged || !rowOf(event.target)) { return; }
    event.preventDefault();
    var row = dragged;
    var position = indexOf(row);
    dragged = null;  // handled here; dragend has nothing left to do
    row.classList.remove("dragging");
    if (position === startIndex) { return; }
    var body = new URLSearchParams();
    body.set("position", String(position + 1));
    var block = document.getElementById("agenda-block");
    fetch(row.dataset.moveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": csrfToken(), "HX-Request": "true",
                "Content-Type": "application/x-www-form-urlencoded"},
      body: body.toString()
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var fresh = holder.querySelector("#agenda-block");
      if (fresh && block) {
        block.replaceWith(fresh);
        if (window.htmx) { window.htmx.process(fresh); }
      }
    }).catch(function () {
      window.location.reload();  // the server's order is the truth; show it
    });
  });
})();
