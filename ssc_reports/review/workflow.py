"""The review workflow of a report: draft -> submitted -> returned -> submitted -> approved.

Each transition is one service function: a transaction, a row lock on the report, a
ReportEvent row, the report's stored progress refreshed (its last edit), e-mails on commit.
An illegal transition raises ReportStateError with a message fit to show the user; a user who
may not make the transition gets PermissionDenied.

    submit_report   draft|returned -> submitted   officers of the group (or staff)
    return_report   submitted -> returned         staff, reason required
    approve_report  submitted -> approved         staff; the worker freezes the final PDF
    reopen_report   approved -> returned          staff, reason required; clears the PDF
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ssc_reports.entry.progress import lock_progress_scope, refresh_report_progress
from ssc_reports.models import Report, ReportEvent
from ssc_reports.pdf.cache import request_final_pdf
from ssc_reports.permissions import is_group_officer, is_staff
from ssc_reports.review.db_retry import retry_when_locked
from ssc_reports.review.lock import report_lock_state
from ssc_reports.review.notifications import (
    notify_approved,
    notify_reopened,
    notify_returned,
    notify_submitted,
)
from ssc_reports.review.snapshots import snapshot_report
from ssc_reports.uploads.files import delete_unreferenced_files


class ReportStateError(Exception):
    """The transition is not allowed from the report's current state."""


def _lock(report: Report) -> Report:
    """The report, locked after its group's row (the app's lock order, lock_progress_scope)."""
    lock_progress_scope(report_ids=[report.pk])
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("group", "period")
        .get(pk=report.pk)
    )


def _record(report: Report, *, by, new_status: str, reason: str = "", snapshot=None) -> Report:
    ReportEvent.objects.create(
        report=report,
        by=by,
        old_status=report.status,
        new_status=new_status,
        reason=reason,
        snapshot=snapshot,
    )
    report.status = new_status
    report._history_user = by
    report.save(update_fields=["status", "updated_at"])
    return report


ONLY_STAFF = {
    "return": _("Only SSC staff can return a report."),
    "approve": _("Only SSC staff can approve a report."),
    "reopen": _("Only SSC staff can reopen a report."),
}
REASON_NEEDED = {
    "return": _("Give a reason to return the report: the group will read it."),
    "reopen": _("Give a reason to reopen the report: the group will read it."),
}


def _require_staff(by, action: str) -> None:
    if by is None or not is_staff(by):
        raise PermissionDenied(ONLY_STAFF[action])


def _require_reason(reason: str, action: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReportStateError(REASON_NEEDED[action])
    return reason


def _describe(report: Report) -> str:
    return _("The %(acronym)s %(period)s report is %(status)s") % {
        "acronym": report.group.acronym,
        "period": report.period.label,
        "status": str(report.get_status_display()).lower(),
    }


@retry_when_locked(ReportStateError)
@transaction.atomic
def submit_report(*, report: Report, by) -> Report:
    """Draft or returned -> submitted, by the group's officers (until the deadline or their
    extension) or staff. Side effects: a ReportEvent row holding a snapshot of the content
    (for the reviewer's diff); e-mail to the reviewers on commit.

    Callers check completeness first (the pre-submit checklist)."""
    if by is not None and not (is_staff(by) or is_group_officer(by, report.group)):
        raise PermissionDenied(_("Only the group's officers can submit its report."))
    report = _lock(report)
    if report.status not in Report.EDITABLE:
        raise ReportStateError(
            _("%(report)s: only a draft or returned report can be submitted.")
            % {"report": _describe(report)}
        )
    if by is not None and not is_staff(by):
        lock = report_lock_state(report)
        if lock.locked:
            raise ReportStateError(lock.message)
    _record(report, by=by, new_status=Report.Status.SUBMITTED, snapshot=snapshot_report(report))
    refresh_report_progress(report_ids=[report.pk])
    transaction.on_commit(lambda: notify_submitted(report_id=report.pk))
    return report


@retry_when_locked(ReportStateError)
@transaction.atomic
def return_report(*, report: Report, by, reason: str) -> Report:
    """Submitted -> returned, by staff, with a reason. Side effects: a ReportEvent row; e-mail
    to the group's officers on commit, listing the commented sections with links."""
    _require_staff(by, "return")
    reason = _require_reason(reason, "return")
    report = _lock(report)
    if report.status != Report.Status.SUBMITTED:
        raise ReportStateError(
            _("%(report)s: only a submitted report can be returned.")
            % {"report": _describe(report)}
        )
    _record(report, by=by, new_status=Report.Status.RETURNED, reason=reason)
    refresh_report_progress(report_ids=[report.pk])
    transaction.on_commit(lambda: notify_returned(report_id=report.pk, reason=reason))
    return report


@retry_when_locked(ReportStateError)
@transaction.atomic
def approve_report(*, report: Report, by) -> Report:
    """Submitted -> approved, by staff. Records the decision at once and renders nothing:
    the final PDF (no DRAFT mark) of the approved content is rendered by the background
    worker and frozen into `approved_pdf` when ready (ssc_reports.pdf.cache). Side effects:
    a ReportEvent row; a ReportPdf row, its task queued on commit; e-mail to the group's
    officers on commit."""
    _require_staff(by, "approve")
    report = _lock(report)
    if report.status != Report.Status.SUBMITTED:
        raise ReportStateError(
            _("%(report)s: only a submitted report can be approved.")
            % {"report": _describe(report)}
        )
    _record(report, by=by, new_status=Report.Status.APPROVED)
    old_name = report.approved_pdf.name
    if old_name:  # left over from an earlier approval: the new one freezes its own
        storage = report.approved_pdf.storage
        report.approved_pdf = ""
        report.save(update_fields=["approved_pdf"])
        delete_unreferenced_files([old_name], storage=storage)
    request_final_pdf(report=report)
    refresh_report_progress(report_ids=[report.pk])
    transaction.on_commit(lambda: notify_approved(report_id=report.pk))
    return report


@retry_when_locked(ReportStateError)
@transaction.atomic
def reopen_report(*, report: Report, by, reason: str) -> Report:
    """Approved -> returned, by staff, with a reason. Side effects: the approved PDF is
    cleared (the file is deleted on commit); a ReportEvent row; e-mail to the officers."""
    _require_staff(by, "reopen")
    reason = _require_reason(reason, "reopen")
    report = _lock(report)
    if report.status != Report.Status.APPROVED:
        raise ReportStateError(
            _("%(report)s: only an approved report can be reopened.")
            % {"report": _describe(report)}
        )
    _record(report, by=by, new_status=Report.Status.RETURNED, reason=reason)
    old_name = report.approved_pdf.name
    storage = report.approved_pdf.storage
    report.approved_pdf = ""
    report.save(update_fields=["approved_pdf"])
    delete_unreferenced_files([old_name], storage=storage)
    refresh_report_progress(report_ids=[report.pk])
    transaction.on_commit(lambda: notify_reopened(report_id=report.pk, reason=reason))
    return report
