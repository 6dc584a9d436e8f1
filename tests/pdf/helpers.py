"""Text of rendered PDFs. pypdf reads WeasyPrint's content streams in document order, which
keeps the two columns in reading order (poppler's pdftotext guesses an order and may interleave
them)."""

import io
import re

import pypdf

PAGE_NUMBER = re.compile(r"\d+ / \d+")


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return "\f".join(pdf_pages(data))


def flat(text: str) -> str:
    """Whitespace (line and column breaks) collapsed to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def body_text(data: bytes, *, header: str = "") -> str:
    """The flattened text without page numbers, running header, DRAFT watermark and the list
    bullets (drawn apart from their items)."""
    kept = []
    for page in pdf_pages(data):
        for line in page.splitlines():
            stripped = line.strip()
            if PAGE_NUMBER.fullmatch(stripped) or stripped in {"DRAFT", "•", header}:
                continue
            kept.append(line)
    return flat("\n".join(kept))


def assert_in_order(text: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = text.find(needle, position)
        assert found >= 0, f"{needle!r} not found after position {position}: {text[position:]}"
        position = found + len(needle)
