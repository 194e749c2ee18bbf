// Evidence form (online abuse): an item marked as showing a sexual image can never carry a file, so
// the file input and its confirmation are hidden (and disabled, so nothing is sent) and the note on
// what to record instead is shown. Without this file everything shows, and the server refuses a file
// on such an item all the same.
(function () {
  "use strict";
  function sync(form) {
    var fileBox = form.querySelector("[data-evidence-file]");
    var instead = form.querySelector("[data-evidence-instead]");
    var chosen = form.querySelector("input[name='sexual_content']:checked");
    if (!fileBox || !instead) {
      return;
    }
    var sexual = chosen !== null && chosen.value !== "none";
    fileBox.hidden = sexual;
    instead.hidden = !sexual;
    fileBox.querySelectorAll("input").forEach(function (input) {
      input.disabled = sexual;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("evidence-form");
    if (!form) {
      return;
    }
    sync(form);
    form.addEventListener("change", function (event) {
      if (event.target && event.target.name === "sexual_content") {
        sync(form);
      }
    });
  });
})();
