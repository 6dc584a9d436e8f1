"""Template tags of the review side.

{% load review %}
{% section_comments report "targets" %}   reviewers' comments on one section (one query)
{{ value|diff_value }}                      a snapshot or history value, readable
"""

from django import template

from ssc_reports.review_models import ReviewComment, Section

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
