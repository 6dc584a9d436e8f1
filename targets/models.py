"""The Species Strategic Plan: quadrennia, KSRs, regions, the groups' targets and their statuses."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Component(models.TextChoices):
    """Components of the Species Conservation Cycle, in report order."""

    ASSESS = "assess", _("Assess")
    PLAN = "plan", _("Plan")
    ACT = "act", _("Act")
    NETWORK = "network", _("Network")
    COMMUNICATE = "communicate", _("Communicate")


COMPONENT_ORDER = {value: index for index, value in enumerate(Component.values)}


class Status(models.TextChoices):
    """Status of a target in a reporting period (chart legend order)."""

    NO_LONGER_A_PRIORITY = "no_longer_a_priority", _("No longer a priority")
    NOT_INITIATED = "not_initiated", _("Not initiated")
    ON_TRACK = "on_track", _("On track")
    ACHIEVED = "achieved", _("Achieved")


target_code_validator = RegexValidator(r"^T-[0-9]{3}$", _("A target code looks like T-001."))


class Quadrennium(models.Model):
    label = models.CharField(
        max_length=9, unique=True, validators=[RegexValidator(r"^[0-9]{4}-[0-9]{4}$")]
    )
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lte=models.F("end")), name="quadrennium_start_before_end"
            )
        ]

    def __str__(self) -> str:
        return self.label


class Region(models.Model):
    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=60)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class KSR(models.Model):
    """A Key Species Result of the Strategic Plan."""

    quadrennium = models.ForeignKey(Quadrennium, on_delete=models.PROTECT, related_name="ksrs")
    number = models.PositiveIntegerField()
    component = models.CharField(max_length=20, choices=Component.choices)
    title = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)
    title_provisional = models.BooleanField(
        default=False,
        help_text=_("The title is our wording, not SSC's: staff see it marked provisional."),
    )

    class Meta:
        ordering = ["quadrennium", "number"]
        verbose_name = _("KSR")
        verbose_name_plural = _("KSRs")
        constraints = [
            models.UniqueConstraint(fields=["quadrennium", "number"], name="ksr_unique_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="ksr_number_positive"),
        ]

    def __str__(self) -> str:
        return f"KSR {self.number}" + (f": {self.title}" if self.title else "")


class TargetQuerySet(models.QuerySet):
    def active(self):
        return self.filter(retired=False)

    def of_report(self, report):
        """The group's targets of the quadrennium the report's period belongs to."""
        return self.filter(group_id=report.group_id, quadrennium_id=report.period.quadrennium_id)


class Target(models.Model):
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="targets")
    quadrennium = models.ForeignKey(Quadrennium, on_delete=models.PROTECT, related_name="targets")
    code = models.CharField(max_length=5, validators=[target_code_validator])
    component = models.CharField(max_length=20, choices=Component.choices)
    title = models.TextField()
    regions = models.ManyToManyField(Region, blank=True, related_name="targets")
    retired = models.BooleanField(
        default=False,
        help_text=_("A retired target is no longer reported on; it is never deleted."),
    )
    ksr = models.ForeignKey(
        KSR,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name="main KSR",
        help_text="The Key Species Result the target mainly serves (set by an approved plan).",
    )
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_into",
        help_text="The unfinished target of the previous quadrennium this one continues.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TargetQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[regions])

    class Meta:
        ordering = ["group", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "quadrennium", "code"],
                name="target_unique_code",
                violation_error_message=_("This group already has a target with this code."),
            ),
            models.CheckConstraint(
                condition=models.Q(component__in=Component.values), name="target_component_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def component_order(self) -> int:
        return COMPONENT_ORDER[self.component]


class TargetStatus(models.Model):
    """The status of a target in one report, i.e. for one reporting period."""

    report = models.ForeignKey(
        "ssc_reports.Report", on_delete=models.CASCADE, related_name="target_statuses"
    )
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(max_length=30, choices=Status.choices)
    confirmed = models.BooleanField(
        default=True,
        help_text=_(
            "False while the status is the one carried over from the previous report, "
            "until an officer confirms or changes it for this period."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = _("target statuses")
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="target_status_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="target_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target.code}: {self.get_status_display()}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.report_id and self.target_id and self.report.group_id != self.target.group_id:
            raise ValidationError({"target": _("The target belongs to another group.")})
