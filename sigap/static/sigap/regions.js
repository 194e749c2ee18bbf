// The region picker's enhancements (see sigap/regions/forms.py). The picker works without this
// file: its "Next" and "Search" buttons submit the form instead.
(function () {
  "use strict";
  var LEVELS = ["province", "regency", "district", "village"];

  // With htmx doing the work, the no-JavaScript buttons are only in the way (and the first of them
  // would otherwise become the form's default button for the Enter key).
  function removeNoJsButtons(root) {
    if (!window.htmx || !root || !root.querySelectorAll) {
      return;
    }
    root.querySelectorAll("[data-region-nojs]").forEach(function (button) {
      button.remove();
    });
  }

  function clearSelect(select) {
    var option = document.createElement("option");
    option.value = "";
    option.textContent = select.dataset.regionEmpty || "";
    select.replaceChildren(option);
  }

  // A new province (or regency, district) makes the choices below it stale. htmx reloads the next
  // level's options; the levels under that are emptied here.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.dataset.regionLevel) {
      return;
    }
    var picker = select.closest("[data-region-picker]");
    var depth = LEVELS.indexOf(select.dataset.regionLevel);
    if (!picker) {
      return;
    }
    picker.querySelectorAll("select[data-region-level]").forEach(function (other) {
      var otherDepth = LEVELS.indexOf(other.dataset.regionLevel);
      if (otherDepth > depth) {
        clearSelect(other);
      }
    });
  });

  // Enter in the search box searches; it must not submit the surrounding form.
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key === "Enter" && input instanceof HTMLInputElement && input.hasAttribute("data-region-search")) {
      event.preventDefault();
      input.dispatchEvent(new Event("search"));
    }
  });

  document.addEventListener("htmx:load", function (event) {
    removeNoJsButtons(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    removeNoJsButtons(document);
  });
})();
