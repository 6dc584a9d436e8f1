"""The report aggregate: reporting periods and each group's report for a period."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groups.models import Language
from ssc_reports.images import validate_image_file
from ssc_reports.richtext import RichTextLimits
from targets.models import Component


class ReportingPeriod(models.Model):
    """One annual edition, e.g. 2024-2025: the full year 2024 and the first quarter of 2025."""

    quadrennium = models.ForeignKey(
        "targets.Quadrennium", on_delete=models.PROTECT, related_name="periods"
    )
    label = models.CharField(max_length=9, unique=True, help_text=_("e.g. 2024-2025"))
    start = models.DateField()
    end = models.DateField()
    submission_deadline = models.DateField(null=True, blank=True)
    is_open = models.BooleanField(
        default=True, help_text=_("Groups can see and edit their reports for an open period.")
    )
    introduction = models.TextField(
        blank=True,
        help_text=_(
            "The introduction of the period's SSC Species Report, as rich text; a "
            "paragraph in bold and nothing else is a heading. Empty: the standard introduction."
        ),
        validators=[RichTextLimits("Introduction")],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lte=models.F("end")),
                name="period_start_before_end",
                violation_error_message=_("The start of a period cannot be after its end."),
            )
        ]

    def __str__(self) -> str:
        return self.label


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports the user may see: all for staff, their groups' for officers, none else."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(group__memberships__user=user)


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="reports")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    projected_impact = models.TextField(
        blank=True,
        help_text=_("Projected impact for the quadrennium (Markdown subset)."),
        validators=[RichTextLimits("Projected impact")],
    )
    acknowledgements = models.TextField(
        blank=True,
        help_text=_("Markdown subset."),
        validators=[RichTextLimits("Acknowledgements")],
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    pdf_language = models.CharField(
        max_length=8,
        choices=Language.choices,
        default=Language.ENGLISH,
        verbose_name=_("language of the PDF"),
        help_text=_(
            "The language of the stand-alone PDF's headings and labels; what the group wrote "
            "stays as written. SSC publishes in English."
        ),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approved_pdf = models.FileField(
        upload_to="approved/",
        blank=True,
        max_length=255,
        editable=False,
        help_text=_("The PDF stored at approval; what everyone downloads from then on."),
    )
    # The report's stored progress, derived from its content and its group's and written only
    # by ssc_reports.entry.progress.refresh_report_progress (every write service calls it):
    # what the staff dashboard and the filtered exports read, filter and sort by.
    last_edited_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="The latest edit of its content."
    )
    completeness = models.PositiveSmallIntegerField(
        default=0,
        editable=False,
        help_text="Percent of the pre-submit checklist's required sections that are complete.",
    )
    missing = models.JSONField(
        default=list, blank=True, editable=False, help_text="What those sections still lack."
    )

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at", "last_edited_at", "completeness", "missing"]
    )

    class Meta:
        ordering = ["period", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "period"],
                name="report_unique_group_period",
                violation_error_message=_("This group already has a report for this period."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "submitted", "returned", "approved"]),
                name="report_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(pdf_language__in=Language.values),
                name="report_pdf_language_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group.acronym} {self.period.label}"

    def get_absolute_url(self) -> str:
        return reverse(
            "reports:detail", kwargs={"acronym": self.group.acronym, "period": self.period.label}
        )

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class Photo(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="photos/", validators=[validate_image_file], max_length=255)
    caption = models.TextField(
        blank=True,
        help_text=_("Markdown subset, inline only."),
        validators=[RichTextLimits("Caption")],
    )
    credit = models.CharField(
        max_length=200, blank=True, help_text=_("Shown as 'Photo: <credit>'.")
    )
    component = models.CharField(
        max_length=20,
        choices=Component.choices,
        blank=True,
        help_text=_("Section of 'Activities and results' the photo sits in."),
    )
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "order", "pk"]

    def __str__(self) -> str:
        return self.credit or self.image.name


class ReportEvent(models.Model):
    """One transition of a report's status: who, when, from, to, why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(auto_now_add=True)
    old_status = models.CharField(max_length=20, choices=Report.Status.choices)
    new_status = models.CharField(max_length=20, choices=Report.Status.choices)
    reason = models.TextField(blank=True)
    snapshot = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("The report's content at a submission (review/snapshots.py), for the diff."),
    )

    class Meta:
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report}: {self.old_status} -> {self.new_status}"
