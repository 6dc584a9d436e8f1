"""Staff services for the network: open a reporting period (every group's report started with
carry-over), add and remove a group's officers (a new officer is invited by e-mail: see
ssc_reports.review.invitations)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from groups.models import Group, Membership, Role
from ssc_reports.entry.services import start_report
from ssc_reports.models import Report, ReportingPeriod
from ssc_reports.permissions import check_staff
from ssc_reports.review.notifications import send_invitation
from targets.models import Quadrennium


@transaction.atomic
def open_period(
    *,
    label: str,
    start: datetime.date,
    end: datetime.date,
    submission_deadline: datetime.date | None,
    by,
) -> ReportingPeriod:
    """Open a new reporting period and start a report for every group (carried over from
    the group's previous report by `ssc_reports.entry.services.start_report`).

    Side effects: one ReportingPeriod and one Report per group."""
    check_staff(by)
    errors = {}
    if ReportingPeriod.objects.filter(label=label).exists():
        errors["label"] = f"A period {label} already exists."
    if start and end and start > end:
        errors["end"] = _("The end of a period cannot be before its start.")
    if submission_deadline and end and submission_deadline < end:
        errors["submission_deadline"] = _("The deadline cannot be before the end of the period.")
    quadrennium = Quadrennium.objects.filter(start__lte=start, end__gte=start).first()
    if quadrennium is None:
        errors["start"] = _("No quadrennium of the Strategic Plan covers this start date.")
    if errors:
        raise ValidationError(errors)
    period = ReportingPeriod(
        quadrennium=quadrennium,
        label=label,
        start=start,
        end=end,
        submission_deadline=submission_deadline,
        is_open=True,
    )
    period.full_clean()
    period._history_user = by
    period.save()
    for group in Group.objects.order_by("pk"):
        start_report(group=group, period=period, by=by)
    return period


def ensure_reports(*, period: ReportingPeriod, by) -> int:
    """Start the missing reports of a period (groups added after it opened). Returns how many."""
    check_staff(by)
    have = set(Report.objects.filter(period=period).values_list("group_id", flat=True))
    started = 0
    for group in Group.objects.exclude(pk__in=have).order_by("pk"):
        start_report(group=group, period=period, by=by)
        started += 1
    return started


@transaction.atomic
def add_member(*, group: Group, email: str, by, role: str = Role.PROGRAMME_OFFICER) -> Membership:
    """Give the user with this e-mail address the right to edit the group's reports.

    A new address creates an inactive user without a password, who gets an invitation e-mail
    (on commit) with a link to set one. An existing user without a usable password (never
    accepted an earlier invitation) is invited again."""
    check_staff(by)
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        username = email.lower()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"email": "A user with this name already exists."})
        user = User.objects.create_user(username=username, email=email, is_active=False)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if Membership.objects.filter(user=user, group=group).exists():
        raise ValidationError({"email": f"{email} is already an officer of {group.acronym}."})
    membership = Membership(user=user, group=group, role=role)
    membership._history_user = by
    membership.save()
    if not user.has_usable_password():
        user_id, group_id = user.pk, group.pk
        transaction.on_commit(lambda: send_invitation(user_id=user_id, group_id=group_id))
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by) -> None:
    """Take away a user's right to edit the group's reports (the user account stays)."""
    check_staff(by)
    membership._history_user = by
    membership.delete()
