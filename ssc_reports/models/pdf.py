"""A report's PDF render in the background: one row per report and content key."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Why a render failed, when the app itself refused it: stored as the key (ReportPdf.error) and
# written in the reader's language (ReportPdf.error_text). Other failures store the exception's
# type and message, technical and shown as they are.
FAILURES = {
    "changed_after_approval": _(
        "The report's content changed after its approval (the group's information, officers or "
        "targets were edited): reopen the report and approve it again."
    ),
    "superseded_before_render": _("The report changed before its PDF was rendered."),
    "superseded_during_render": _("The report changed while its PDF was rendered."),
}


class ReportPdf(models.Model):
    """The render of one content version (`key`, ssc_reports.compile.part_key) of a report.

    The PDF itself is stored (Django's storage API) as `cache/parts/<key>.pdf`, shared with
    the compilation (ssc_reports.pdf.keys). `final` rows are the approval's: once rendered,
    the file is frozen into `Report.approved_pdf`. The row is also the log of the render: who
    asked, when it was queued, started and finished, how long it took, what failed and why.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    report = models.ForeignKey(
        "ssc_reports.Report", on_delete=models.CASCADE, related_name="pdf_renders"
    )
    key = models.CharField(max_length=64)
    final = models.BooleanField(
        default=False, help_text=_("The approval's render: frozen into the approved PDF when done.")
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=1)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True, help_text=_("How long the render took."))

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="reportpdf_unique_key"),
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="reportpdf_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"PDF of report #{self.report_id} {self.key[:12]} ({self.status})"

    @property
    def error_text(self) -> str:
        """Why it failed, in the active language for the app's own refusals (FAILURES)."""
        return str(FAILURES[self.error]) if self.error in FAILURES else self.error

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def is_stalled(self, limit: float) -> bool:
        """Rendering for longer than the time limit allows (plus a margin): its worker died."""
        if self.status != self.Status.RUNNING or self.started_at is None:
            return False
        return (timezone.now() - self.started_at).total_seconds() > limit + 60
