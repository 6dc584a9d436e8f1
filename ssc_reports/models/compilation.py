"""The compiled SSC Species Report of a period: one row per compilation job."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Compilation(models.Model):
    """One run (with its retries) of compiling a period's approved reports into one PDF.

    `file` is only ever set to a complete PDF: the pipeline merges into a scratch file and
    stores it, once complete, under a name keyed by its content (network/tasks.py).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    period = models.ForeignKey(
        "ssc_reports.ReportingPeriod", on_delete=models.CASCADE, related_name="compilations"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0, help_text=_("Approved groups to include."))
    done = models.PositiveIntegerField(default=0, help_text=_("Groups rendered or reused so far."))
    rendered = models.PositiveIntegerField(default=0, help_text=_("Parts rendered (not reused)."))
    reused = models.PositiveIntegerField(default=0, help_text=_("Parts reused from the cache."))
    pages = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    log = models.TextField(blank=True, help_text=_("Retries and failures, one per line."))
    file = models.FileField(upload_to="compilations/", blank=True, max_length=255)
    content_hash = models.CharField(max_length=64, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="compilation_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"SSC Species Report {self.period.label} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def is_stalled(self, seconds: int | None = None) -> bool:
        """Running (or queued) without a sign of life for too long: its worker died."""
        if self.is_finished:
            return False
        seconds = seconds or settings.SSC_COMPILE_STALLED_AFTER
        last = self.heartbeat_at or self.created_at
        return (timezone.now() - last).total_seconds() > seconds
