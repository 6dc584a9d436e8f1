"""{% pdf_notice report %}: on the report's pages, the state of its PDF when there is
something to say: an approved report whose final PDF is still being made (or failed), or a
render of the report that failed (what and why). One query."""

from django import template

from ssc_reports.models import Report
from ssc_reports.models.pdf import ReportPdf

register = template.Library()


@register.inclusion_tag("entry/_pdf_notice.html")
def pdf_notice(report):
    if not isinstance(report, Report):
        return {}
    if report.status == Report.Status.APPROVED and report.approved_pdf:
        return {}
    last = report.pdf_renders.order_by("-created_at", "-pk").first()
    if report.status == Report.Status.APPROVED:
        failed = last is not None and last.final and last.status == ReportPdf.Status.FAILED
        return {"report": report, "pending_final": not failed, "failed": last if failed else None}
    if last is not None and last.status == ReportPdf.Status.FAILED:
        return {"report": report, "failed": last}
    return {}
