"""Reviewers' comments on a report's sections as threads, and where the group edits each
section.

A comment starts a thread; the group's officers and staff reply (`reply_to_comment`); either
side marks the thread resolved, only staff open it again (`resolve_review_comment`). Every
write leaves a history row naming who made it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ssc_reports.models import CommentReply, Report, ReviewComment
from ssc_reports.models.review import Section
from ssc_reports.permissions import check_staff, is_group_officer, is_staff

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


def comment_threads(report, section=None):
    """The report's comments (of one section or all) with their replies, in two queries."""
    comments = ReviewComment.objects.filter(report=report)
    if section is not None:
        comments = comments.filter(section=section)
    return list(
        comments.select_related(
            "author",
            "resolved_by",
            "target",
            "activity__target",
            "activity__category",
            "activity__ksr",
        ).prefetch_related(
            Prefetch("replies", queryset=CommentReply.objects.select_related("author"))
        )
    )


def comment_url(comment: ReviewComment) -> str:
    """The comment's thread on the page where the group edits its section."""
    return section_url(comment.report, comment.section).split("#")[0] + f"#comment-{comment.pk}"


def open_thread_counts(report: Report) -> dict[str, int]:
    """Section key -> number of unresolved threads (one query)."""
    return {key: count for key, _, count in commented_sections(report)}


def commented_sections(report: Report) -> list[tuple[str, str, int]]:
    """(section key, title, number of unresolved threads) for every section with unresolved
    threads, in report order."""
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
        errors["section"] = _("Choose one of the report's sections.")
    if not text:
        errors["text"] = _("Write the comment.")
    if target is not None and target.group_id != report.group_id:
        errors["target"] = _("The target belongs to another group.")
    if activity is not None and activity.report_id != report.pk:
        errors["activity"] = _("The activity belongs to another report.")
    if target is not None and activity is not None:
        errors["activity"] = _("A comment is on a target or on an activity, not both.")
    if errors:
        raise ValidationError(errors)
    comment = ReviewComment(
        report=report, section=section, text=text, target=target, activity=activity, author=by
    )
    comment._history_user = by
    comment.save()
    return comment


def _check_may_take_part(comment: ReviewComment, by) -> None:
    if by is None or not (is_staff(by) or is_group_officer(by, comment.report.group)):
        raise PermissionDenied("Only SSC staff and the group's officers take part in a thread.")


@transaction.atomic
def reply_to_comment(*, comment: ReviewComment, by, text: str) -> CommentReply:
    """A reply in the comment's thread, by an officer of the group or by staff. Side effects:
    a CommentReply row with its history row."""
    _check_may_take_part(comment, by)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the reply.")})
    reply = CommentReply(comment=comment, author=by, text=text)
    reply._history_user = by
    reply.save()
    return reply


@transaction.atomic
def resolve_review_comment(*, comment: ReviewComment, by, resolved: bool = True) -> ReviewComment:
    """Mark a thread resolved (staff or the group's officers) or open again (staff only).
    Side effects: who and when on the comment, and a history row."""
    if resolved:
        _check_may_take_part(comment, by)
    else:
        check_staff(by)
    comment = ReviewComment.objects.select_for_update().get(pk=comment.pk)
    if comment.resolved == resolved:
        return comment
    comment.resolved = resolved
    comment.resolved_by = by if resolved else None
    comment.resolved_at = timezone.now() if resolved else None
    comment._history_user = by
    comment.save(update_fields=["resolved", "resolved_by", "resolved_at"])
    return comment
