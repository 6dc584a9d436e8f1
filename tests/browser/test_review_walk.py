"""The review round trip in a real browser: the officer submits; staff comment on one section
and return it; the officer sees the comment on that section, fixes it and resubmits; staff see
the diff and approve; the officer downloads the approved PDF (no DRAFT mark) and can no longer
edit."""

import datetime
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from ssc_reports.entry.services import start_report
from ssc_reports.models import Report
from tests import factories
from tests.browser.conftest import login
from tests.pdf.worker import run_queued_tasks

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

COMMENT = "Is T-001 really only on track? The results say it is done."


@pytest.fixture
def world(transactional_db):
    group = factories.make_group(
        acronym="RWSG", name="IUCN SSC Review Walk Specialist Group", mission="Save them all."
    )
    factories.make_officer(group=group, name="Ada Chair")
    officer = factories.make_user(username="olga", email="olga@example.org")
    factories.make_member(group=group, user=officer)
    factories.make_user(username="sam", email="sam@example.org", staff=True)
    period = factories.make_period(deadline=timezone.localdate() + datetime.timedelta(days=30))
    report = start_report(group=group, period=period)
    report.projected_impact = "Every species assessed."
    report.save()
    target = factories.make_target(group=group, code="T-001", title="Assess every species")
    factories.set_status(report=report, target=target, status="on_track")
    activity = factories.make_activity(report=report, target=target)
    factories.make_result(activity=activity, number=42, description="Forty-two assessments.")
    return {"report": report, "target": target}


def test_review_round_trip(live_server, new_page, shot, world):
    base = f"{live_server.url}/reports/RWSG/2024-2025"
    review = f"{live_server.url}/staff/review/RWSG/2024-2025/"
    officer = new_page()
    staff = new_page()

    # The officer submits.
    login(officer, live_server, "olga@example.org", factories.PASSWORD)
    officer.goto(f"{base}/submit/")
    officer.get_by_role("button", name="Submit the report").click()
    expect(officer.locator("[data-lock-state=submitted]")).to_be_visible()
    shot(officer, "officer-submitted")

    # Staff open it from the dashboard, comment on the Targets section and return it.
    login(staff, live_server, "sam", factories.PASSWORD)
    staff.goto(f"{live_server.url}/staff/")
    expect(staff.locator("tr[data-group=RWSG]")).to_contain_text("Submitted")
    shot(staff, "staff-dashboard")
    staff.get_by_role("link", name="IUCN SSC Review Walk Specialist Group").click()
    expect(staff.locator("#diff-none")).to_be_visible()
    staff.get_by_label("Section").select_option("targets")
    staff.get_by_label("On (optional)").select_option(label="Target T-001")
    staff.get_by_label("Comment").fill(COMMENT)
    staff.get_by_role("button", name="Add comment").click()
    expect(staff.get_by_text("Comment added.")).to_be_visible()
    staff.get_by_label("Reason (the group reads it)").fill("Please check the target status.")
    staff.get_by_role("button", name="Return to the group").click()
    expect(staff.locator("#report-status")).to_have_text("Returned")
    shot(staff, "staff-returned")

    # The officer is sent to exactly that section and sees the comment there.
    officer.goto(f"{base}/")
    notice = officer.locator("#report-state")
    expect(notice).to_contain_text("Please check the target status.")
    expect(notice.get_by_role("link")).to_have_count(2)  # Targets, and the timeline
    notice.get_by_role("link", name="Targets").click()
    expect(officer.locator("#comments-targets")).to_contain_text(COMMENT)
    shot(officer, "officer-sees-comment")
    officer.goto(f"{base}/impact/")
    expect(officer.locator("#comments-targets")).to_have_count(0)

    # ... fixes the status and resubmits.
    officer.goto(f"{base}/targets/{world['target'].pk}/")
    officer.get_by_label("Status in 2024-2025").select_option("achieved")
    officer.get_by_role("button", name="Save target").click()
    officer.goto(f"{base}/submit/")
    officer.get_by_label("1 comment thread is not resolved: submit anyway").check()
    officer.get_by_role("button", name="Submit the report").click()
    expect(officer.locator("[data-lock-state=submitted]")).to_be_visible()

    # Staff see the field-level diff and approve.
    staff.goto(review)
    row = staff.locator('tr[data-diff-field="targets.status"]')
    expect(row.locator(".diff-before")).to_have_text("On track")
    expect(row.locator(".diff-after")).to_have_text("Achieved")
    shot(staff, "staff-diff")
    staff.get_by_role("button", name="Approve").click()
    expect(staff.locator("#report-status")).to_have_text("Approved")
    # Approval renders nothing: the worker makes the final PDF; the pages say so meanwhile.
    expect(staff.locator("#pdf-notice")).to_contain_text("The final PDF is being made")
    assert Report.objects.get(pk=world["report"].pk).approved_pdf.name == ""

    # The officer asks for the PDF: the page says it is being prepared and, once the worker
    # has made it, the page's script downloads it by itself. It has no DRAFT mark, and the
    # officer can no longer edit.
    officer.goto(f"{base}/")
    officer.locator(".section-nav").get_by_role("link", name="PDF").click()
    expect(officer.locator("#report-pdf")).to_contain_text("Preparing the PDF")
    with officer.expect_download(timeout=60_000) as download_info:
        run_queued_tasks()
    assert Report.objects.get(pk=world["report"].pk).approved_pdf.name
    downloaded = open(download_info.value.path(), "rb").read()  # noqa: SIM115
    stored = Report.objects.get(pk=world["report"].pk).approved_pdf
    with stored.open("rb") as file:
        assert downloaded == file.read()  # the PDF stored at approval, not a new rendering
    pdf = PdfReader(io.BytesIO(downloaded))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Review Walk Specialist Group" in text
    assert "DRAFT" not in text
    officer.goto(f"{base}/impact/")
    expect(officer.locator("[data-lock-state=approved]")).to_be_visible()
    expect(officer.get_by_role("button", name="Save")).to_have_count(0)
    shot(officer, "officer-approved-read-only")
    response = officer.request.post(f"{base}/impact/", form={"projected_impact": "Changed"})
    assert response.status == 403
    assert Report.objects.get(pk=world["report"].pk).projected_impact == "Every species assessed."
