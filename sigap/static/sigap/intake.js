// Intake form: show the TPKS offences only when "sexual" is among the forms of violence.
// Without this file every field shows, and the server refuses offences without sexual violence.
(function () {
  "use strict";
  function sync(form) {
    var box = form.querySelector("[data-tpks-offences]");
    var sexual = form.querySelector("input[name='violence_forms'][value='seksual']");
    if (!box || !sexual) {
      return;
    }
    var hasChoice = box.querySelector("input:checked") !== null;
    box.hidden = !sexual.checked && !hasChoice;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("intake-form");
    if (!form) {
      return;
    }
    sync(form);
    form.addEventListener("change", function (event) {
      if (event.target && event.target.name === "violence_forms") {
        sync(form);
      }
    });
  });
})();
