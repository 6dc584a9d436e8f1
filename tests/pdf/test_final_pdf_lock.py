"""While the worker makes an approved report's final PDF, the group's shared sections (group
information, targets) are read-only on its other reports; nothing else locks them: a final
render that failed, or an approved report that never had one (imported, demo data)."""

import pytest
from django.urls import reverse

from ssc_reports.models import ReportPdf
from tests import factories

MESSAGE = "its final PDF is being made"


@pytest.fixture
def draft_beside_approved(report):
    """The officer's draft report, and an approved report of the same group a period earlier."""
    approved = factories.make_report(
        group=report.group, period=factories.make_period(label="2023-2024"), status="approved"
    )
    return report, approved


def targets_page(client, report):
    return reverse("reports:targets", args=[report.group.acronym, report.period.label])


@pytest.mark.parametrize("status", [ReportPdf.Status.QUEUED, ReportPdf.Status.RUNNING])
def test_group_sections_read_only_while_the_final_pdf_is_made(
    client, officer, draft_beside_approved, status
):
    draft, approved = draft_beside_approved
    ReportPdf.objects.create(report=approved, key="a" * 64, final=True, status=status)
    client.force_login(officer)

    page = client.get(targets_page(client, draft))
    post = client.post(targets_page(client, draft), {})

    assert MESSAGE in page.content.decode()
    assert post.status_code == 403


@pytest.mark.parametrize(
    "render",
    [
        None,  # approved before PDFs were made in the background, or imported
        {"final": True, "status": ReportPdf.Status.FAILED},
        {"final": False, "status": ReportPdf.Status.QUEUED},  # a draft download's render
    ],
)
def test_group_sections_editable_without_a_final_render_in_progress(
    client, officer, draft_beside_approved, render
):
    draft, approved = draft_beside_approved
    if render is not None:
        ReportPdf.objects.create(report=approved, key="b" * 64, **render)
    client.force_login(officer)

    page = client.get(targets_page(client, draft))
    post = client.post(targets_page(client, draft), {})

    assert MESSAGE not in page.content.decode()
    assert post.status_code == 302
