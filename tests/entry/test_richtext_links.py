"""Rich-text links are absolute http(s) or mailto only: relative, protocol-relative and any
other scheme lose their href in the sanitiser (issue 10); the text stays."""

import pytest

from ssc_reports.richtext import render_rich, render_rich_inline

REL = 'rel="noopener noreferrer nofollow"'


@pytest.mark.parametrize(
    "href",
    [
        "https://www.iucn.org/ssc",
        "http://example.org/a?b=c#d",
        "HTTPS://EXAMPLE.ORG",
        "mailto:chair@example.org",
    ],
)
def test_absolute_links_are_kept(href):
    assert render_rich(f"[site]({href})") == f'<p><a href="{href}" {REL}>site</a></p>\n'


@pytest.mark.parametrize(
    "href",
    [
        "x.html",
        "/media/photos/0123456789abcdef0123456789abcdef.png",
        "../media/photos/x.png",
        "?next=/admin/",
        "#top",
        "//evil.example/x",
        "https:evil.example",
        "http:/media/x.png",
        "https:///media/x.png",
        "mailto:",
        "ftp://example.org/file",
    ],
)
@pytest.mark.parametrize("render", [render_rich, render_rich_inline])
def test_other_links_lose_their_href(href, render):
    html = str(render(f"[look]({href})"))

    assert "href" not in html
    assert f"<a {REL}>look</a>" in html


@pytest.mark.parametrize("href", ["javascript:alert(1)", "data:text/html,hi", "vbscript:msgbox"])
def test_script_schemes_stay_plain_text(href):
    assert render_rich(f"[look]({href})") == f"<p>[look]({href})</p>\n"
