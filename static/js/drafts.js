// Nothing lost: long text fields (textarea[data-draft]) keep a draft in localStorage until the
// form is saved; leaving a page with unsaved changes (form[data-warn-unsaved]) asks first.
(function () {
  "use strict";
  // Texts in the page's language: base.html writes them (ssc_reports.i18n.js_texts).
  var TEXTS = {};
  try {
    TEXTS = JSON.parse((document.getElementById("js-texts") || {}).textContent || "{}");
  } catch (e) { TEXTS = {}; }
  function t(key, fallback) { return TEXTS[key] || fallback; }
  var PENDING = "ssc-drafts:pending";
  var saveFailed = document.querySelector("[data-save-failed]") !== null;

  function keyFor(field) {
    return "ssc-draft:" + window.location.pathname + ":" + field.name;
  }
  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }
  var store = storage();

  // After a submit: the save succeeded unless the page shows the form again with errors.
  try {
    var pending = JSON.parse(window.sessionStorage.getItem(PENDING) || "null");
    window.sessionStorage.removeItem(PENDING);
    if (pending && store && !saveFailed) pending.forEach(function (k) { store.removeItem(k); });
  } catch (e) { /* private mode: no drafts */ }

  var fields = Array.prototype.slice.call(document.querySelectorAll("textarea[data-draft]"));
  fields.forEach(function (field) {
    if (!store || field.disabled) return;
    var key = keyFor(field);
    var saved = null;
    try { saved = JSON.parse(store.getItem(key) || "null"); } catch (e) { saved = null; }
    if (saved && typeof saved.value === "string" && saved.value !== field.value && !saveFailed) {
      var original = field.value;
      field.value = saved.value;
      var note = document.createElement("div");
      note.className = "alert alert-info py-2 small mt-1 draft-note";
      note.setAttribute("role", "status");
      // The page's language, English as SSC writes it (30 November 2026, 07:02).
      var lang = document.documentElement.lang || "en";
      var when = new Date(saved.at).toLocaleString(lang === "en" ? "en-GB" : lang, {
        dateStyle: "long", timeStyle: "short"
      });
      note.textContent = t("draftRestored", "Restored your unsaved draft from %(when)s.")
        .replace("%(when)s", when) + " ";
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "btn btn-link btn-sm p-0 align-baseline";
      discard.textContent = t("draftDiscard", "Discard the draft");
      discard.addEventListener("click", function () {
        field.value = original;
        store.removeItem(key);
        note.remove();
      });
      note.appendChild(discard);
      field.insertAdjacentElement("afterend", note);
      markDirty(field.form);
    }
  });

  // Delegated, so rows added later by formset.js keep drafts too.
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!store || !field.matches || !field.matches("textarea[data-draft]")) return;
    try {
      store.setItem(keyFor(field), JSON.stringify({ value: field.value, at: Date.now() }));
    } catch (e) { /* storage full or refused: the server copy is all there is */ }
  });

  // Warn before leaving with unsaved changes.
  var dirty = false;
  function markDirty(form) {
    if (form && form.hasAttribute("data-warn-unsaved")) dirty = true;
  }
  function onEdit(event) {
    // event.target.form also covers fields tied to a form by their form="..." attribute.
    markDirty(event.target && event.target.form);
  }
  document.addEventListener("input", onEdit);
  document.addEventListener("change", onEdit);
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    form.addEventListener("submit", function () {
      dirty = false;
      var keys = Array.prototype.map.call(form.querySelectorAll("textarea[data-draft]"), keyFor);
      try { window.sessionStorage.setItem(PENDING, JSON.stringify(keys)); } catch (e) { /* ignore */ }
    });
  });
  if (saveFailed) {
    dirty = true;
    // Keyboard and screen-reader users land on the first field to correct.
    var invalid = document.querySelector(".is-invalid:not([type=hidden])");
    if (invalid) invalid.focus();
  }
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
