import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from ssc_reports.models import Report, ReportEvent
from ssc_reports.review.comments import add_review_comment
from ssc_reports.review.workflow import (
    ReportStateError,
    approve_report,
    reopen_report,
    return_report,
    submit_report,
)
from tests import factories
from tests.review.conftest import status_of

S = Report.Status

# -- legal transitions --------------------------------------------------------------------


def test_submit_report_draft_becomes_submitted_with_event_and_snapshot(
    complete_report, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_report(report=complete_report, by=officer)

    assert status_of(complete_report) == S.SUBMITTED
    event = ReportEvent.objects.get(report=complete_report)
    assert (event.old_status, event.new_status, event.by) == (S.DRAFT, S.SUBMITTED, officer)
    assert event.snapshot["report"]["report"]["projected_impact"] == "Every species assessed."


def test_submit_report_emails_the_reviewers(
    complete_report, officer, staff_user, django_capture_on_commit_callbacks
):
    factories.make_user(username="inactive-staff", staff=True, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        submit_report(report=complete_report, by=officer)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["staff@example.org"]
    assert message.subject == "[SSC Reports] TSG submitted its 2024-2025 report"
    assert "http://127.0.0.1:8000/staff/review/TSG/2024-2025/" in message.body


def test_return_report_submitted_becomes_returned_with_reason(
    submitted_report, staff_user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return_report(report=submitted_report, by=staff_user, reason="Please add results.")

    assert status_of(submitted_report) == S.RETURNED
    event = ReportEvent.objects.filter(report=submitted_report).last()
    assert (event.old_status, event.new_status) == (S.SUBMITTED, S.RETURNED)
    assert (event.by, event.reason) == (staff_user, "Please add results.")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["officer@example.org"]
    assert "Please add results." in mail.outbox[0].body


def test_return_report_email_lists_exactly_the_commented_sections_with_links(
    submitted_report, staff_user, django_capture_on_commit_callbacks
):
    add_review_comment(report=submitted_report, by=staff_user, section="targets", text="T-001?")
    add_review_comment(report=submitted_report, by=staff_user, section="targets", text="Again")
    add_review_comment(report=submitted_report, by=staff_user, section="photos", text="Credit?")
    resolved = add_review_comment(
        report=submitted_report, by=staff_user, section="impact", text="Old point"
    )
    resolved.resolved = True
    resolved.save()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        return_report(report=submitted_report, by=staff_user, reason="See the comments.")

    body = mail.outbox[0].body
    lines = [line for line in body.splitlines() if line.startswith("- ")]
    assert lines == [
        "- Targets (2 comments): http://127.0.0.1:8000/reports/TSG/2024-2025/targets/",
        "- Photos (1 comment): http://127.0.0.1:8000/reports/TSG/2024-2025/photos/",
    ]


def test_submit_report_after_return_becomes_submitted_again(submitted_report, staff_user, officer):
    return_report(report=submitted_report, by=staff_user, reason="Fix it.")

    submit_report(report=submitted_report, by=officer)

    assert status_of(submitted_report) == S.SUBMITTED
    assert list(
        ReportEvent.objects.filter(report=submitted_report).values_list("old_status", "new_status")
    ) == [(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.RETURNED), (S.RETURNED, S.SUBMITTED)]


def test_approve_report_stores_the_final_pdf_and_emails_officers(
    submitted_report, staff_user, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    from tests.pdf.worker import run_queued_tasks

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve_report(report=submitted_report, by=staff_user)
    assert Report.objects.get(pk=submitted_report.pk).approved_pdf.name == ""  # not yet
    run_queued_tasks()  # the background worker renders and freezes the final PDF

    report = Report.objects.get(pk=submitted_report.pk)
    assert report.status == S.APPROVED
    assert report.approved_pdf.name == "approved/TSG-2024-2025-approved.pdf"
    with report.approved_pdf.open("rb") as pdf:
        text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "DRAFT" not in text
    assert "Assess all species" in text
    event = ReportEvent.objects.filter(report=report).last()
    assert (event.old_status, event.new_status, event.by) == (S.SUBMITTED, S.APPROVED, staff_user)
    assert [m.to for m in mail.outbox] == [["officer@example.org"]]
    assert "/review/TSG/2024-2025/approved.pdf" in mail.outbox[0].body


def test_reopen_report_approved_becomes_returned_and_pdf_is_cleared(
    submitted_report, staff_user, django_capture_on_commit_callbacks
):
    from tests.pdf.worker import run_queued_tasks

    with django_capture_on_commit_callbacks(execute=True):
        approve_report(report=submitted_report, by=staff_user)
    run_queued_tasks()
    report = Report.objects.get(pk=submitted_report.pk)
    path = report.approved_pdf.path

    with django_capture_on_commit_callbacks(execute=True):
        reopen_report(report=report, by=staff_user, reason="A result was wrong.")

    report.refresh_from_db()
    assert report.status == S.RETURNED
    assert report.approved_pdf.name == ""
    import os

    assert not os.path.exists(path)
    event = ReportEvent.objects.filter(report=report).last()
    assert (event.old_status, event.new_status, event.reason) == (
        S.APPROVED,
        S.RETURNED,
        "A result was wrong.",
    )


# -- illegal transitions ------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.SUBMITTED, S.APPROVED])
def test_submit_report_refuses_report_not_editable(report, officer, status):
    Report.objects.filter(pk=report.pk).update(status=status)

    with pytest.raises(ReportStateError) as info:
        submit_report(report=report, by=officer)

    assert str(info.value) == (
        f"The TSG 2024-2025 report is {status.label.lower()}: "
        "only a draft or returned report can be submitted."
    )
    assert status_of(report) == status
    assert not ReportEvent.objects.exists()


@pytest.mark.parametrize("status", [S.DRAFT, S.RETURNED, S.APPROVED])
def test_return_report_refuses_report_not_submitted(report, staff_user, status):
    Report.objects.filter(pk=report.pk).update(status=status)

    with pytest.raises(ReportStateError) as info:
        return_report(report=report, by=staff_user, reason="Why")

    assert str(info.value) == (
        f"The TSG 2024-2025 report is {status.label.lower()}: "
        "only a submitted report can be returned."
    )
    assert status_of(report) == status
    assert not ReportEvent.objects.exists()


@pytest.mark.parametrize("status", [S.DRAFT, S.RETURNED, S.APPROVED])
def test_approve_report_refuses_report_not_submitted(report, staff_user, status):
    Report.objects.filter(pk=report.pk).update(status=status)

    with pytest.raises(ReportStateError) as info:
        approve_report(report=report, by=staff_user)

    assert str(info.value).endswith("only a submitted report can be approved.")
    assert status_of(report) == status
    assert Report.objects.get(pk=report.pk).approved_pdf.name == ""


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.RETURNED])
def test_reopen_report_refuses_report_not_approved(report, staff_user, status):
    Report.objects.filter(pk=report.pk).update(status=status)

    with pytest.raises(ReportStateError) as info:
        reopen_report(report=report, by=staff_user, reason="Why")

    assert str(info.value).endswith("only an approved report can be reopened.")
    assert status_of(report) == status


@pytest.mark.parametrize("reason", ["", "   "])
def test_return_report_refuses_empty_reason(submitted_report, staff_user, reason):
    with pytest.raises(ReportStateError) as info:
        return_report(report=submitted_report, by=staff_user, reason=reason)

    assert str(info.value) == "Give a reason to return the report: the group will read it."
    assert status_of(submitted_report) == S.SUBMITTED


def test_reopen_report_refuses_empty_reason(report, staff_user):
    Report.objects.filter(pk=report.pk).update(status=S.APPROVED)

    with pytest.raises(ReportStateError):
        reopen_report(report=report, by=staff_user, reason="")

    assert status_of(report) == S.APPROVED


# -- who may -------------------------------------------------------------------------------


def test_return_report_refuses_officer(submitted_report, officer):
    with pytest.raises(PermissionDenied) as info:
        return_report(report=submitted_report, by=officer, reason="I changed my mind")

    assert str(info.value) == "Only SSC staff can return a report."
    assert status_of(submitted_report) == S.SUBMITTED


def test_approve_report_refuses_officer(submitted_report, officer):
    with pytest.raises(PermissionDenied) as info:
        approve_report(report=submitted_report, by=officer)

    assert str(info.value) == "Only SSC staff can approve a report."
    assert status_of(submitted_report) == S.SUBMITTED


def test_reopen_report_refuses_officer(report, officer):
    Report.objects.filter(pk=report.pk).update(status=S.APPROVED)

    with pytest.raises(PermissionDenied) as info:
        reopen_report(report=report, by=officer, reason="Let me edit")

    assert str(info.value) == "Only SSC staff can reopen a report."
    assert status_of(report) == S.APPROVED


def test_submit_report_refuses_officer_of_another_group(report, other_officer):
    with pytest.raises(PermissionDenied) as info:
        submit_report(report=report, by=other_officer)

    assert str(info.value) == "Only the group's officers can submit its report."
    assert status_of(report) == S.DRAFT


def test_transitions_refuse_anonymous(submitted_report):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        return_report(report=submitted_report, by=AnonymousUser(), reason="x")
    with pytest.raises(PermissionDenied):
        approve_report(report=submitted_report, by=None)
    assert status_of(submitted_report) == S.SUBMITTED
