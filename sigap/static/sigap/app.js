// Sigap's small progressive enhancements. Pages work without this file.
(function () {
  "use strict";
  // Submit the language switch at once when the user picks a language.
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "language-select") {
      event.target.form.submit();
    }
  });
  // "Go back" on error pages: the browser's own back keeps what the user typed into the form.
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest && event.target.closest("[data-sigap-back]");
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
