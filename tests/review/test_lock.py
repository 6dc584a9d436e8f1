import datetime

import pytest
from django.utils import timezone

from ssc_reports.models import Report
from ssc_reports.review.lock import (
    can_edit_report,
    grant_extension,
    report_lock_state,
    revoke_extension,
)
from tests import factories

TODAY = timezone.localdate


@pytest.fixture
def late_report(group, officer):
    period = factories.make_period(label="2023-2024", deadline=TODAY() - datetime.timedelta(days=1))
    return factories.make_report(group=group, period=period)


def test_officer_edits_before_the_deadline(report, officer):
    state = report_lock_state(report)
    assert (state.editable, state.reason) == (True, "open")
    assert can_edit_report(officer, report) is True


def test_lock_after_the_deadline(late_report, officer):
    state = report_lock_state(late_report)

    assert (state.editable, state.reason) == (False, "deadline")
    deadline = late_report.period.submission_deadline
    assert state.message == (
        f"The deadline ({deadline:%d %B %Y}) has passed: editing is locked. "
        "SSC staff can grant an extension."
    )
    assert can_edit_report(officer, late_report) is False


def test_lock_on_the_deadline_day_is_still_open(report, officer):
    state = report_lock_state(report, today=report.period.submission_deadline)
    assert state.editable is True


def test_extension_reopens_editing_until_the_new_date(late_report, officer, staff_user):
    until = TODAY() + datetime.timedelta(days=7)
    grant_extension(report=late_report, by=staff_user, until=until)
    late_report = Report.objects.get(pk=late_report.pk)

    state = report_lock_state(late_report)
    assert (state.editable, state.reason, state.extended_until) == (True, "extended", until)
    assert can_edit_report(officer, late_report) is True
    assert report_lock_state(late_report, today=until + datetime.timedelta(days=1)).locked


def test_revoked_extension_locks_again(late_report, officer, staff_user):
    grant_extension(report=late_report, by=staff_user, until=TODAY() + datetime.timedelta(days=7))
    revoke_extension(report=late_report, by=staff_user)

    assert can_edit_report(officer, Report.objects.get(pk=late_report.pk)) is False


@pytest.mark.parametrize(
    ("status", "reason"),
    [(Report.Status.SUBMITTED, "submitted"), (Report.Status.APPROVED, "approved")],
)
def test_lock_state_of_submitted_and_approved(report, status, reason):
    report.status = status
    assert report_lock_state(report).reason == reason
    assert report_lock_state(report).locked


def test_lock_state_shown_on_report_pages(client, late_report, officer):
    client.force_login(officer)

    html = client.get("/reports/TSG/2023-2024/targets/").content.decode()

    assert 'data-lock-state="deadline"' in html
    assert "has passed: editing is locked" in html


def test_locked_report_refuses_edits(client, late_report, officer):
    client.force_login(officer)
    late_report.projected_impact = "Before"
    late_report.save()

    response = client.post(
        "/reports/TSG/2023-2024/impact/",
        {"projected_impact": "After", "version": late_report.version},
    )

    assert response.status_code == 403
    assert Report.objects.get(pk=late_report.pk).projected_impact == "Before"


def test_lock_banner_absent_on_pages_without_a_report(client, officer):
    client.force_login(officer)
    assert "data-lock-state" not in client.get("/").content.decode()


def test_submit_report_refuses_officer_after_the_deadline(late_report, officer, staff_user):
    from ssc_reports.review.workflow import ReportStateError, submit_report

    with pytest.raises(ReportStateError) as info:
        submit_report(report=late_report, by=officer)

    assert str(info.value) == report_lock_state(late_report).message
    assert Report.objects.get(pk=late_report.pk).status == Report.Status.DRAFT
    grant_extension(report=late_report, by=staff_user, until=TODAY() + datetime.timedelta(days=2))
    submit_report(report=late_report, by=officer)
    assert Report.objects.get(pk=late_report.pk).status == Report.Status.SUBMITTED
