"""Who may do what with a report. Querysets are scoped with `Report.objects.visible_to(user)`
first, so that anything outside a user's scope answers 404; these predicates decide actions.
Whether a report may be edited now (status, period, deadline) is ssc_reports.review.lock."""

from django.core.exceptions import PermissionDenied

from groups.models import Membership


def is_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def is_group_officer(user, group) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, group=group).exists()


def can_view_report(user, report) -> bool:
    return is_staff(user) or is_group_officer(user, report.group)


def check_staff(by) -> None:
    """Staff-only services call this first."""
    if not is_staff(by):
        raise PermissionDenied("Only SSC staff can do this.")
