// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Warn before leaving a form with unsaved changes (data-guard-unsaved on the form). Delegated,
  // so forms that htmx swaps in are guarded too.
  document.addEventListener("input", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-guard-unsaved]") : null;
    if (form) { form.setAttribute("data-dirty", ""); }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.matches && event.target.matches("form[data-guard-unsaved]")) {
      event.target.removeAttribute("data-dirty");
    }
  }, true);
  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form[data-guard-unsaved][data-dirty]")) { event.preventDefault(); event.returnValue = ""; }
  });
  // Confirmation prompts (data-confirm="message") without inline script. Delegated, so buttons in
  // parts that htmx loads later ask too.
  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (el && !window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
})();
// Close an open drop-down menu (details.menu) when the user clicks elsewhere or presses Escape.
(function () {
  "use strict";
  function closeMenus(except) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (menu !== except) { menu.removeAttribute("open"); }
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest ? event.target.closest("details.menu") : null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeMenus(null); }
  });
})();
// Forms that save in place with htmx (data-save-in-place): the server answers a refused or invalid
// save (400, 403, 409) with the form, the messages beside the fields and what the user typed, so
// those answers are shown; when the server cannot be reached or fails, nothing is swapped (the
// typed values stay) and the form says it was not saved.
(function () {
  "use strict";
  function saveForm(elt) { return elt && elt.closest ? elt.closest("form[data-save-in-place]") : null; }
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (event.detail.xhr.getResponseHeader("WTS-Keep-Form")) { return; }  // kept in place: drafts.js
    if (saveForm(event.detail.requestConfig && event.detail.requestConfig.elt) && [400, 403, 409].indexOf(status) >= 0) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  function failed(event) {
    var form = saveForm(event.detail.elt);
    if (!form) { return; }
    form.setAttribute("data-dirty", "");  // still unsaved
    var note = form.querySelector(".save-failed");
    if (note) { note.hidden = false; }
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:afterSwap", function (event) {
    var panel = event.detail.target;
    if (!panel || panel.id !== "area-panel") { return; }
    panel = document.getElementById("area-panel");
    var error = panel.querySelector(".has-error input");
    var moved = panel.getAttribute("data-area") !== event.detail.requestConfig.elt.getAttribute("data-area-before");
    if (error) {
      error.focus();
    } else if (moved || !panel.contains(document.activeElement)) {
      var first = panel.querySelector("input.count-input:not([disabled])");
      var notice = panel.querySelector("[role=status], [role=alert]");
      (moved && first ? first : notice || first || panel).focus();
      if (moved) { window.scrollTo(0, 0); }
    }
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = saveForm(event.detail.elt);
    if (!form) { return; }
    var panel = document.getElementById("area-panel");
    form.setAttribute("data-area-before", panel ? panel.getAttribute("data-area") : "");
    var note = form.querySelector(".save-failed");
    if (note) { note.hidden = true; }
    // The last save's message would speak for this save before its answer comes: hide it.
    if (panel) { panel.querySelectorAll(".msg[role=status]").forEach(function (msg) { msg.hidden = true; }); }
  });
})();
