/* Standard forms: show a question only when the answer it depends on is given (data-show-if names
   the field, data-show-values the answers that show it). Without JavaScript every question shows,
   with a hint saying when to answer it, and the server drops what a hidden question received. */
(function () {
  "use strict";
  if (window.sigapFormConditions) {
    return;
  }
  window.sigapFormConditions = true;

  function chosen(root, name) {
    var out = [];
    root.querySelectorAll("[name]").forEach(function (el) {
      if (el.name !== name) {
        return;
      }
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) {
          out.push(el.value);
        }
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.selectedOptions, function (o) {
          if (o.value) {
            out.push(o.value);
          }
        });
      } else if (el.value) {
        out.push(el.value);
      }
    });
    return out;
  }

  function update(root) {
    // A question may depend on one shown later (an organisation's own questions), so settle twice.
    for (var pass = 0; pass < 3; pass += 1) {
      var changed = false;
      root.querySelectorAll("[data-show-if]").forEach(function (box) {
        var target = box.getAttribute("data-show-if");
        var wanted = JSON.parse(box.getAttribute("data-show-values") || "[]");
        var targetBox = root.querySelector('[data-question="' + target + '"]');
        var shown = !(targetBox && targetBox.hidden) && chosen(root, target).some(function (v) {
          return wanted.indexOf(v) !== -1;
        });
        if (box.hidden === shown) {
          box.hidden = !shown;
          changed = true;
        }
      });
      if (!changed) {
        break;
      }
    }
  }

  function setUp(root) {
    root.querySelectorAll("[data-standard-form]").forEach(function (form) {
      if (form.dataset.conditionsReady) {
        return;
      }
      form.dataset.conditionsReady = "1";
      form.querySelectorAll("[data-condition-hint]").forEach(function (hint) {
        hint.hidden = true;
      });
      form.addEventListener("change", function () {
        update(form);
      });
      update(form);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUp(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    setUp(event.target);
  });
})();
