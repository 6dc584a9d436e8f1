"""The review workflow of a report: draft -> submitted -> returned -> submitted -> approved.

Each transition is one service function: a transaction, a row lock on the report, a
ReportEvent row, e-mails on commit. An illegal transition raises ReportStateError with a
message fit to show the user.
"""

from django.db import transaction

from ssc_reports.models import Report, ReportEvent


class ReportStateError(Exception):
    """The transition is not allowed from the report's current state."""


def _lock(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("group", "period").get(pk=report.pk)


def _record(report: Report, *, by, new_status: str, reason: str = "") -> Report:
    ReportEvent.objects.create(
        report=report, by=by, old_status=report.status, new_status=new_status, reason=reason
    )
    report.status = new_status
    report.save(update_fields=["status", "updated_at"])
    return report


@transaction.atomic
def submit_report(*, report: Report, by) -> Report:
    """Draft or returned -> submitted. Side effects: a ReportEvent row.

    Callers check completeness first (the pre-submit checklist)."""
    report = _lock(report)
    if report.status not in Report.EDITABLE:
        raise ReportStateError("Only a draft or returned report can be submitted.")
    return _record(report, by=by, new_status=Report.Status.SUBMITTED)
