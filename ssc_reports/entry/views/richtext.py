"""The live preview of the rich-text editor (static/js/richtext_editor.js): the text typed in a
rich-text field, rendered by the app's one renderer and sanitiser (`ssc_reports.richtext`),
as the report pages and PDFs will show it. POST only (CSRF), any signed-in user (the site-wide
login), nothing read from or written to the database."""

from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ssc_reports.richtext import render_rich, render_rich_inline, rich_text_problem

# Longer than any rich text of a report (the longest, the projected impact, is a few pages);
# longer texts are not previewed, so a preview never costs more than a few milliseconds.
MAX_PREVIEW_CHARACTERS = 50_000


@never_cache
@require_POST
def richtext_preview(request):
    """POST `text` (and `inline=1` for a photo caption): 200 with the rendered HTML; 413 when
    the text is too long to preview, 422 when the renderer's limits refuse it (the message the
    form would give). Both refusals answer a short HTML paragraph the editor shows as is."""
    text = request.POST.get("text", "")
    if len(text) > MAX_PREVIEW_CHARACTERS:
        message = gettext("The text is too long to preview (more than %(limit)s characters).")
        return _refusal(message % {"limit": f"{MAX_PREVIEW_CHARACTERS:,}"}, status=413)
    problem = rich_text_problem(text)
    if problem:
        return _refusal(gettext("This text cannot be saved: %(problem)s") % {"problem": problem})
    render = render_rich_inline if request.POST.get("inline") == "1" else render_rich
    return HttpResponse(render(text), content_type="text/html; charset=utf-8")


def _refusal(message: str, status: int = 422) -> HttpResponse:
    return HttpResponse(
        format_html('<p class="text-danger mb-0">{}</p>', message),
        content_type="text/html; charset=utf-8",
        status=status,
    )
