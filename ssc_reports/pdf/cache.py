"""A report's PDF, rendered by the background worker once per content version.

No web request renders a PDF. The PDF of a report's current content lives in the
compilation's part cache under the content's key (`pdf.keys.part_key`: the report's
`ssc-report/1` export, its images, its status and the renderer's code and templates), so the
download, the approval and the compilation share one cache: a part the compilation rendered
is downloaded at once, and the approval's final PDF is a part the compilation reuses.

- `pdf_state(report)`: what the download has for the current content: the cached file, or a
  ReportPdf row (queued, rendering, failed) after asking the worker for it (`request_pdf`).
- `render_pdf_task(render_id, attempt)`: the worker's task. It renders with the time limit
  (SSC_PDF_TIME_LIMIT), stores the file under its content key (Django's storage API) and,
  for the approval's render (`final`), freezes it into `Report.approved_pdf`.
- `request_final_pdf(report=)`: what `approve_report` calls, inside its transaction: a final
  row for the approved content, queued after commit.

Nothing can change the approved content before its PDF is frozen: the report is not editable
once approved, and the group's shared information (group, officers, targets) is read-only on
every report of the group while a final PDF is pending (`final_pdf_pending`); should it
change anyway (admin, import), the render refuses to freeze another content than the one
approved and says so.
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from ssc_reports.entry.progress import lock_progress_scope, refresh_report_progress
from ssc_reports.models import Report
from ssc_reports.models.pdf import ReportPdf
from ssc_reports.pdf.keys import part_exists, part_key, part_name, save_part

logger = logging.getLogger("ssc_reports.pdf.cache")


def content_key(report: Report) -> str:
    """The key of the report's current content (the compilation's part key)."""
    return part_key(report)


def cached_file(key: str) -> str:
    """The stored name of the PDF of content key `key` (it may not be stored yet)."""
    return part_name(key)


def _enqueue(render: ReportPdf) -> None:
    attempt = render.attempts

    def enqueue():
        result = render_pdf_task.enqueue(render.pk, attempt)
        ReportPdf.objects.filter(pk=render.pk, attempts=attempt).update(task_id=str(result.id))

    transaction.on_commit(enqueue)


def request_pdf(*, report: Report, key: str, final: bool = False) -> ReportPdf:
    """The render of `key`, queued for the worker unless it is queued, running or done.

    A failed render is not queued again by a download (it would fail again the same way);
    a render whose worker died (running past its time limit) is."""
    with transaction.atomic():
        render = ReportPdf.objects.select_for_update().filter(report=report, key=key).first()
        if render is None:
            try:
                with transaction.atomic():
                    render = ReportPdf.objects.create(report=report, key=key, final=final)
            except IntegrityError:  # another request created it first
                return ReportPdf.objects.get(report=report, key=key)
            _enqueue(render)
            return render
        busy = render.status in (ReportPdf.Status.QUEUED, ReportPdf.Status.RUNNING)
        # An approval always runs its render (to freeze the file, even one already cached).
        again = render.is_stalled(settings.SSC_PDF_TIME_LIMIT) or (final and not busy)
        if render.status == ReportPdf.Status.DONE and not part_exists(key):
            again = True  # the cached file was pruned
        if again:
            stamp = timezone.now()
            render.attempts += 1
            render.final = render.final or final
            render.status = ReportPdf.Status.QUEUED
            render.error = ""
            render.created_at = stamp
            render.started_at = render.finished_at = None
            render.save()
            _enqueue(render)
        return render


@transaction.atomic
def request_final_pdf(*, report: Report) -> ReportPdf:
    """The approval's render of the approved content (its key taken now), queued on commit."""
    return request_pdf(report=report, key=content_key(report), final=True)


@dataclass
class PdfState:
    """What the download has for a report's current content."""

    state: str  # "ready", "queued", "running", "failed"
    name: str | None = None  # the stored PDF, when ready and not frozen
    render: ReportPdf | None = None
    final: bool = False

    @property
    def ready(self) -> bool:
        return self.state == "ready"

    def as_json(self) -> dict:
        render = self.render
        elapsed = estimate = None
        if render is not None and render.status == ReportPdf.Status.RUNNING and render.started_at:
            elapsed = round((timezone.now() - render.started_at).total_seconds(), 1)
        if render is not None:
            estimate = getattr(render, "estimate", None)
        return {
            "state": self.state,
            "ready": self.ready,
            "final": self.final,
            "message": self.message,
            "elapsed": elapsed,
            "estimate": estimate,
            "time_limit": settings.SSC_PDF_TIME_LIMIT,
        }

    @property
    def message(self) -> str:
        if self.state == "ready":
            return _("The final PDF is ready.") if self.final else _("The PDF is ready.")
        if self.state == "failed":
            message = (
                _("The final PDF could not be produced: %(error)s")
                if self.final
                else _("The PDF could not be produced: %(error)s")
            )
            return message % {"error": self.render.error}
        if self.state == "running":
            return (
                _("The final PDF is being prepared.")
                if self.final
                else _("The PDF is being prepared.")
            )
        if self.final:
            return _("The final PDF is waiting for the background worker.")
        return _("The PDF is waiting for the background worker.")


