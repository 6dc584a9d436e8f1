"""Template helpers of the report pages."""

from django import template
from django.urls import NoReverseMatch, reverse

from targets.palette import REPORT_STATUS_COLOURS

register = template.Library()


@register.simple_tag
def report_url(report, name, *args):
    """{% report_url report "targets" %}: a page of the report in the `reports` namespace."""
    return reverse(f"reports:{name}", args=[report.group.acronym, report.period.label, *args])


@register.simple_tag
def report_pdf_url(report):
    """The report's PDF address once the PDF feature is installed, else ""."""
    try:
        return reverse("report_pdf", args=[report.group.acronym, report.period.label])
    except NoReverseMatch:
        try:
            return reverse("reports:report_pdf", args=[report.group.acronym, report.period.label])
        except NoReverseMatch:
            return ""


@register.simple_tag
def section_url(report, url_name):
    """{% section_url report check.url_name %} for a completeness Section's url_name."""
    return reverse(url_name, args=[report.group.acronym, report.period.label])


@register.filter
def status_badge(status: str) -> str:
    """The badge class of a report's status: its colour from the one palette
    (`targets/palette.py`, written to static/css/palette.css)."""
    return f"badge-report-{status if status in REPORT_STATUS_COLOURS else 'not_started'}"
