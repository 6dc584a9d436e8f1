"""A group's plan as PDF, rendered by the background worker (no web request renders a PDF).

The plan's HTML (templates/planning/pdf.html: the plan's mission, projected impact and its
targets by component, as in the stand-alone report's targets section) is keyed by its
digest: a `PlanPdf` row per content version. The download serves the file of the current
content, or queues its render and answers the "preparing" page (static/js/report_pdf.js polls
the status). Unchanged content is never rendered twice."""

import hashlib
import logging
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_tasks import task

from ssc_reports.models import Plan, PlanPdf, Report
from targets import palette
from targets.models import Component

logger = logging.getLogger("ssc_reports.planning.pdf")


def plan_pdf_language(plan: Plan) -> str:
    """The language of the plan PDF's fixed labels: the one the group chose for its latest
    report's PDF (Report.pdf_language), else English. Never the language of whoever asks:
    the worker renders the same HTML, whatever language its process runs in."""
    language = (
        Report.objects.filter(group_id=plan.group_id)
        .order_by("-period__start")
        .values_list("pdf_language", flat=True)
        .first()
    )
    return language or "en"


def plan_html(plan: Plan) -> str:
    """The plan as the HTML WeasyPrint lays out (cheap: no layout here), its fixed labels in
    `plan_pdf_language(plan)`; what the group wrote stays as written."""
    with translation.override(plan_pdf_language(plan)):
        return _plan_html(plan)


def _plan_html(plan: Plan) -> str:
    from ssc_reports.pdf.render import static_url  # noqa: PLC0415 - loads WeasyPrint

    targets = list(plan.targets.select_related("ksr", "carried_from").prefetch_related("regions"))
    targets.sort(key=lambda t: (t.component_order, t.code))
    labels = dict(Component.choices)
    blocks = [
        {"component": component, "label": labels[component], "targets": list(items)}
        for component, items in groupby(targets, key=lambda t: t.component)
    ]
    return render_to_string(
        "planning/pdf.html",
        {
            "plan": plan,
            "group": plan.group,
            "quadrennium": plan.planning.quadrennium.label,
            "previous": plan.planning.previous.label if plan.planning.previous_id else "",
            "blocks": blocks,
            "draft": plan.status != Plan.Status.APPROVED,
            "stylesheet_url": static_url("pdf/report.css"),
            "palette_css": mark_safe(palette.palette_css()),  # noqa: S308 - our constants
        },
    )


def content_key(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


@dataclass
class PlanPdfState:
    state: str  # "ready", "queued", "running", "failed"
    render: PlanPdf

    @property
    def ready(self) -> bool:
        return self.state == "ready"

    @property
    def message(self) -> str:
        if self.state == "ready":
            return str(_("The PDF is ready."))
        if self.state == "failed":
            return str(_("The PDF could not be produced: %(error)s") % {"error": self.render.error})
        if self.state == "running":
            return str(_("The PDF is being prepared."))
        return str(_("The PDF is waiting for the background worker."))

    def as_json(self) -> dict:
        return {
            "state": self.state,
            "ready": self.ready,
            "final": False,
            "message": self.message,
            "elapsed": None,
            "estimate": None,
            "time_limit": settings.SSC_PDF_TIME_LIMIT,
        }


def plan_pdf_state(plan: Plan, *, request: bool = True) -> PlanPdfState:
    """The PDF of the plan's current content: its row, queued for the worker if new."""
    key = content_key(plan_html(plan))
    render = PlanPdf.objects.filter(plan=plan, key=key).first()
    if render is None:
        try:
            with transaction.atomic():
                render = PlanPdf.objects.create(plan=plan, key=key)
                pk = render.pk
                transaction.on_commit(lambda: render_plan_pdf_task.enqueue(pk))
        except IntegrityError:  # asked by someone else at the same moment
            render = PlanPdf.objects.get(plan=plan, key=key)
    state = "ready" if render.status == PlanPdf.Status.DONE and render.file else render.status
    return PlanPdfState(state=state, render=render)


def run_plan_render(render_id: int) -> str:
    """Render one PlanPdf (the worker's task body); returns its final status."""
    from ssc_reports.pdf.render import html_to_pdf  # noqa: PLC0415 - loads WeasyPrint
    from ssc_reports.pdf.render_limit import run_with_time_limit  # noqa: PLC0415

    updated = PlanPdf.objects.filter(pk=render_id, status=PlanPdf.Status.QUEUED).update(
        status=PlanPdf.Status.RUNNING
    )
    if not updated:
        return "skipped"
    render = PlanPdf.objects.select_related("plan__group", "plan__planning__quadrennium").get(
        pk=render_id
    )
    plan = render.plan
    try:
        html = plan_html(plan)
        if content_key(html) != render.key:
            raise ValueError(_("The plan changed since the PDF was asked for; ask again."))
        data = run_with_time_limit(html_to_pdf, html)
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the row and logged
        logger.warning("plan PDF %s failed: %s", render_id, exc)
        render.status, render.error = PlanPdf.Status.FAILED, str(exc)[:2000]
    else:
        name = f"{plan.group.acronym}-plan-{plan.planning.quadrennium.label}.pdf"
        render.file.save(name, ContentFile(data), save=False)
        render.status = PlanPdf.Status.DONE
    render.finished_at = timezone.now()
    render.save()
    return render.status


@task()
def render_plan_pdf_task(render_id: int) -> str:
    return run_plan_render(render_id)
