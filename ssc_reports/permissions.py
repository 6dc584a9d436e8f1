"""Who may do what with a report. Querysets are scoped with `Report.objects.visible_to(user)`
first, so that anything outside a user's scope answers 404; these predicates decide actions.
Whether a report may be edited now (status, period, deadline) is ssc_reports.review.lock."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

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
        raise PermissionDenied(_("Only SSC staff can do this."))


def staff_only(view):
    """A view that answers 404 to anyone but staff (the page does not exist for them), checked
    before anything else, even the HTTP method."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_staff(request.user):
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapped
