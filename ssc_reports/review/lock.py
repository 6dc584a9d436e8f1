"""Whether the group may edit its report now, and why: the one place that says an approved or
submitted report is read-only, that a closed period is read-only, and that editing locks after
the submission deadline unless staff granted the report an extension (granted here too)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ssc_reports.models import DeadlineExtension, Report
from ssc_reports.permissions import check_staff, is_group_officer


@dataclass(frozen=True)
class LockState:
    editable: bool
    reason: str  # "open", "extended", "deadline", "submitted", "approved", "closed"
    message: str
    deadline: datetime.date | None
    extended_until: datetime.date | None

    @property
    def locked(self) -> bool:
        return not self.editable


def _extension(report: Report):
    try:
        return report.deadline_extension
    except DeadlineExtension.DoesNotExist:
        return None


def effective_deadline(report: Report) -> datetime.date | None:
    """The last day the group may edit: the extension's date if any, else the period's."""
    extension = _extension(report)
    if extension is not None:
        return extension.until
    return report.period.submission_deadline


def deadline_lock_state(
    deadline: datetime.date | None,
    until: datetime.date | None,
    *,
    today: datetime.date,
    passed: str | None = None,
) -> LockState:
    """The deadline's part of a lock, the same for reports and plans: locked after the last
    day (the extension's `until`, else the `deadline`), else open until it. `passed`: the
    message when the deadline without extension has passed (a %(date)s placeholder)."""

    def state(editable, reason, message):
        return LockState(editable, reason, message, deadline, until)

    last_day = until or deadline
    if last_day is not None and today > last_day:
        if until:
            message = _("The extended deadline (%(date)s) has passed: editing is locked.") % {
                "date": date_format(until)
            }
        else:
            message = (
                passed
                or _(
                    "The deadline (%(date)s) has passed: editing is locked. "
                    "SSC staff can grant an extension."
                )
            ) % {"date": date_format(deadline)}
        return state(False, "deadline", message)
    if until:
        return state(
            True,
            "extended",
            _("Extension granted: open for editing until %(date)s.") % {"date": date_format(until)},
        )
    if deadline:
        return state(
            True, "open", _("Open for editing until %(date)s.") % {"date": date_format(deadline)}
        )
    return state(True, "open", _("Open for editing."))


def report_lock_state(report: Report, *, today: datetime.date | None = None) -> LockState:
    """Whether the group may edit the report now, and why (shown on every report page)."""
    today = today or timezone.localdate()
    deadline = report.period.submission_deadline
    extension = _extension(report)
    until = extension.until if extension else None

    def state(editable, reason, message):
        return LockState(editable, reason, message, deadline, until)

    if report.status == Report.Status.APPROVED:
        return state(False, "approved", _("Approved by SSC: the report is final and read-only."))
    if report.status == Report.Status.SUBMITTED:
        return state(False, "submitted", _("Submitted: read-only while SSC staff review it."))
    if not report.period.is_open:
        return state(
            False, "closed", _("The period %(period)s is closed.") % {"period": report.period.label}
        )
    return deadline_lock_state(deadline, until, today=today)


def is_overdue(report: Report | None, period, *, today: datetime.date | None = None) -> bool:
    """Not submitted (or approved) and past the (extended) deadline."""
    today = today or timezone.localdate()
    if report is not None and report.status in (Report.Status.SUBMITTED, Report.Status.APPROVED):
        return False
    last_day = effective_deadline(report) if report is not None else period.submission_deadline
    return last_day is not None and today > last_day


@transaction.atomic
def grant_extension(
    *, report: Report, by, until: datetime.date, reason: str = ""
) -> DeadlineExtension:
    """Let the group edit until `until` (replaces an earlier extension)."""
    check_staff(by)
    deadline = report.period.submission_deadline
    if deadline and until <= deadline:
        raise ValidationError(
            {
                "until": _("An extension must end after the deadline (%(date)s).")
                % {"date": date_format(deadline)}
            }
        )
    extension = DeadlineExtension.objects.filter(report=report).first() or DeadlineExtension(
        report=report
    )
    extension.until, extension.reason, extension.granted_by = until, reason.strip(), by
    extension._history_user = by
    extension.save()
    return extension


@transaction.atomic
def revoke_extension(*, report: Report, by) -> None:
    check_staff(by)
    for extension in DeadlineExtension.objects.filter(report=report):
        extension._history_user = by
        extension.delete()


def can_edit_report(user, report) -> bool:
    """Officers of the group edit a draft or returned report of an open period, until the
    deadline or the extension staff granted (`report_lock_state`)."""
    return (
        is_group_officer(user, report.group)
        and report.is_editable
        and report.period.is_open
        and report_lock_state(report).editable
    )
