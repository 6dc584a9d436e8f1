"""Activity categories, the indicator catalogue, and the activities and results of a report."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from ssc_reports.richtext import RichTextLimits
from targets.models import Component


class ActivityCategory(models.Model):
    component = models.CharField(max_length=20, choices=Component.choices)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["component", "name"]
        verbose_name_plural = "activity categories"
        constraints = [
            models.UniqueConstraint(fields=["component", "name"], name="category_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_component_display()})"


class Indicator(models.Model):
    class Kind(models.TextChoices):
        QUANTITATIVE = "quantitative", "Quantitative (a number)"
        QUALITATIVE = "qualitative", "Qualitative (a text)"

    text = models.CharField(max_length=400, unique=True)
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
        default=True, help_text="Standard indicators come from the SSC catalogue."
    )
    needs_review = models.BooleanField(
        default=False, help_text="Added by an import or a group; staff should review it."
    )
    definition = models.TextField(blank=True)

    class Meta:
        ordering = ["text"]

    def __str__(self) -> str:
        return self.text


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
    ssc_grant_awarded = models.BooleanField(default=False, verbose_name="SSC grant awarded")
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["report", "order", "pk"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return f"{self.target.code} / {self.category.name} (KSR {self.ksr.number})"

    def clean(self):
        errors = {}
        if self.report_id and self.target_id and self.report.group_id != self.target.group_id:
            errors["target"] = "The target belongs to another group."
        if self.target_id and self.category_id and self.category.component != self.target.component:
            errors["category"] = "The category belongs to another component than the target."
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
        help_text="Result description (Markdown subset).",
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
                violation_error_message="A result holds either a number or a text, not both.",
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
        value = self.value
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    @property
    def is_quantitative(self) -> bool:
        return self.value_number is not None
