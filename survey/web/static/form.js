// Progressive enhancement only: every page works without this file.
// 1. Follow-up questions are hidden until their condition holds.
// 2. Long-text fields count characters against their limit.
// 3. Leaving a page with changed answers asks first.
// 4. An exclusive choice cannot stay ticked together with another.
(function () {
  "use strict";

  function valueOf(form, name, control) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    var value = null;
    inputs.forEach(function (input) {
      if (input.type === "radio") { if (input.checked) { value = input.value; } }
      else if (input.value.trim() !== "") { value = input.value.trim(); }
    });
    if (value === null) { return null; }
    if (control === "boolean") { return value === "ja" ? true : value === "nej" ? false : value; }
    if (control === "integer" || control === "number") {
      var number = Number(value.replace(/\s/g, "").replace(",", "."));
      return isNaN(number) ? null : number;
    }
    return value;
  }

  // Whether a rule's `if` holds on the answer (as JSON Schema: unanswered fails only when
  // the `if` requires the answer); `negate` for a follow-up asked when it fails (`else`).
  function meets(value, rule) {
    if (value === null) { return !rule.needs; }
    if ("const" in rule) { return value === rule.const; }
    if ("enum" in rule) { return rule.enum.indexOf(value) !== -1; }
    if (typeof value !== "number") { return true; }
    if ("minimum" in rule) { return value >= rule.minimum; }
    if ("maximum" in rule) { return value <= rule.maximum; }
    return true;
  }

  function holds(form, rule) {
    var met = meets(valueOf(form, rule.field, rule.control), rule);
    return rule.negate ? !met : met;
  }

  function update(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (wrap) {
      var rules = JSON.parse(wrap.getAttribute("data-show-if"));
      var shown = rules.some(function (rule) { return holds(form, rule); });
      var hasError = wrap.classList.contains("has-error");
      wrap.hidden = !shown && !hasError;
    });
  }

  function count(area, output) {
    var max = Number(area.getAttribute("data-max"));
    var used = area.value.replace(/\r\n/g, "\n").length;
    output.textContent = output.getAttribute("data-template").replace("{used}", used).replace("{max}", max);
    output.classList.toggle("over", used > max);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form").forEach(function (form) {
      if (!form.querySelector("[data-show-if]")) { return; }
      form.querySelectorAll("[data-show-if] .when").forEach(function (note) { note.classList.add("visually-hidden"); });
      update(form);
      form.addEventListener("change", function () { update(form); });
      form.addEventListener("input", function () { update(form); });
    });
    document.querySelectorAll("textarea[data-max]").forEach(function (area) {
      var output = document.querySelector('[data-count-for="' + area.id + '"]');
      if (!output) { return; }
      count(area, output);
      area.addEventListener("input", function () { count(area, output); });
    });
  });
}());

// 4. An exclusive choice ("Ingen", "Vet ej") unticks the others, and another choice unticks it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("fieldset[data-exclusive]").forEach(function (group) {
      var exclusive = JSON.parse(group.getAttribute("data-exclusive"));
      group.addEventListener("change", function (event) {
        var box = event.target;
        if (box.type !== "checkbox" || !box.checked || box.name !== group.getAttribute("data-name")) { return; }
        var alone = exclusive.indexOf(box.value) !== -1;
        group.querySelectorAll('input[type="checkbox"]').forEach(function (other) {
          if (other.name !== box.name) { return; }
          if (other !== box && other.checked && (alone || exclusive.indexOf(other.value) !== -1)) {
            other.checked = false;
          }
        });
      });
    });
  });
}());

// 3. Leaving a page with changed answers asks first; saving does not.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-keep]").forEach(function (form) {
      var changed = false;
      form.addEventListener("input", function () { changed = true; });
      form.addEventListener("change", function () { changed = true; });
      form.addEventListener("submit", function () { changed = false; });
      window.addEventListener("beforeunload", function (event) {
        if (changed) { event.preventDefault(); event.returnValue = "unsaved"; return "unsaved"; }
      });
    });
  });
}());
