// Adds formset rows from a <template> (Django's empty_form) without touching typed input.
// Markup: <fieldset data-formset="PREFIX"> with [data-formset-list], <template id="PREFIX-template">
// and a [data-formset-add] button; the management form's TOTAL_FORMS is incremented.
(function () {
  "use strict";
  function setup(container) {
    var prefix = container.dataset.formset;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-template");
    var list = container.querySelector("[data-formset-list]");
    var add = container.querySelector("[data-formset-add]");
    if (!total || !template || !list || !add) return;
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      list.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var row = list.lastElementChild;
      var number = row.querySelector("[data-formset-number]");
      if (number) number.textContent = String(index + 1);
      var first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
      row.dispatchEvent(new CustomEvent("formset:added", { bubbles: true, detail: { row: row } }));
      var form = container.closest("form");
      if (form) form.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }
  // A ticked "Delete" box greys its row out, so the removal is visible before saving.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.name || !/-DELETE$/.test(box.name)) return;
    var row = box.closest("[data-formset-row]");
    if (row) row.classList.toggle("formset-row-deleted", box.checked);
  });
  document.querySelectorAll("[data-formset]").forEach(setup);
})();
