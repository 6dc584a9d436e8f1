// Follows a compilation's progress on its page (templates/network/compilation.html): polls the
// status URL every two seconds and reloads the page when the compilation finishes or stalls.
(function () {
  "use strict";
  // Texts in the page's language: base.html writes them (ssc_reports.i18n.js_texts).
  var TEXTS = {};
  try {
    TEXTS = JSON.parse((document.getElementById("js-texts") || {}).textContent || "{}");
  } catch (e) { TEXTS = {}; }
  function t(key, fallback) { return TEXTS[key] || fallback; }
  var box = document.getElementById("compilation");
  if (!box || box.dataset.finished === "true") {
    return;
  }
  var url = box.dataset.statusUrl;
  var bar = document.getElementById("compilation-progress");
  var text = document.getElementById("compilation-progress-text");
  var status = document.getElementById("compilation-status");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        bar.max = state.total || 1;
        bar.value = state.done;
        text.textContent = t("groupsDone", "%(done)s of %(total)s groups done")
          .replace("%(done)s", state.done).replace("%(total)s", state.total);
        status.textContent = state.status_label;
        if (state.finished || state.stalled) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
