// The rich-text editor: a small toolbar (Bold, Italic, Bulleted list, Link) above every
// textarea marked data-richtext ("block", or "inline" for a photo caption), inserting the
// Markdown subset of ssc_reports/richtext.py, and a live preview rendered by the app's own
// renderer (POST to <body data-richtext-preview>). Without JavaScript the textarea works as is.
// No inline script or style (CSP 'self'); text the user sees comes from data-* attributes of
// the textarea, which the server translates.
(function () {
  "use strict";
  var PREVIEW_URL = document.body.dataset.richtextPreview;
  var DELAY = 400;

  function csrfToken(textarea) {
    var form = textarea.form;
    var input = (form && form.querySelector("[name=csrfmiddlewaretoken]")) ||
      document.querySelector("[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function changed(textarea) {
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // Wraps the selection in `mark` (** or *); with nothing selected, inserts `placeholder`
  // wrapped and selects it, so typing replaces it.
  function wrap(textarea, mark, placeholder) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var selected = textarea.value.slice(start, end);
    var text = selected || placeholder;
    textarea.setRangeText(mark + text + mark, start, end, "end");
    textarea.setSelectionRange(start + mark.length, start + mark.length + text.length);
    textarea.focus();
    changed(textarea);
  }

  // Starts every selected line (or the current one) with "- ".
  function list(textarea) {
    var value = textarea.value;
    var start = value.lastIndexOf("\n", textarea.selectionStart - 1) + 1;
    var end = value.indexOf("\n", textarea.selectionEnd);
    if (end === -1) end = value.length;
    var lines = value.slice(start, end).split("\n").map(function (line) {
      return /^\s*[-*+] /.test(line) ? line : "- " + line;
    });
    var block = lines.join("\n");
    // A list needs a blank line before it when it follows a paragraph.
    var before = start > 0 && value.slice(0, start).slice(-2) !== "\n\n" ? "\n" : "";
    textarea.setRangeText(before + block, start, end, "end");
    textarea.focus();
    changed(textarea);
  }

  function link(textarea, words) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var text = textarea.value.slice(start, end) || words;
    var url = "https://";
    textarea.setRangeText("[" + text + "](" + url + ")", start, end, "end");
    var urlStart = start + text.length + 3;
    textarea.setSelectionRange(urlStart, urlStart + url.length);
    textarea.focus();
    changed(textarea);
  }

  function button(label, html, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm btn-outline-secondary";
    b.innerHTML = html;  // fixed markup below, never user text
    b.querySelector("[data-label]").textContent = label;
    b.addEventListener("click", action);
    return b;
  }

  function enhance(textarea) {
    if (textarea.dataset.richtextReady || textarea.disabled || textarea.readOnly) return;
    if (textarea.closest("template")) return;
    textarea.dataset.richtextReady = "1";
    var d = textarea.dataset;
    var inline = d.richtext === "inline";

    var toolbar = document.createElement("div");
    toolbar.className = "richtext-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", d.richtextToolbar || "Formatting");
    toolbar.setAttribute("aria-controls", textarea.id);
    toolbar.append(
      button(d.richtextBold || "Bold", "<strong data-label></strong>", function () {
        wrap(textarea, "**", d.richtextBoldPlaceholder || "bold text");
      }),
      button(d.richtextItalic || "Italic", "<em data-label></em>", function () {
        wrap(textarea, "*", d.richtextItalicPlaceholder || "Genus species");
      })
    );
    if (!inline) {
      toolbar.append(button(d.richtextList || "Bulleted list", "<span data-label></span>", function () {
        list(textarea);
      }));
    }
    toolbar.append(button(d.richtextLink || "Link", "<span data-label></span>", function () {
      link(textarea, d.richtextLinkPlaceholder || "link text");
    }));
    textarea.parentNode.insertBefore(toolbar, textarea);

    // Ctrl/Cmd+B and Ctrl/Cmd+I inside the textarea.
    textarea.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      var key = event.key.toLowerCase();
      if (key === "b") { event.preventDefault(); wrap(textarea, "**", d.richtextBoldPlaceholder || "bold text"); }
      if (key === "i") { event.preventDefault(); wrap(textarea, "*", d.richtextItalicPlaceholder || "Genus species"); }
    });

    if (!PREVIEW_URL) return;
    var box = document.createElement("div");
    box.className = "richtext-preview";
    var title = document.createElement("p");
    title.className = "richtext-preview-label";
    title.id = textarea.id + "-preview-label";
    title.textContent = d.richtextPreviewLabel || "Preview";
    var body = document.createElement("div");
    body.className = "richtext-preview-body";
    body.id = textarea.id + "-preview";
    body.setAttribute("aria-live", "polite");
    body.setAttribute("aria-labelledby", title.id);
    body.setAttribute("role", "region");
    box.append(title, body);
    var after = textarea.nextSibling;
    // After the field's help and error texts, so they stay next to the textarea.
    while (after && after.nodeType === 1 && /(form-text|invalid-feedback)/.test(after.className)) {
      after = after.nextSibling;
    }
    textarea.parentNode.insertBefore(box, after);

    var timer = null, sent = 0, shown = 0;
    function refresh() {
      var ticket = ++sent;
      var data = new FormData();
      data.append("text", textarea.value);
      if (inline) data.append("inline", "1");
      fetch(PREVIEW_URL, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(textarea) }
      }).then(function (response) {
        if (response.status >= 500 || response.status === 403) throw new Error(String(response.status));
        return response.text();
      }).then(function (html) {
        if (ticket < shown) return;  // an older answer arriving late
        shown = ticket;
        // Sanitised by the server's renderer (nh3): only p, em, strong, lists, links, br.
        body.innerHTML = html || "";
      }).catch(function () {
        body.textContent = d.richtextPreviewError || "The preview is not available right now.";
      });
    }
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, DELAY);
    });
    if (textarea.value) refresh();
  }

  function enhanceAll(root) {
    root.querySelectorAll("textarea[data-richtext]").forEach(enhance);
  }
  enhanceAll(document);
  document.addEventListener("formset:added", function (event) {
    enhanceAll(event.detail && event.detail.row ? event.detail.row : document);
  });
})();
