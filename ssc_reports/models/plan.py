"""Planning a quadrennium: the planning round staff open for a new quadrennium, each group's
plan (mission, projected impact, proposed targets), its transitions and its review comments.

Part of the ssc_reports app's models (ssc_reports/models/).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ssc_reports.richtext import RichTextLimits
from targets.models import COMPONENT_ORDER, Component, target_code_validator


class PlanningRound(models.Model):
    """Planning of one quadrennium, opened by staff (planning.services.open_quadrennium):
    where its reference data was copied from, and the planning deadline."""

    quadrennium = models.OneToOneField(
        "targets.Quadrennium", on_delete=models.PROTECT, related_name="planning"
    )
    previous = models.ForeignKey(
        "targets.Quadrennium",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The quadrennium whose reference data was copied and whose targets carry."),
    )
    deadline = models.DateField(
        null=True, blank=True, help_text=_("Last day groups may edit and submit their plans.")
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-quadrennium__start"]

    def __str__(self) -> str:
        return f"Planning {self.quadrennium.label}"


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Plans the user may see: all for staff, their groups' for officers, none else."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(group__memberships__user=user)


class Plan(models.Model):
    """A group's plan for a quadrennium: what it will achieve and the targets it proposes."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    EDITABLE = (Status.NOT_STARTED, Status.DRAFT, Status.RETURNED)

    planning = models.ForeignKey(PlanningRound, on_delete=models.CASCADE, related_name="plans")
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="plans")
    mission = models.TextField(
        blank=True,
        verbose_name=_("mission"),
        help_text=_("The group's mission for the quadrennium (Markdown subset)."),
        validators=[RichTextLimits("Mission")],
    )
    projected_impact = models.TextField(
        blank=True,
        verbose_name=_("projected impact"),
        help_text=_("What the group expects to achieve by the end of the quadrennium."),
        validators=[RichTextLimits("Projected impact")],
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    extended_until = models.DateField(
        null=True,
        blank=True,
        help_text=_("An extension staff granted: the group may edit until this day."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["planning", "group__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["planning", "group"],
                name="plan_unique_group",
                violation_error_message="This group already has a plan for this quadrennium.",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["not_started", "draft", "submitted", "returned", "approved"]
                ),
                name="plan_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group.acronym} plan {self.planning.quadrennium.label}"

    def get_absolute_url(self) -> str:
        return reverse(
            "plans:detail",
            kwargs={"acronym": self.group.acronym, "label": self.planning.quadrennium.label},
        )

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class PlannedTarget(models.Model):
    """A target a group proposes for the quadrennium; approval makes it a targets.Target."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(max_length=5, validators=[target_code_validator])
    component = models.CharField(
        max_length=20, choices=Component.choices, verbose_name=_("component")
    )
    title = models.TextField(verbose_name=_("title"))
    regions = models.ManyToManyField(
        "targets.Region", blank=True, related_name="+", verbose_name=_("regions")
    )
    ksr = models.ForeignKey(
        "targets.KSR",
        on_delete=models.PROTECT,
        related_name="planned_targets",
        verbose_name=_("main KSR"),
        help_text=_("The Key Species Result the target mainly serves."),
    )
    carried_from = models.ForeignKey(
        "targets.Target",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_into_plans",
        help_text=_("The unfinished target of the previous quadrennium this one continues."),
    )
    approved_as = models.OneToOneField(
        "targets.Target",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="approved_from",
        help_text=_(
            "The group's target the plan's approval made of this one; a later approval (of "
            "a reopened plan) updates it."
        ),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[regions])

    class Meta:
        ordering = ["plan", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="planned_target_unique_code",
                violation_error_message="This plan already has a target with this code.",
            ),
            models.UniqueConstraint(
                fields=["plan", "carried_from"],
                name="planned_target_carried_once",
                violation_error_message="This target was already carried forward.",
            ),
            models.CheckConstraint(
                condition=models.Q(component__in=Component.values),
                name="planned_target_component_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def component_order(self) -> int:
        return COMPONENT_ORDER[self.component]


class PlanEvent(models.Model):
    """One transition of a plan's status: who, when, from, to, why."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    old_status = models.CharField(max_length=20, choices=Plan.Status.choices)
    new_status = models.CharField(max_length=20, choices=Plan.Status.choices)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.old_status} -> {self.new_status}"


class PlanComment(models.Model):
    """A comment on a plan by staff or the group's officers, optionally on one target."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    target = models.ForeignKey(
        PlannedTarget, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(verbose_name=_("comment"))
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "created", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class PlanPdf(models.Model):
    """The background render of an approved plan's PDF (one row per plan and content key)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="pdf_renders")
    key = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to="plans/", blank=True, max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="planpdf_unique_key"),
        ]

    def __str__(self) -> str:
        return f"PDF of plan #{self.plan_id} ({self.status})"
