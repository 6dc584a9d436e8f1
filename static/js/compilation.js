// Follows a compilation's progress on its page (templates/network/compilation.html): polls the
// status URL every two seconds and reloads the page when the compilation finishes or stalls.
(function () {
  "use strict";
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
        text.textContent = state.progress_text;
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
