// Activity form: indicators offered for the chosen category only, a search box filtering them,
// the chosen indicator's definition shown, and a number or a text field as its kind requires.
// The last option ("None fits: propose ...") shows the fields of the proposed indicator.
(function () {
  "use strict";
  // Texts in the page's language: base.html writes them (ssc_reports.i18n.js_texts).
  var TEXTS = {};
  try {
    TEXTS = JSON.parse((document.getElementById("js-texts") || {}).textContent || "{}");
  } catch (e) { TEXTS = {}; }
  function t(key, fallback) { return TEXTS[key] || fallback; }
  var category = document.getElementById("id_category");

  function fieldWrapper(select, name) {
    return document.getElementById("div_" + select.id.replace(/indicator$/, name));
  }

  function refresh(select) {
    var chosenCategory = category ? category.value : "";
    var query = "";
    var search = select.parentElement.querySelector("[data-indicator-search]");
    if (search) query = search.value.trim().toLowerCase();
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) return;
      if (option.value === "propose") return;
      var okCategory = !chosenCategory || !option.dataset.category || option.dataset.category === chosenCategory;
      var okQuery = !query || option.text.toLowerCase().indexOf(query) !== -1;
      option.hidden = !(okCategory && okQuery);
    });
    var chosen = select.options[select.selectedIndex];
    var kind = chosen && chosen.value ? chosen.dataset.kind : "";
    var proposing = select.value === "propose";
    [fieldWrapper(select, "new_indicator_text"), fieldWrapper(select, "new_indicator_kind")]
      .forEach(function (wrapper) { if (wrapper) wrapper.hidden = !proposing; });
    if (proposing) {
      var row = select.closest("[data-result-row]") || document;
      var checked = row.querySelector("[data-proposal-kind]:checked");
      kind = checked ? checked.value : "quantitative";
    }
    var number = fieldWrapper(select, "value_number");
    var text = fieldWrapper(select, "value_text");
    if (number) number.hidden = kind === "qualitative";
    if (text) text.hidden = kind === "quantitative";
    var definition = select.parentElement.querySelector("[data-indicator-definition]");
    if (definition) {
      var words = chosen && chosen.value ? chosen.dataset.definition : "";
      definition.textContent = words
        ? t("definition", "Definition: %(definition)s").replace("%(definition)s", words)
        : "";
      definition.hidden = !words;
    }
  }

  function enhance(select) {
    if (select.dataset.enhanced) return;
    select.dataset.enhanced = "true";
    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control form-control-sm mb-1";
    search.placeholder = t("searchIndicators", "Search indicators");
    search.setAttribute("aria-label", t("searchIndicators", "Search indicators"));
    search.setAttribute("data-indicator-search", "");
    select.insertAdjacentElement("beforebegin", search);
    var definition = document.createElement("p");
    definition.className = "form-text mb-0";
    definition.setAttribute("data-indicator-definition", "");
    definition.setAttribute("aria-live", "polite");
    definition.hidden = true;
    select.insertAdjacentElement("afterend", definition);
    search.addEventListener("input", function () { refresh(select); });
    select.addEventListener("change", function () { refresh(select); });
    var row = select.closest("[data-result-row]");
    if (row) {
      row.querySelectorAll("[data-proposal-kind]").forEach(function (radio) {
        radio.addEventListener("change", function () { refresh(select); });
      });
    }
    refresh(select);
  }

  function enhanceAll(root) {
    root.querySelectorAll("select[data-indicator]").forEach(enhance);
  }
  enhanceAll(document);
  document.addEventListener("formset:added", function (event) { enhanceAll(event.detail.row); });
  if (category) {
    category.addEventListener("change", function () {
      document.querySelectorAll("select[data-indicator]").forEach(refresh);
    });
  }
})();
