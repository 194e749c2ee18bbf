// The Print button of the case summary. Without JavaScript the button stays hidden and the
// browser's own Print command gives the same result (the page has print styles).
(function () {
  "use strict";
  var button = document.getElementById("print-summary");
  if (!button) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
})();
