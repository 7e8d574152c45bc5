// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Warn before leaving a form with unsaved changes (data-guard-unsaved on the form).
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-guard-unsaved]").forEach(function (form) {
      var dirty = false;
      form.addEventListener("input", function () { dirty = true; });
      form.addEventListener("submit", function () { dirty = false; });
      window.addEventListener("beforeunload", function (event) {
        if (dirty) { event.preventDefault(); event.returnValue = ""; }
      });
    });
    // Confirmation prompts (data-confirm="message") without inline script.
    document.querySelectorAll("[data-confirm]").forEach(function (el) {
      el.addEventListener("click", function (event) {
        if (!window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  });
})();
