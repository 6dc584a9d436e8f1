"""Template tags of the review side.

{% load review %}
{% section_comments report "targets" %}   the comment threads of one section (two queries)
{% report_state_banner %}                   the report's state and lock, told once
{{ value|diff_value }}                      a snapshot or history value, readable
"""

from django import template
from django.urls import reverse

from ssc_reports.models import Report
from ssc_reports.models.review import Section
from ssc_reports.permissions import is_group_officer, is_staff
from ssc_reports.review.comments import comment_threads, commented_sections, section_url
from ssc_reports.review.lock import report_lock_state

register = template.Library()


@register.inclusion_tag("review/_section_comments.html", takes_context=True)
def section_comments(context, report, section, comments=None, level=3):
    """The comment threads on `section` of `report`, unresolved ones first, with the reply
    and resolve forms for those who may use them. Pass `comments` (a list from
    `comment_threads`) to reuse comments already loaded, and `level` for the heading's level
    where the threads stand (2 on the group's pages, 3 under a section's heading)."""
    if comments is None:
        comments = comment_threads(report, section)
    else:
        comments = [c for c in comments if c.section == section]
    comments.sort(key=lambda c: (c.resolved, c.created, c.pk))
    request = context.get("request")
    user = getattr(request, "user", None)
    staff = user is not None and is_staff(user)
    may_take_part = bool(comments) and (staff or is_group_officer(user, report.group))
    kwargs = {"acronym": report.group.acronym, "period": report.period.label}
    for comment in comments:
        comment.reply_url = reverse("review:comment_reply", kwargs={**kwargs, "pk": comment.pk})
        comment.resolve_url = reverse("review:comment_resolve", kwargs={**kwargs, "pk": comment.pk})
    return {
        "comments": comments,
        "open_count": sum(1 for c in comments if not c.resolved),
        "section": section,
        "section_title": Section(section).label if section in Section.values else section,
        "may_take_part": may_take_part,
        "may_reopen": staff,
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
        "level": level if level in (2, 3, 4) else 3,
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
    it and why. No query when the page loaded the report with its deadline_extension. The
    group's report pages tell it in their one state banner instead (`state_banner`)."""
    report = context.get("report")
    if not isinstance(report, Report) or context.get("state_banner"):
        return {"report_lock": None}
    return {"report_lock": {"report": report, "state": report_lock_state(report)}}


@register.inclusion_tag("review/_review_notice.html")
def review_notice(report):
    """For the group, on its report pages: why SSC returned the report and the sections to
    look at (with links), or where the approved PDF is. No query unless returned."""
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


@register.inclusion_tag("review/_state_banner.html", takes_context=True)
def report_state_banner(context):
    """The one banner of a group's report page: the report's state (draft, submitted,
    returned with the reason and the sections with unresolved threads, approved with the
    approved PDF), whether it can be edited now and why not. Needs `report`, `can_edit` and
    `read_only_reason` in the context."""
    report = context["report"]
    lock = report_lock_state(report)
    notice = review_notice(report)
    return {
        "report": report,
        "lock": lock,
        "can_edit": context.get("can_edit"),
        "read_only_reason": context.get("read_only_reason", ""),
        **notice,
    }
