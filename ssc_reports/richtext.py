"""The rich-text subset of `ssc-report/1`: paragraphs, *italic*, **bold**, bulleted lists and
links. One renderer for pages and PDF. Any HTML a user typed is shown as text (markdown-it
escapes it), and the output is sanitised again with nh3 so only the subset's tags survive."""

from functools import lru_cache

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


def _clean(html: str, tags: set[str]) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
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
