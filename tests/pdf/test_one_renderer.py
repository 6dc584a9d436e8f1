"""One renderer for report text: the preview, the review page and the PDF show the SMSG
report's results and rich texts identically (the same words in the same order)."""

import re
from html.parser import HTMLParser

import pytest
from django.utils.html import strip_tags

from activities.models import Result
from ssc_reports.pdf.render import render_report_html
from ssc_reports.richtext import render_rich
from tests import factories


class _Results(HTMLParser):
    """Text of every element carrying data-result, by result id."""

    def __init__(self):
        super().__init__()
        self.results: dict[str, list[str]] = {}
        self._stack: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "hr", "meta", "link", "input"}:
            if tag == "br" and self._current():
                self.results[self._current()].append(" ")
            return
        result = dict(attrs).get("data-result")
        self._stack.append(result or self._current())
        if tag in {"p", "li", "div"} and self._current():
            self.results.setdefault(self._current(), []).append(" ")

    def handle_endtag(self, tag):
        if tag in {"br", "img", "hr", "meta", "link", "input"}:
            return
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if self._current():
            self.results.setdefault(self._current(), []).append(data)

    def _current(self):
        return self._stack[-1] if self._stack else None


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _results(html: str) -> dict[str, str]:
    parser = _Results()
    parser.feed(html)
    return {pk: _words("".join(parts)) for pk, parts in parser.results.items()}


def _text(html: str) -> str:
    return _words(strip_tags(re.sub(r"<(p|li|br|div|h\d)[ >/]", r" \g<0>", html)))


@pytest.fixture(autouse=True)
def _reference_data(db):
    """A transactional test run earlier in the same worker empties the reference data of the
    migrations; the SMSG import needs it (idempotent)."""
    from django.apps import apps

    from ssc_reports.reference import load_reference_data

    load_reference_data(apps)


@pytest.fixture
def three_renderings(client, smsg_report, staff_user):
    officer = factories.make_member(group=smsg_report.group)
    client.force_login(officer)
    preview = client.get("/reports/SMSG/2024-2025/preview/").content.decode()
    client.force_login(staff_user)
    review = client.get("/staff/review/SMSG/2024-2025/").content.decode()
    pdf = render_report_html(smsg_report)
    return {"preview": preview, "review page": review, "PDF": pdf}


def test_smsg_results_read_the_same_in_preview_review_page_and_pdf(smsg_report, three_renderings):
    results = list(Result.objects.filter(activity__report=smsg_report))
    with_lists = [r for r in results if "\n- " in r.description or "\n* " in r.description]
    assert with_lists, "the SMSG report has result descriptions with Markdown lists"
    rendered = {name: _results(html) for name, html in three_renderings.items()}

    for name, by_result in rendered.items():
        assert sorted(by_result) == sorted(str(r.pk) for r in results), name
    for result in results:
        texts = {name: by_result[str(result.pk)] for name, by_result in rendered.items()}
        assert len(set(texts.values())) == 1, texts
        assert " - " not in texts["PDF"]  # lists rendered as lists, no literal markers
        assert f"{result.indicator.text}: {result.display_value} " in texts["PDF"] + " "


def test_smsg_rich_texts_read_the_same_in_preview_review_page_and_pdf(
    smsg_report, three_renderings
):
    group = smsg_report.group
    texts = {name: _text(html) for name, html in three_renderings.items()}

    for rich in (group.mission, smsg_report.projected_impact, smsg_report.acknowledgements):
        expected = _text(str(render_rich(rich)))
        assert expected
        for name, text in texts.items():
            assert expected in text, name
