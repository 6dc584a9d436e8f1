"""Reminder digests before and after the submission deadline (`manage.py send_reminders`).

Steps are days before the deadline (settings.REPORT_REMINDER_DAYS, negative = after). On a
given day the due step of a report is the latest step whose day has come; it is sent once per
report: the SentReminder row (unique on report and step) is written in the same transaction as
the e-mail is sent, so running the command again, or twice at once, sends nothing more. Steps
missed (cron down, period opened late) are skipped rather than sent in a burst.
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ssc_reports.entry.completeness import report_checklist
from ssc_reports.models import Report
from ssc_reports.models.review import SentReminder
from ssc_reports.review.lock import effective_deadline
from ssc_reports.review.notifications import absolute, officers_by_language, send_in_languages

logger = logging.getLogger(__name__)


def due_step(deadline: datetime.date, today: datetime.date, steps: list[int]) -> int | None:
    """The latest step whose day has come, or None before the first one."""
    days_left = (deadline - today).days
    due = [step for step in steps if days_left <= step]
    return min(due) if due else None


def _missing(report: Report) -> list[str]:
    """What the pre-submit checklist still lists."""
    return [item for check in report_checklist(report) for item in check.missing]


def _report_url(report: Report) -> str:
    try:
        return absolute(report.get_absolute_url())
    except Exception:  # noqa: BLE001 - the officers' pages may not be installed
        return absolute("/")


def send_reminders(*, today: datetime.date | None = None, stdout=None) -> int:
    """Send the due reminder digests; returns how many were sent."""
    today = today or timezone.localdate()
    steps = sorted(set(settings.REPORT_REMINDER_DAYS), reverse=True)
    reports = (
        Report.objects.filter(
            period__is_open=True,
            period__submission_deadline__isnull=False,
            status__in=Report.EDITABLE,
        )
        .select_related("group", "period", "deadline_extension")
        .order_by("period__start", "group__acronym")
    )
    sent = 0
    for report in reports:
        deadline = effective_deadline(report)
        step = due_step(deadline, today, steps)
        if step is None:
            continue
        if SentReminder.objects.filter(report=report, step=step).exists():
            continue
        by_language = officers_by_language(report.group)
        recipients = sorted({email for emails in by_language.values() for email in emails})
        if not recipients:
            continue
        days_left = (deadline - today).days
        context = {
            "report": report,
            "deadline": deadline,
            "days_left": days_left,
            "days_late": -days_left,
            "missing": _missing(report),
            "url": _report_url(report),
        }

        def subject(report=report, deadline=deadline, days_left=days_left):
            names = {"acronym": report.group.acronym, "period": report.period.label}
            if days_left >= 0:
                return _("[SSC Reports] %(acronym)s: your %(period)s report is due %(date)s") % {
                    **names,
                    "date": date_format(deadline),
                }
            return _("[SSC Reports] %(acronym)s: your %(period)s report is overdue") % names

        try:
            with transaction.atomic():
                SentReminder.objects.create(
                    report=report, step=step, recipients=", ".join(recipients)
                )
                send_in_languages(
                    recipients=by_language,
                    subject=subject,
                    template="review/emails/reminder.txt",
                    context=context,
                )
        except IntegrityError:
            continue  # another run sent it a moment ago
        sent += 1
        if stdout is not None:
            stdout.write(f"{report}: reminder {step:+d} days sent to {len(recipients)}")
    return sent
