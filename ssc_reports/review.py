"""Review helpers: where each report section is edited, reviewers' comments, the edit lock
after the deadline and deadline extensions."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from ssc_reports.models import Report
from ssc_reports.permissions import is_staff
from ssc_reports.review_models import DeadlineExtension, ReviewComment, Section

# Where the group edits each section: URL names in the officers' `reports` namespace (the
# keys are those of ssc_reports.completeness.SECTIONS).
SECTION_URL_NAMES = {
    Section.GROUP: ["reports:group"],
    Section.IMPACT: ["reports:impact"],
    Section.TARGETS: ["reports:targets"],
    Section.ACTIVITIES: ["reports:activities"],
    Section.PHOTOS: ["reports:photos"],
    Section.ACKNOWLEDGEMENTS: ["reports:acknowledgements"],
}


def section_url(report: Report, section: str) -> str:
    """The page where the group edits `section` of `report`."""
    kwargs = {"acronym": report.group.acronym, "period": report.period.label}
    for name in SECTION_URL_NAMES.get(section, []):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    try:
        return report.get_absolute_url() + f"#section-{section}"
    except NoReverseMatch:
        return reverse("review:timeline", kwargs=kwargs) + f"#section-{section}"


def commented_sections(report: Report) -> list[tuple[str, str, int]]:
    """(section key, title, number of open comments) for every section with open comments,
    in report order."""
    counts: dict[str, int] = {}
    for section in report.review_comments.filter(resolved=False).values_list("section", flat=True):
        counts[section] = counts.get(section, 0) + 1
    return [(key, Section(key).label, counts[key]) for key in Section.values if key in counts]


def _check_staff(by) -> None:
    if not is_staff(by):
        raise PermissionDenied("Only SSC staff can do this.")


@transaction.atomic
def add_review_comment(
    *, report: Report, by, section: str, text: str, target=None, activity=None
) -> ReviewComment:
    """A staff comment on one section of a report (optionally one target or activity)."""
    _check_staff(by)
    text = (text or "").strip()
    errors = {}
    if section not in Section.values:
        errors["section"] = "Choose one of the report's sections."
    if not text:
        errors["text"] = "Write the comment."
    if target is not None and target.group_id != report.group_id:
        errors["target"] = "The target belongs to another group."
    if activity is not None and activity.report_id != report.pk:
        errors["activity"] = "The activity belongs to another report."
    if target is not None and activity is not None:
        errors["activity"] = "A comment is on a target or on an activity, not both."
    if errors:
        raise ValidationError(errors)
    return ReviewComment.objects.create(
        report=report, section=section, text=text, target=target, activity=activity, author=by
    )


@transaction.atomic
def resolve_review_comment(*, comment: ReviewComment, by, resolved: bool = True) -> ReviewComment:
    """Mark a comment resolved (or open again)."""
    _check_staff(by)
    comment.resolved = resolved
    comment.save(update_fields=["resolved"])
    return comment


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


def report_lock_state(report: Report, *, today: datetime.date | None = None) -> LockState:
    """Whether the group may edit the report now, and why (shown on every report page)."""
    today = today or timezone.localdate()
    deadline = report.period.submission_deadline
    extension = _extension(report)
    until = extension.until if extension else None

    def state(editable, reason, message):
        return LockState(editable, reason, message, deadline, until)

    if report.status == Report.Status.APPROVED:
        return state(False, "approved", "Approved by SSC: the report is final and read-only.")
    if report.status == Report.Status.SUBMITTED:
        return state(False, "submitted", "Submitted: read-only while SSC staff review it.")
    if not report.period.is_open:
        return state(False, "closed", f"The period {report.period.label} is closed.")
    last_day = until or deadline
    if last_day is not None and today > last_day:
        if until:
            message = f"The extended deadline ({until:%d %B %Y}) has passed: editing is locked."
        else:
            message = (
                f"The deadline ({deadline:%d %B %Y}) has passed: editing is locked. "
                "SSC staff can grant an extension."
            )
        return state(False, "deadline", message)
    if until:
        return state(
            True, "extended", f"Extension granted: open for editing until {until:%d %B %Y}."
        )
    if deadline:
        return state(True, "open", f"Open for editing until {deadline:%d %B %Y}.")
    return state(True, "open", "Open for editing.")


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
    _check_staff(by)
    deadline = report.period.submission_deadline
    if deadline and until <= deadline:
        raise ValidationError(
            {"until": f"An extension must end after the deadline ({deadline:%d %B %Y})."}
        )
    extension, _ = DeadlineExtension.objects.update_or_create(
        report=report, defaults={"until": until, "reason": reason.strip(), "granted_by": by}
    )
    return extension


@transaction.atomic
def revoke_extension(*, report: Report, by) -> None:
    _check_staff(by)
    DeadlineExtension.objects.filter(report=report).delete()
