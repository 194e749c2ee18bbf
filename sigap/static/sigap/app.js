// Sigap's small progressive enhancements. Pages work without this file.
(function () {
  "use strict";
  // Submit the language switch at once when the user picks a language.
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "language-select") {
      event.target.form.submit();
    }
  });
})();
