"""The rich-text subset of `ssc-report/1`: paragraphs, *italic*, **bold**, bulleted lists and
links. One renderer for pages and PDF. Any HTML a user typed is shown as text (markdown-it
escapes it), and the output is sanitised again with nh3 so only the subset's tags survive."""

from functools import lru_cache
from urllib.parse import urlsplit

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "br"}
INLINE_TAGS = {"em", "strong", "a", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["paragraph", "emphasis", "list", "link", "newline", "escape"])
    return md


def is_absolute_link(href: str) -> bool:
    """Only absolute http(s) links with a host and mailto: links. Relative (`x.html`,
    `/media/...`), protocol-relative (`//host`), scheme-relative (`https:x`) and any other
    scheme are refused, as is anything a browser would read differently (spaces, controls,
    backslashes)."""
    if not href or any(char <= " " or char in "\\\x7f" for char in href):
        return False
    parts = urlsplit(href)
    scheme = parts.scheme.lower()
    if scheme in {"http", "https"}:
        return href[len(scheme) : len(scheme) + 3] == "://" and bool(parts.hostname)
    return scheme == "mailto" and bool(parts.path)


def _only_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    """nh3 attribute filter: drop an `href` that is_absolute_link refuses."""
    if attribute == "href" and not is_absolute_link(value):
        return None
    return value


def _clean(html: str, tags: set[str]) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_only_absolute_links,
        link_rel="noopener noreferrer nofollow",
    )


def render_rich(text: str | None) -> SafeString:
    """Block-level rich text (paragraphs and lists) as safe HTML."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    html = _markdown().render(text)
    return mark_safe(_clean(html, ALLOWED_TAGS))  # noqa: S308 - sanitised by nh3


def render_rich_inline(text: str | None) -> SafeString:
    """Inline rich text (photo captions): italic, bold and links, no paragraphs."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    html = _markdown().renderInline(text)
    return mark_safe(_clean(html, INLINE_TAGS))  # noqa: S308 - sanitised by nh3
