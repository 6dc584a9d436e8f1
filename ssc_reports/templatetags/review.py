"""Template tags of the review side.

{% load review %}
{% section_comments report "targets" %}   reviewers' comments on one section (one query)
{{ value|diff_value }}                      a snapshot or history value, readable
"""

from django import template

from ssc_reports.models import Report
from ssc_reports.models.review import ReviewComment, Section
from ssc_reports.review.comments import commented_sections, section_url
from ssc_reports.review.lock import report_lock_state

register = template.Library()


@register.inclusion_tag("review/_section_comments.html")
def section_comments(report, section, comments=None):
    """The reviewers' comments on `section` of `report`, open ones first. Pass `comments`
    (a list) to reuse comments already loaded."""
    if comments is None:
        comments = list(
            ReviewComment.objects.filter(report=report, section=section).select_related(
                "author", "target", "activity__target", "activity__category", "activity__ksr"
            )
        )
    else:
        comments = [c for c in comments if c.section == section]
    comments.sort(key=lambda c: (c.resolved, c.created, c.pk))
    return {
        "comments": comments,
        "open_count": sum(1 for c in comments if not c.resolved),
        "section": section,
        "section_title": Section(section).label if section in Section.values else section,
    }


@register.filter
def diff_value(value):
    if value is None or value == "":
        return "—"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return value


@register.inclusion_tag("review/_lock_banner.html", takes_context=True)
def report_lock_banner(context):
    """On every page about a report (a `report` in the context): whether the group may edit
    it and why. No query when the page loaded the report with its deadline_extension."""
    report = context.get("report")
    if not isinstance(report, Report):
        return {"report_lock": None}
    return {"report_lock": {"report": report, "state": report_lock_state(report)}}


@register.inclusion_tag("review/_review_notice.html")
def review_notice(report):
    """For the group, on its report pages: why SSC returned the report and the sections to
    look at (with links), or where the approved PDF is. No query unless returned."""
    from django.urls import reverse

    kwargs = {"acronym": report.group.acronym, "period": report.period.label}
    if report.status == Report.Status.APPROVED:
        return {
            "report": report,
            "pdf_url": reverse("review:approved_pdf", kwargs=kwargs) if report.approved_pdf else "",
        }
    if report.status != Report.Status.RETURNED:
        return {"report": report}
    event = report.events.filter(new_status=Report.Status.RETURNED).order_by("-at", "-pk").first()
    return {
        "report": report,
        "reason": event.reason if event else "",
        "sections": [
            {"key": key, "title": title, "count": count, "url": section_url(report, key)}
            for key, title, count in commented_sections(report)
        ],
        "timeline_url": reverse("review:timeline", kwargs=kwargs),
    }
