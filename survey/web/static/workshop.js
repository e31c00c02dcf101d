// The workshop's draft page, enhanced; the page works without this file.
// 1. Each field is saved when it is left; its item says so ("Sparat 14.32") or shows the problem.
// 2. A passage selected in the policy text can be used as a quote or to start a new item.
// 3. A link to an item (the outline, a finding) opens it.
// 4. Only the fields that apply show: to a question's kind of answer, a requirement's own units, a criterion's number.
// 5. Leaving the page while a change is unsaved asks first.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("draft");
    if (!form) { return; }
    var words = form.dataset;
    var queue = Promise.resolve();
    var unsaved = 0;

    function versions(value) {
      document.querySelectorAll('input[name="x-version"]').forEach(function (input) {
        if (value !== undefined) { input.value = value; }
      });
      return form.querySelector('input[name="x-version"]').value;
    }

    function status(item, text, failed) {
      var line = item.querySelector("[data-status]");
      if (!line) { return; }
      line.textContent = text;
      line.classList.toggle("error", Boolean(failed));
    }

    function clearErrors(item) {
      item.querySelectorAll(".error[data-js]").forEach(function (el) { el.remove(); });
      item.querySelectorAll('[aria-invalid="true"]').forEach(function (el) { el.removeAttribute("aria-invalid"); });
    }

    function showErrors(errors) {
      Object.keys(errors).forEach(function (id) {
        var field = document.getElementById(id);
        if (!field) { return; }
        var note = document.createElement("p");
        note.className = "error";
        note.id = id + "-error";
        note.setAttribute("data-js", "");
        note.textContent = errors[id];
        field.parentNode.insertBefore(note, field);
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", note.id);
      });
    }

    function save(item) {
      var key = item.getAttribute("data-item");
      unsaved += 1;
      status(item, words.saving);
      queue = queue.then(function () {
        var data = new FormData(form);
        data.set("x-action", "autosave:" + key);
        data.set("x-version", versions());
        return fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                                   headers: {"X-Requested-With": "fetch"}})
          .then(function (response) {
            return response.json().then(function (body) { return {status: response.status, body: body}; });
          })
          .then(function (answer) {
            clearErrors(item);
            if (answer.body.ok) {
              versions(answer.body.version);
              status(item, answer.body.saved);
            } else if (answer.status === 422) {
              showErrors(answer.body.errors);
              status(item, words.invalid, true);
            } else {
              status(item, answer.body.conflict || words.failed, true);
            }
          })
          .catch(function () { status(item, words.failed, true); })
          .then(function () { unsaved -= 1; });
      });
    }

    form.addEventListener("change", function (event) {
      var item = event.target.closest("details.item");
      if (item) { save(item); }
    });
    form.addEventListener("submit", function () { unsaved = 0; });
    window.addEventListener("beforeunload", function (event) {
      if (unsaved > 0) { event.preventDefault(); event.returnValue = "unsaved"; return "unsaved"; }
    });

    // 2. A selected passage of the policy text.
    var text = document.querySelector(".policy-text .text");
    var box = document.querySelector("[data-selection]");
    var hint = document.querySelector("[data-selection-hint]");
    if (text && box) {
      if (hint) { hint.hidden = false; }
      var take = function () {
        var chosen = window.getSelection();
        var passage = chosen ? chosen.toString().replace(/\s+/g, " ").trim() : "";
        if (passage && text.contains(chosen.anchorNode)) {
          box.querySelector("textarea").value = passage;
          box.hidden = false;
        }
      };
      text.addEventListener("mouseup", take);
      text.addEventListener("keyup", take);
    }

    // 3. Open the item a link points at.
    function openTarget() {
      var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
      var item = target ? target.closest("details") : null;
      if (item) { item.open = true; }
    }
    window.addEventListener("hashchange", openTarget);
    openTarget();

    // 4. Fields for one kind of answer; a requirement's own units.
    function byKind(item) {
      var select = item.querySelector('select[id$="-kind"]');
      if (!select) { return; }
      item.querySelectorAll("[data-for-kinds]").forEach(function (part) {
        part.hidden = part.getAttribute("data-for-kinds").split(" ").indexOf(select.value) === -1;
      });
    }
    function ownTarget(item) {
      var part = item.querySelector("[data-own-target]");
      var inherit = item.querySelector('input[type="radio"][value="section"]');
      if (part && inherit) { part.hidden = inherit.checked; }
    }
    function numbers(item) {
      item.querySelectorAll("fieldset.criterion").forEach(function (criterion) {
        var select = criterion.querySelector("select");
        var number = criterion.querySelector("[data-number]");
        if (select && number) { number.hidden = !/\|(min|max|count)$/.test(select.value); }
      });
    }
    form.querySelectorAll("details.item").forEach(function (item) {
      byKind(item);
      ownTarget(item);
      numbers(item);
      item.addEventListener("change", function () { byKind(item); ownTarget(item); numbers(item); });
    });
  });
}());