def _with_estimate(render: ReportPdf) -> ReportPdf:
    """Attach how long the report's last successful render took (for the progress bar)."""
    render.estimate = (
        ReportPdf.objects.filter(report_id=render.report_id, status=ReportPdf.Status.DONE)
        .exclude(seconds=None)
        .order_by("-finished_at")
        .values_list("seconds", flat=True)
        .first()
    )
    return render


def final_pdf_state(report: Report) -> PdfState:
    """An approved report: its frozen PDF, or the state of the approval's render."""
    if report.approved_pdf:
        return PdfState("ready", final=True)
    render = report.pdf_renders.filter(final=True).order_by("-created_at", "-pk").first()
    if render is None:
        return PdfState("queued", final=True)
    if render.is_stalled(settings.SSC_PDF_TIME_LIMIT):  # its worker died: queue it again
        render = request_pdf(report=report, key=render.key, final=True)
    state = "queued" if render.status == ReportPdf.Status.DONE else render.status
    return PdfState(state, render=_with_estimate(render), final=True)


def pdf_state(report: Report) -> PdfState:
    """The cached PDF of the report's current content, or the state of its render (asked of
    the worker now if nobody has). A constant number of queries; never renders."""
    if report.status == Report.Status.APPROVED:
        return final_pdf_state(report)
    key = content_key(report)
    if part_exists(key):
        return PdfState("ready", name=cached_file(key))
    render = request_pdf(report=report, key=key)
    state = "queued" if render.status == ReportPdf.Status.DONE else render.status
    return PdfState(state, render=_with_estimate(render))


def final_pdf_pending(group_id: int) -> bool:
    """Whether a report of the group is approved and the worker is still making its final PDF
    (queued or rendering). A final render that failed, or an approved report that never had
    one (imported, or approved before PDFs were made in the background), locks nothing."""
    return ReportPdf.objects.filter(
        report__group_id=group_id,
        report__status=Report.Status.APPROVED,
        report__approved_pdf="",
        final=True,
        status__in=[ReportPdf.Status.QUEUED, ReportPdf.Status.RUNNING],
    ).exists()


# --------------------------------------------------------------------------------------------
# The worker's side.


def approved_pdf_name(report: Report) -> str:
    return f"{report.group.acronym}-{report.period.label}-approved.pdf"


def _freeze(render: ReportPdf, name: str) -> bool:
    """Store the final PDF in `approved_pdf` if the report is still approved with this
    content and has none yet. Side effects: the report's history row, and so its stored
    summary's last edit."""
    with transaction.atomic():
        lock_progress_scope(report_ids=[render.report_id])  # the app's lock order
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("group", "period")
            .get(pk=render.report_id)
        )
        if report.status != Report.Status.APPROVED or report.approved_pdf:
            return False
        with default_storage.open(name, "rb") as stream:
            report.approved_pdf.save(approved_pdf_name(report), stream, save=False)
        report.save(update_fields=["approved_pdf"])
        refresh_report_progress(report_ids=[report.pk])
        return True


def _mine(render_id: int, attempt: int):
    return ReportPdf.objects.filter(pk=render_id, attempts=attempt)


def run_render(render_id: int, attempt: int) -> dict:
    """Render (or reuse) the PDF of a ReportPdf row; the work of `render_pdf_task`."""
    from ssc_reports.pdf.render import render_report_pdf

    started = timezone.now()
    claimed = _mine(render_id, attempt).filter(status=ReportPdf.Status.QUEUED)
    if not claimed.update(status=ReportPdf.Status.RUNNING, started_at=started):
        return {"skipped": True}
    render = ReportPdf.objects.select_related("report").get(pk=render_id)
    report = render.report

    def fail(message: str) -> dict:
        logger.warning("PDF of report %s (%s): %s", report.pk, render.key[:12], message)
        _mine(render_id, attempt).update(
            status=ReportPdf.Status.FAILED, error=message[:2000], finished_at=timezone.now()
        )
        return {"failed": message}

    if content_key(report) != render.key:
        if render.final:
            return fail("changed_after_approval")  # keys of ssc_reports.models.pdf.FAILURES
        return fail("superseded_before_render")
    seconds = None
    if not part_exists(render.key):
        mark = time.perf_counter()
        try:
            data = render_report_pdf(report)
        except Exception as error:  # noqa: BLE001 - reported on the report's page
            return fail(f"{type(error).__name__}: {error}")
        if content_key(report) != render.key:
            return fail("superseded_during_render")
        save_part(render.key, data)
        seconds = time.perf_counter() - mark
    frozen = _freeze(render, cached_file(render.key)) if render.final else False
    _mine(render_id, attempt).update(
        status=ReportPdf.Status.DONE, finished_at=timezone.now(), seconds=seconds, error=""
    )
    return {"key": render.key, "seconds": seconds, "frozen": frozen}


@task()
def render_pdf_task(render_id: int, attempt: int) -> dict:
    return run_render(render_id, attempt)
