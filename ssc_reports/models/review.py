"""The review side of a report: reviewers' comments, deadline extensions, sent reminders.

Part of the ssc_reports app's models (ssc_reports/models/).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Section(models.TextChoices):
    """The sections of a report, in report order; comments attach to one of them."""

    GROUP = "group", _("Group information")
    IMPACT = "impact", _("Projected impact")
    TARGETS = "targets", _("Targets")
    ACTIVITIES = "activities", _("Activities and results")
    PHOTOS = "photos", _("Photos")
    ACKNOWLEDGEMENTS = "acknowledgements", _("Acknowledgements")


SECTION_ORDER = {value: index for index, value in enumerate(Section.values)}


class ReviewComment(models.Model):
    """A reviewer's comment on one section of a report, optionally on one target or activity:
    the start of a thread the group's officers reply to (CommentReply). Either side marks the
    thread resolved; staff may reopen it."""

    report = models.ForeignKey(
        "ssc_reports.Report", on_delete=models.CASCADE, related_name="review_comments"
    )
    section = models.CharField(max_length=30, choices=Section.choices)
    target = models.ForeignKey(
        "targets.Target",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_comments",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(section__in=Section.values), name="review_comment_section_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(target__isnull=True) | models.Q(activity__isnull=True),
                name="review_comment_one_anchor",
                violation_error_message=_("A comment is on a target or on an activity, not both."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.get_section_display()}"

    @property
    def section_order(self) -> int:
        return SECTION_ORDER[self.section]


class CommentReply(models.Model):
    """One message in a comment's thread, by an officer of the group or by staff."""

    comment = models.ForeignKey(ReviewComment, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["comment", "created", "pk"]

    def __str__(self) -> str:
        return f"Reply to {self.comment}"


class DeadlineExtension(models.Model):
    """Staff let one group edit its report after the period's deadline, until a new date."""

    report = models.OneToOneField(
        "ssc_reports.Report", on_delete=models.CASCADE, related_name="deadline_extension"
    )
    until = models.DateField(help_text=_("The group may edit until the end of this day."))
    reason = models.TextField(blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.report}: until {self.until:%Y-%m-%d}"


class SentReminder(models.Model):
    """A reminder digest sent for one report at one step; never sent twice (unique)."""

    report = models.ForeignKey(
        "ssc_reports.Report", on_delete=models.CASCADE, related_name="sent_reminders"
    )
    step = models.IntegerField(help_text=_("Days before the deadline (negative: days after)."))
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(blank=True)

    class Meta:
        ordering = ["report", "-step"]
        constraints = [
            models.UniqueConstraint(fields=["report", "step"], name="sent_reminder_unique_step"),
        ]

    def __str__(self) -> str:
        return f"{self.report}: reminder {self.step:+d} days"
