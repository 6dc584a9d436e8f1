// The "preparing" page of a report's PDF (templates/reports/pdf_preparing.html): polls the
// status URL every two seconds, shows the progress, and fetches the file when it is ready.
(function () {
  "use strict";
  var box = document.getElementById("report-pdf");
  if (!box || box.dataset.state === "failed") {
    return;
  }
  var bar = document.getElementById("report-pdf-progress");
  var message = document.getElementById("report-pdf-message");
  var ready = document.getElementById("report-pdf-ready");
  function show(state) {
    message.textContent = state.message;
    if (state.state === "running" && state.elapsed !== null) {
      var expected = state.estimate || state.time_limit;
      bar.value = Math.min(95, Math.round((100 * state.elapsed) / expected));
    } else if (state.state === "queued") {
      bar.removeAttribute("value");
    }
  }
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        show(state);
        if (state.ready) {
          bar.value = 100;
          ready.classList.remove("d-none");
          window.location.assign(box.dataset.downloadUrl);
        } else if (state.state === "failed") {
          message.parentNode.classList.add("alert", "alert-danger");
          bar.classList.add("d-none");
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
