"""The plan's PDF is a tagged, accessible PDF (PDF/UA-1) like the stand-alone report: the
pikepdf checker of tests/pdf/pdfua.py, language, title, headings, and the DRAFT mark as an
artifact; read back for its text and structure."""

import io
import re

import pikepdf
import pytest
from django.urls import reverse
from django.utils import translation

from ssc_reports.models import Plan, PlanPdf, Report
from ssc_reports.pdf.render import html_to_pdf
from ssc_reports.planning.pdf import plan_html
from ssc_reports.planning.services import add_planned_target, carry_forward, save_plan_texts
from targets.models import KSR, Region
from tests import factories
from tests.pdf.helpers import pdf_pages
from tests.pdf.pdfua import pdfua_problems, structure_elements, structure_text
from tests.pdf.worker import run_queued_tasks
from tests.planning.conftest import LABEL

URL = reverse("plans:pdf", args=["TSG", LABEL])
STATUS_URL = reverse("plans:pdf_status", args=["TSG", LABEL])
NAME = "IUCN SSC Test Specialist Group"


def filled(plan, officer, group):
    save_plan_texts(plan=plan, version=plan.version, by=officer,
                    mission="Save the **shrews** of the world.",
                    projected_impact="Fewer threatened shrews by 2029.")  # fmt: skip
    quadrennium = plan.planning.quadrennium
    add_planned_target(plan=plan, component="assess", title="Assess every shrew",
                       ksr=KSR.objects.get(quadrennium=quadrennium, number=5),
                       regions=[Region.objects.get(code="africa")], by=officer)  # fmt: skip
    old = factories.make_target(group=group, code="T-009", component="act", title="Breed shrews")
    old.regions.set([Region.objects.get(code="oceania")])
    carry_forward(plan=plan, target=old, by=officer)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def plan_pdf(plan, officer, group):
    return html_to_pdf(plan_html(filled(plan, officer, group)))


def test_plan_pdf_passes_the_pdfua_checks(plan_pdf):
    assert pdfua_problems(plan_pdf) == []


def test_plan_pdf_is_tagged_with_language_title_and_pdfua_identification(plan_pdf):
    title = f"{NAME}: plan for 2026-2029"
    with pikepdf.open(io.BytesIO(plan_pdf)) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title) == title
        metadata = pdf.open_metadata()
        assert metadata["pdfuaid:part"] == "1"
        assert metadata["dc:title"] == title
        kinds = [str(e.S) for e in structure_elements(pdf.Root.StructTreeRoot)]
    assert kinds[0] == "/Document"
    assert [k for k in kinds if re.fullmatch(r"/H\d", k)] == [
        "/H1", "/H2", "/H2", "/H2", "/H3", "/H3"
    ]  # fmt: skip
    assert "/Figure" not in kinds  # no image: nothing needs an alternative text


def test_plan_pdf_structure_reads_the_plan_in_order(plan_pdf):
    tagged = " ".join(structure_text(plan_pdf).split())
    assert tagged == (
        f"IUCN SPECIES SURVIVAL COMMISSION {NAME} Plan for 2026-2029 "
        "Mission Save the shrews of the world. "
        "Projected impact for 2026-2029 Fewer threatened shrews by 2029. "
        "Targets for 2026-2029 "
        "ASSESS T-001 Assess every shrew (KSR 5) Regions: Africa "
        "ACT T-002 Breed shrews (KSR 10) Regions: Oceania · carried forward from T-009 "
        "(2021-2025)"
    )


def test_plan_pdf_draft_mark_and_page_number_are_artifacts(plan_pdf):
    pages = pdf_pages(plan_pdf)
    assert len(pages) == 1
    assert "DRAFT" in pages[0] and re.search(r"\b1 / 1\b", pages[0])
    tagged = structure_text(plan_pdf)
    assert "DRAFT" not in tagged
    assert not re.search(r"\d / 1", tagged)


def test_approved_plan_pdf_has_no_draft_mark_and_passes(plan, officer, group):
    filled(plan, officer, group)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.APPROVED)
    plan.refresh_from_db()

    data = html_to_pdf(plan_html(plan))

    assert not any("DRAFT" in page for page in pdf_pages(data))
    assert pdfua_problems(data) == []


def test_plan_pdf_labels_follow_the_group_report_language(plan, officer, group):
    filled(plan, officer, group)
    report = factories.make_report(group=group)
    Report.objects.filter(pk=report.pk).update(pdf_language="fr")

    data = html_to_pdf(plan_html(plan))

    assert pdfua_problems(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "fr"
        assert str(pdf.docinfo.Title) == f"{NAME}: plan pour 2026-2029"
    tagged = structure_text(data)
    assert "Save the shrews of the world." in tagged  # what the group wrote, as written


def test_plan_pdf_asked_in_french_is_rendered_by_the_worker(
    client, plan, officer, group, django_capture_on_commit_callbacks
):
    filled(plan, officer, group)
    client.force_login(officer)
    client.cookies["ssc_language"] = "fr"

    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(URL, headers={"accept-language": "fr"})
    assert page.status_code == 200 and '<html lang="fr"' in page.content.decode()
    with translation.override("en"):  # the worker's process runs in the default language
        run_queued_tasks()

    render = PlanPdf.objects.get()
    assert (render.status, render.error) == ("done", "")
    # The fixed labels follow the group's report language (English here), not the asker's.
    with pikepdf.open(io.BytesIO(render.file.read())) as pdf:
        assert str(pdf.Root.Lang) == "en"
    assert client.get(STATUS_URL).json()["state"] == "ready"
