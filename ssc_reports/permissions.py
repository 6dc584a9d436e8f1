"""Who may do what with a report. Querysets are scoped with `Report.objects.visible_to(user)`
first, so that anything outside a user's scope answers 404; these predicates decide actions."""

from groups.models import Membership


def is_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def is_group_officer(user, group) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, group=group).exists()


def can_view_report(user, report) -> bool:
    return is_staff(user) or is_group_officer(user, report.group)


def can_edit_report(user, report) -> bool:
    """Officers of the group edit a draft or returned report of an open period, until the
    deadline or the extension staff granted (ssc_reports.review.report_lock_state)."""
    from ssc_reports.review import report_lock_state

    return (
        is_group_officer(user, report.group)
        and report.is_editable
        and report.period.is_open
        and report_lock_state(report).editable
    )
