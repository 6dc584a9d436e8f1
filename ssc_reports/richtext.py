"""The rich-text subset of `ssc-report/1`: paragraphs, *italic*, **bold**, bulleted lists and
links. One renderer for pages and PDF. Any HTML a user typed is shown as text (markdown-it
escapes it), and the output is sanitised again with nh3 so only the subset's tags survive."""

import re
from functools import lru_cache
from urllib.parse import urlsplit

import nh3
from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
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


def plain_text(text: str | None, *, with_urls: bool = False) -> str:
    """The text as a reader sees it, without Markdown marks: for CSV and XLSX cells and
    alternative texts. Each paragraph and list item is one line; list items keep "- " (or
    their number, "2. "); a link keeps its words, and with `with_urls` its address after them
    in brackets."""
    if not text:
        return ""
    lines = []
    prefix = ""
    for token in _markdown().parse(text):
        if token.type == "list_item_open":
            prefix = f"{token.info}{token.markup} " if token.info else "- "
        elif token.type == "inline":
            parts = []
            href = None
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append("\n")
                elif child.type == "link_open":
                    href = child.attrGet("href")
                elif child.type == "link_close" and with_urls and href:
                    parts.append(f" ({href})")
            lines.append(prefix + "".join(parts).strip())
            prefix = ""
    return "\n".join(line for line in lines if line)


def plain_text_inline(text: str | None) -> str:
    """plain_text on one line: for an image's alternative text."""
    return " ".join(plain_text(text).split())


class RichTextarea(forms.Textarea):
    """A textarea of rich text. Marked `data-richtext` ("block", or "inline" for a caption):
    static/js/richtext_editor.js gives it a toolbar (Bold, Italic, Bulleted list, Link) that
    types this module's Markdown, and a live preview rendered by `render_rich`. The toolbar's
    words are data attributes, so they are translated here; without JavaScript it is the
    plain textarea."""

    def __init__(self, attrs=None, *, inline=False):
        super().__init__(attrs)
        self.inline = inline

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-richtext": "inline" if self.inline else "block",
                "data-richtext-toolbar": gettext("Formatting"),
                "data-richtext-bold": gettext("Bold"),
                "data-richtext-bold-placeholder": gettext("bold text"),
                "data-richtext-italic": gettext("Italic"),
                "data-richtext-italic-placeholder": gettext("Genus species"),
                "data-richtext-list": gettext("Bulleted list"),
                "data-richtext-link": gettext("Link"),
                "data-richtext-link-placeholder": gettext("link text"),
                "data-richtext-preview-label": gettext("Preview"),
                "data-richtext-preview-error": gettext("The preview is not available now."),
            }
        )
        return context


# --------------------------------------------------------------------------------------------
# Limits: what renders in bounded time.
#
# WeasyPrint lays out a word split into many inline boxes in time that grows with the square
# of their number (measured on the report's PDF, extra seconds over the same report without
# the text: 100 italic marks inside one word 0.1 s, 250: 2.4 s, 500: 6.9 s, 1,000: 29 s,
# 2,000: 80 s); marks between words cost 1.2 to 2.6 ms each (500 in a paragraph: 1.6 s); plain
# text costs little (32,000 characters without a space: not measurable). A word with more
# than a few marks inside it is never meant, nor hundreds of marks in a paragraph or a text.
# Such text is refused where it enters (forms, admin and imports), naming the field.

MAX_MARKS_PER_WORD = 20
MAX_MARKS_PER_PARAGRAPH = 200
MAX_MARKS_PER_TEXT = 300  # under a second of layout, whatever the text's length
_SPACE = re.compile(r"\s")


def rich_text_problem(text: str | None) -> str:
    """Why `text` would not render in bounded time, or "" when it is fine."""
    if not text or "*" not in text and "[" not in text and "_" not in text:
        return ""
    in_text = 0
    for token in _markdown().parse(text):
        if token.type != "inline":
            continue
        in_paragraph = in_word = worst_word = 0
        for child in token.children or []:
            if child.type.endswith("_open"):
                in_text += 1
                in_paragraph += 1
                in_word += 1
                worst_word = max(worst_word, in_word)
            elif child.type in ("softbreak", "hardbreak") or (
                child.type == "text" and _SPACE.search(child.content)
            ):
                in_word = 0
        if worst_word > MAX_MARKS_PER_WORD:
            return _(
                "a word has %(count)d italic, bold or link marks inside it (at most "
                "%(limit)d); the PDF could not be made from it in reasonable time. "
                "Put spaces between the marked words, or mark a whole word once."
            ) % {"count": worst_word, "limit": MAX_MARKS_PER_WORD}
        if in_paragraph > MAX_MARKS_PER_PARAGRAPH:
            return _(
                "a paragraph has %(count)d italic, bold or link marks (at most %(limit)d). "
                "Split it into several paragraphs, or mark less."
            ) % {"count": in_paragraph, "limit": MAX_MARKS_PER_PARAGRAPH}
    if in_text > MAX_MARKS_PER_TEXT:
        return _(
            "the text has %(count)d italic, bold or link marks (at most %(limit)d). "
            "Mark less of it."
        ) % {"count": in_text, "limit": MAX_MARKS_PER_TEXT}
    return ""


# The labels the models give RichTextLimits, for makemessages (translated when the message is).
FIELD_LABELS = (
    gettext_noop("Mission"),
    gettext_noop("Projected impact"),
    gettext_noop("Acknowledgements"),
    gettext_noop("Caption"),
    gettext_noop("Result description"),
    gettext_noop("Introduction"),
)


@deconstructible
class RichTextLimits:
    """Model-field validator: refuses rich text beyond the limits above, naming the field."""

    def __init__(self, label: str):
        self.label = label

    def __call__(self, value):
        problem = rich_text_problem(value)
        if problem:
            raise ValidationError(
                _("%(field)s: %(problem)s") % {"field": _(self.label), "problem": problem},
                code="rich_text_limits",
            )

    def __eq__(self, other):
        return isinstance(other, RichTextLimits) and other.label == self.label
