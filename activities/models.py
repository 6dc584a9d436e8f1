"""Activity categories, the indicator catalogue, and the activities and results of a report."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ssc_reports.richtext import RichTextLimits
from targets.models import Component


class ActivityCategoryQuerySet(models.QuerySet):
    def offered(self):
        """Categories a new activity may use: not retired."""
        return self.filter(retired=False)

    def of_quadrennium(self, quadrennium):
        """The categories of one quadrennium's reference data (each quadrennium owns a copy)."""
        return self.filter(quadrennium=quadrennium)


class ActivityCategory(models.Model):
    quadrennium = models.ForeignKey(
        "targets.Quadrennium", on_delete=models.PROTECT, related_name="activity_categories"
    )
    component = models.CharField(max_length=20, choices=Component.choices)
    name = models.CharField(max_length=100)
    definition = models.TextField(blank=True)
    provisional = models.BooleanField(
        default=False, help_text=_("Our wording, not SSC's: staff see it marked provisional.")
    )
    retired = models.BooleanField(
        default=False,
        help_text=_("A retired category is not offered for new activities; old ones keep it."),
    )

    objects = ActivityCategoryQuerySet.as_manager()

    class Meta:
        ordering = ["component", "name"]
        verbose_name_plural = _("activity categories")
        constraints = [
            models.UniqueConstraint(
                fields=["quadrennium", "component", "name"], name="category_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_component_display()})"


class IndicatorQuerySet(models.QuerySet):
    def of_quadrennium(self, quadrennium):
        """The indicators of one quadrennium: those of its categories (an indicator belongs
        to the quadrennium of its category)."""
        return self.filter(category__quadrennium=quadrennium)

    def offered_to(self, group):
        """What the group's officers may choose for a new result: the catalogue's standard
        indicators and the group's own proposals, never a retired one or another group's
        proposal. Standard first (numbers, then texts), then the group's proposals."""
        return (
            self.filter(retired=False)
            .filter(models.Q(standard=True) | models.Q(proposed_by=group))
            .order_by("-standard", "-kind", "text", "pk")
        )


class Indicator(models.Model):
    class Kind(models.TextChoices):
        QUANTITATIVE = "quantitative", _("Quantitative (a number)")
        QUALITATIVE = "qualitative", _("Qualitative (a text)")

    class Status(models.TextChoices):
        STANDARD = "standard", _("Standard")
        PROPOSED = "proposed", _("Proposed")
        RETIRED = "retired", _("Retired")

    text = models.CharField(max_length=400)
    ksr = models.ForeignKey(
        "targets.KSR", null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    category = models.ForeignKey(
        ActivityCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.QUANTITATIVE)
    standard = models.BooleanField(
        default=True, help_text=_("Standard indicators come from the SSC catalogue.")
    )
    needs_review = models.BooleanField(
        default=False, help_text=_("Added by an import or a group; staff should review it.")
    )
    definition = models.TextField(blank=True)
    provisional = models.BooleanField(
        default=False, help_text=_("Our wording, not SSC's: staff see it marked provisional.")
    )
    retired = models.BooleanField(
        default=False,
        help_text=_("A retired indicator is not offered for new results; old results keep it."),
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
        help_text=_("Set when staff merged this indicator into another: its results moved there."),
    )
    proposed_by = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_indicators",
        help_text=_("The group that proposed it; until staff accept it, only that group sees it."),
    )
    proposed_in = models.ForeignKey(
        "ssc_reports.Report",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_indicators",
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["text"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "text"],
                condition=models.Q(standard=True),
                name="indicator_unique_standard_text",
                violation_error_message=_(
                    "The catalogue already has this indicator in this category."
                ),
            ),
            models.UniqueConstraint(
                fields=["category", "text", "proposed_by"],
                condition=models.Q(standard=False),
                name="indicator_unique_proposal_text",
                violation_error_message=_("The group already proposed this indicator."),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def status(self) -> str:
        if self.retired:
            return self.Status.RETIRED
        return self.Status.STANDARD if self.standard else self.Status.PROPOSED

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class ActivityQuerySet(models.QuerySet):
    def with_results(self):
        """Activities with their target, category, KSR and ordered results with indicators:
        what the pages, the PDF and the snapshots show, in a constant number of queries."""
        return self.select_related("target", "category", "ksr").prefetch_related(
            models.Prefetch(
                "results",
                queryset=Result.objects.select_related("indicator").order_by("order", "pk"),
            )
        )


class Activity(models.Model):
    """What a group did under one target in one report, under one category and KSR."""

    report = models.ForeignKey(
        "ssc_reports.Report", on_delete=models.CASCADE, related_name="activities"
    )
    target = models.ForeignKey(
        "targets.Target", on_delete=models.PROTECT, related_name="activities"
    )
    category = models.ForeignKey(
        ActivityCategory, on_delete=models.PROTECT, related_name="activities"
    )
    ksr = models.ForeignKey("targets.KSR", on_delete=models.PROTECT, related_name="activities")
    ssc_grant_awarded = models.BooleanField(default=False, verbose_name=_("SSC grant awarded"))
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["report", "order", "pk"]
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.target.code} / {self.category.name} (KSR {self.ksr.number})"

    def clean(self):
        errors = {}
        if self.report_id and self.target_id and self.report.group_id != self.target.group_id:
            errors["target"] = _("The target belongs to another group.")
        if self.target_id and self.category_id and self.category.component != self.target.component:
            errors["category"] = _("The category belongs to another component than the target.")
        if errors:
            raise ValidationError(errors)


class Result(models.Model):
    """One indicator's result: a number (quantitative) or a text (qualitative), never both."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="results")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="results")
    value_number = models.DecimalField(max_digits=15, decimal_places=3, null=True, blank=True)
    value_text = models.TextField(null=True, blank=True)
    description = models.TextField(
        blank=True,
        help_text=_("Result description (Markdown subset)."),
        validators=[RichTextLimits("Result description")],
    )
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(value_number__isnull=False, value_text__isnull=True)
                    | (
                        models.Q(value_number__isnull=True, value_text__isnull=False)
                        & ~models.Q(value_text="")
                    )
                ),
                name="result_exactly_one_value",
                violation_error_message=_("A result holds either a number or a text, not both."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.text}: {self.display_value}"

    @property
    def value(self):
        """The result's value as the interchange format has it: an int, a float or a text."""
        if self.value_number is None:
            return self.value_text
        if self.value_number == self.value_number.to_integral_value():
            return int(self.value_number)
        return float(self.value_number.normalize())

    @property
    def display_value(self) -> str:
        """A number in the active language's format ("1,250.5", "1 250,5", "1250,5"), a text as
        written."""
        value = self.value
        if isinstance(value, int | float):
            return number_format(value, force_grouping=True)
        return str(value)

    @property
    def is_quantitative(self) -> bool:
        return self.value_number is not None


class CatalogueChange(models.Model):
    """One change staff or a group made to the catalogue (categories, indicators, KSR titles),
    in words: who, when, what, and the values before and after."""

    class Action(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        MERGED = "merged", _("Merged")
        EDITED = "edited", _("Edited")
        RETIRED = "retired", _("Retired")
        REINSTATED = "reinstated", _("Reinstated")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    category = models.ForeignKey(
        ActivityCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    ksr = models.ForeignKey(
        "targets.KSR", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField(help_text=_("What happened, in words."))
    # What happened as a key and its parameters, written in the reader's language when shown
    # (activities.change_texts); empty for rows written before, shown as their `summary`.
    summary_key = models.CharField(max_length=40, blank=True, default="")
    summary_params = models.JSONField(default=dict, blank=True)
    changes = models.JSONField(
        default=list, blank=True, help_text=_("[[field label, before, after], ...]")
    )

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.summary
