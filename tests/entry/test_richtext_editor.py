"""The rich-text editor's server side: the preview endpoint (the app's own renderer, POST
only, CSRF, size-limited, no write), the plain text of exports and alternative texts, and the
data attributes that static/js/richtext_editor.js reads from every rich-text field."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ssc_reports.entry.views.richtext import MAX_PREVIEW_CHARACTERS
from ssc_reports.richtext import MAX_MARKS_PER_WORD, plain_text, plain_text_inline

PREVIEW = "/richtext/preview/"


def test_preview_url_is_the_named_route():
    assert reverse("richtext_preview") == PREVIEW


def test_preview_renders_with_the_apps_renderer_and_writes_nothing(client, officer):
    client.force_login(officer)
    text = (
        "*Ursus arctos* and **bold**\n\n- one\n- [two](https://example.org)\n\n<script>x</script>"
    )

    with CaptureQueriesContext(connection) as queries:
        response = client.post(PREVIEW, {"text": text})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content.decode() == (
        "<p><em>Ursus arctos</em> and <strong>bold</strong></p>\n"
        '<ul>\n<li>one</li>\n<li><a href="https://example.org" rel="noopener noreferrer nofollow">'
        "two</a></li>\n</ul>\n<p>&lt;script&gt;x&lt;/script&gt;</p>\n"
    )
    assert "no-cache" in response["Cache-Control"]
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SELECT")]
    assert writes == []


def test_preview_inline_for_a_caption_has_no_paragraph(client, staff_user):
    client.force_login(staff_user)

    response = client.post(PREVIEW, {"text": "A *Microtus* vole", "inline": "1"})

    assert response.content.decode() == "A <em>Microtus</em> vole"


def test_preview_refuses_a_text_too_long_to_preview(client, officer):
    client.force_login(officer)

    response = client.post(PREVIEW, {"text": "a" * (MAX_PREVIEW_CHARACTERS + 1)})

    assert response.status_code == 413
    assert response.content.decode() == (
        '<p class="text-danger mb-0">The text is too long to preview (more than 50,000 '
        "characters).</p>"
    )


def test_preview_tells_why_the_limits_refuse_a_text(client, officer):
    client.force_login(officer)
    word = "*a*b" * MAX_MARKS_PER_WORD + "*c*"

    response = client.post(PREVIEW, {"text": word})

    assert response.status_code == 422
    assert response.content.decode().startswith(
        '<p class="text-danger mb-0">This text cannot be saved: a word has 21 italic, bold or '
        "link marks inside it"
    )


def test_preview_needs_the_csrf_token(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)

    assert client.post(PREVIEW, {"text": "*x*"}).status_code == 403


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("Plain words.", "Plain words."),
        ("*Ursus* and **bold** and \\*literal\\*", "Ursus and bold and *literal*"),
        ("First.\n\nSecond\nline.", "First.\nSecond\nline."),
        ("- one\n- two\n\n3. three\n4. four", "- one\n- two\n3. three\n4. four"),
        ("<b>html</b> stays text & so", "<b>html</b> stays text & so"),
        ("=1+1", "=1+1"),
    ],
)
def test_plain_text_drops_markdown_marks(text, expected):
    assert plain_text(text) == expected


def test_plain_text_keeps_link_words_and_optionally_their_address():
    text = "See [the site](https://example.org/a) now"

    assert plain_text(text) == "See the site now"
    assert plain_text(text, with_urls=True) == "See the site (https://example.org/a) now"
    assert plain_text_inline("A *Microtus*\nvole, **2024**") == "A Microtus vole, 2024"


def test_rich_text_fields_carry_the_editor_attributes(client, officer, report):
    client.force_login(officer)
    base = f"/reports/{report.group.acronym}/{report.period.label}"

    pages = {
        "impact": client.get(f"{base}/impact/").content.decode(),
        "group": client.get(f"{base}/group/").content.decode(),
        "photos": client.get(f"{base}/photos/").content.decode(),
    }

    assert 'data-richtext="block"' in pages["impact"]
    assert 'data-richtext-bold="Bold"' in pages["impact"]
    assert 'data-richtext-italic="Italic"' in pages["impact"]
    assert 'data-richtext-list="Bulleted list"' in pages["impact"]
    assert 'data-richtext-link="Link"' in pages["impact"]
    assert pages["group"].count('data-richtext="block"') == 1  # the mission
    assert pages["photos"].count('data-richtext="inline"') == 1  # the caption
    assert f'data-richtext-preview="{PREVIEW}"' in pages["impact"]
    assert '<script src="/static/js/richtext_editor.js"></script>' in pages["impact"]
