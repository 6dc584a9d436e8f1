"""Download of a report as PDF (the group's own officers and staff only)."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404

from ssc_reports.models import Report
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


def report_pdf(request, acronym: str, period: str):
    """GET /reports/<acronym>/<period>/pdf/: the rendered PDF as an attachment; for an
    approved report, the PDF stored at approval."""
    report = get_object_or_404(
        Report.objects.visible_to(request.user).select_related("group", "period"),
        group__acronym=acronym,
        period__label=period,
    )
    if not can_view_report(request.user, report):
        raise Http404
    approved = approved_pdf_response(report)
    if approved is not None:
        return approved  # once approved, everyone downloads the stored, final PDF
    from ssc_reports.pdf.render import render_report_pdf  # WeasyPrint loads only when needed

    response = HttpResponse(render_report_pdf(report), content_type="application/pdf")
    filename = f"{report.group.acronym}-{report.period.label}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
