"""Download of a report as PDF (the group's own officers and staff only).

No request renders: the download serves the PDF the background worker rendered for the
report's current content (ssc_reports.pdf.cache), or the approved PDF frozen at approval;
when there is none yet, a page that says so, shows the progress and fetches the file when it
is ready (static/js/report_pdf.js polling `report_pdf_status`)."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ssc_reports.models import Report
from ssc_reports.pdf.cache import pdf_state
from ssc_reports.permissions import can_view_report


def approved_pdf_response(report: Report) -> FileResponse | None:
    """The stored approved PDF as a download, or None before approval. The officers' and
    staff's PDF download serves this once a report is approved."""
    if report.status != Report.Status.APPROVED or not report.approved_pdf:
        return None
    return FileResponse(
        report.approved_pdf.open("rb"),
        as_attachment=True,
        filename=f"{report.group.acronym}-{report.period.label}.pdf",
        content_type="application/pdf",
    )


def _report(request, acronym: str, period: str) -> Report:
    report = get_object_or_404(
        Report.objects.visible_to(request.user).select_related("group", "period"),
        group__acronym=acronym,
        period__label=period,
    )
    if not can_view_report(request.user, report):
        raise Http404
    return report


def report_pdf(request, acronym: str, period: str):
    """GET /reports/<acronym>/<period>/pdf/: the PDF as an attachment (for an approved report,
    the PDF stored at approval), or the "preparing" page while the worker renders it."""
    report = _report(request, acronym, period)
    approved = approved_pdf_response(report)
    if approved is not None:
        return approved  # once approved, everyone downloads the stored, final PDF
    state = pdf_state(report)
    if state.ready:
        return FileResponse(
            default_storage.open(state.name, "rb"),
            as_attachment=True,
            filename=f"{report.group.acronym}-{report.period.label}.pdf",
            content_type="application/pdf",
        )
    return render(
        request,
        "entry/pdf_preparing.html",
        {
            "report": report,
            "pdf": state,
            "status": state.as_json(),
            "download_url": request.path,
            "status_url": reverse("report_pdf_status", args=[acronym, period]),
        },
    )


def report_pdf_status(request, acronym: str, period: str):
    """GET .../pdf/status/: the state of the report's PDF as JSON, for the preparing page."""
    report = _report(request, acronym, period)
    return JsonResponse(pdf_state(report).as_json())
