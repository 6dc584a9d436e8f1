"""The stand-alone report is a tagged, accessible PDF (PDF/UA-1): structure tree, language,
title, alternative texts, and the DRAFT mark, running header and page numbers as artifacts."""

import io
import re

import pikepdf
import pytest

from ssc_reports.models import Report
from ssc_reports.pdf.render import render_report_pdf
from tests import factories
from tests.pdf.helpers import flat, pdf_pages
from tests.pdf.pdfua import pdfua_problems, structure_elements, structure_text

NAME = "IUCN SSC Small Mammal Specialist Group"


@pytest.fixture
def smsg_pdf(smsg_report):
    return render_report_pdf(smsg_report)  # a draft: DRAFT mark on every page


def figures(data):
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [
            str(element.get("/Alt", ""))
            for element in structure_elements(pdf.Root.StructTreeRoot)
            if element.S == "/Figure"
        ]


def test_standalone_pdf_passes_the_pdfua_checks(smsg_pdf):
    assert pdfua_problems(smsg_pdf) == []


def test_standalone_pdf_is_tagged_with_language_title_and_pdfua_identification(smsg_pdf):
    with pikepdf.open(io.BytesIO(smsg_pdf)) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title) == f"{NAME} \u2013 2024-2025 Report"
        metadata = pdf.open_metadata()
        assert metadata["pdfuaid:part"] == "1"
        assert metadata["dc:title"] == f"{NAME} \u2013 2024-2025 Report"
        kinds = [str(e.S) for e in structure_elements(pdf.Root.StructTreeRoot)]
    assert kinds[0] == "/Document"
    headings = [k for k in kinds if re.fullmatch(r"/H\d", k)]
    assert headings[:3] == ["/H1", "/H2", "/H2"] and "/H3" in headings and "/H4" in headings


def test_standalone_pdf_every_figure_has_its_alternative_text(smsg_pdf):
    alts = figures(smsg_pdf)
    assert alts[:3] == [
        "Photo of Ros Kennerley",
        "Photo of Tom Lacher",
        f"Logo of {NAME}",
    ]
    # The two photos by their captions (plain text), then the chart by its figures.
    assert alts[3].startswith("SMSG receiving an award from the SSC Chair")
    assert alts[4] == "Santa Catarina Guinea Pig (Cavia intermedia)"
    assert alts[5] == (
        "Targets by status: 1 (8%) not initiated, 7 (59%) on track, 4 (33%) achieved"
    )
    assert len(alts) == 6


def test_standalone_pdf_photo_without_caption_is_described_by_its_credit(report):
    photo = factories.make_photo(report=report, caption="", credit="Ann Smith")
    assert photo.pk
    assert "Photo by Ann Smith" in figures(render_report_pdf(report))


def test_draft_mark_is_an_artifact_not_text_of_the_structure_tree(smsg_pdf):
    pages = pdf_pages(smsg_pdf)
    assert all("DRAFT" in page for page in pages)  # drawn on every page
    tagged = structure_text(smsg_pdf)
    assert "DRAFT" not in tagged
    assert "Mission statement" in tagged


def test_running_header_and_page_numbers_are_artifacts(smsg_pdf):
    pages = pdf_pages(smsg_pdf)
    assert re.search(r"\b1 / 4\b", pages[0]) and re.search(r"\b4 / 4\b", pages[3])
    tagged = structure_text(smsg_pdf).split("\f")
    assert not any(re.search(r"\d / 4", page) for page in tagged)
    # The running header (group name, period) is on pages 2-4, only as an artifact.
    assert "2024-2025 Report" in pages[1]
    assert not any(line.strip() == "2024-2025 Report" for line in tagged[1].splitlines())


def test_approved_report_has_no_draft_mark(smsg_report):
    Report.objects.filter(pk=smsg_report.pk).update(status=Report.Status.APPROVED)
    data = render_report_pdf(smsg_report)
    assert not any("DRAFT" in page for page in pdf_pages(data))
    assert pdfua_problems(data) == []


def test_ksr_and_target_code_keep_their_number_on_the_same_line(report):
    target = factories.make_target(
        group=report.group,
        code="T-001",
        title="A target title long enough to fill the column up to its very end, KSR",
    )
    activity = factories.make_activity(report=report, target=target, ksr_number=8)
    factories.make_result(activity=activity, number=1)
    text = "\n".join(pdf_pages(render_report_pdf(report)))
    lines = [line.strip() for line in text.splitlines()]
    assert not any(line.endswith(("(KSR", "T-")) for line in lines)
    assert "(KSR 8)" in flat(text.replace("\xa0", " "))
