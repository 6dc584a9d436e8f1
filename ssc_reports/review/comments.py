"""Reviewers' comments on a report's sections, and where the group edits each section."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from ssc_reports.models import Report, ReviewComment
from ssc_reports.models.review import Section
from ssc_reports.permissions import check_staff

# Where the group edits each section: URL names in the officers' `reports` namespace (the
# keys are those of ssc_reports.entry.completeness.SECTIONS).
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


@transaction.atomic
def add_review_comment(
    *, report: Report, by, section: str, text: str, target=None, activity=None
) -> ReviewComment:
    """A staff comment on one section of a report (optionally one target or activity)."""
    check_staff(by)
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
    check_staff(by)
    comment.resolved = resolved
    comment.save(update_fields=["resolved"])
    return comment
