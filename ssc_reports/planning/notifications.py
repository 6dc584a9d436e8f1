"""E-mails about plans, sent after the transaction commits, one message per language
(review.notifications.send_in_languages): reviewers when a group submits its plan; the
group's officers when staff return it (with the reason), approve it or reopen it (with the
reason)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ssc_reports.models import Plan
from ssc_reports.review.notifications import (
    absolute,
    officers_by_language,
    reviewers_by_language,
    send_in_languages,
)


def _plan(plan_id: int) -> Plan:
    return Plan.objects.select_related("group", "planning__quadrennium").get(pk=plan_id)


def _context(plan: Plan, **extra) -> dict:
    label = plan.planning.quadrennium.label
    return {
        "plan": plan,
        "label": label,
        "plan_url": absolute(reverse("plans:detail", args=[plan.group.acronym, label])),
        **extra,
    }


def notify_plan_submitted(*, plan_id: int) -> int:
    """To the reviewers: a group submitted its plan."""
    plan = _plan(plan_id)
    context = _context(plan)
    return send_in_languages(
        recipients=reviewers_by_language(),
        subject=lambda: (
            _("[SSC Reports] %(acronym)s submitted its plan for %(label)s")
            % {"acronym": plan.group.acronym, "label": context["label"]}
        ),
        template="planning/emails/plan_submitted.txt",
        context=context,
    )


def notify_plan_returned(*, plan_id: int, reason: str) -> int:
    """To the group's officers: staff returned the plan, and why."""
    plan = _plan(plan_id)
    context = _context(plan, reason=reason)
    return send_in_languages(
        recipients=officers_by_language(plan.group),
        subject=lambda: (
            _("[SSC Reports] Your plan for %(label)s was returned") % {"label": context["label"]}
        ),
        template="planning/emails/plan_returned.txt",
        context=context,
    )


def notify_plan_approved(*, plan_id: int) -> int:
    """To the group's officers: the plan was approved; its targets are the group's now."""
    plan = _plan(plan_id)
    context = _context(plan, targets=plan.targets.count())
    return send_in_languages(
        recipients=officers_by_language(plan.group),
        subject=lambda: (
            _("[SSC Reports] Your plan for %(label)s was approved") % {"label": context["label"]}
        ),
        template="planning/emails/plan_approved.txt",
        context=context,
    )


def notify_plan_reopened(*, plan_id: int, reason: str) -> int:
    """To the group's officers: staff reopened the approved plan for changes, and why."""
    plan = _plan(plan_id)
    context = _context(plan, reason=reason, reopened=True)
    return send_in_languages(
        recipients=officers_by_language(plan.group),
        subject=lambda: (
            _("[SSC Reports] Your approved plan for %(label)s was reopened for changes")
            % {"label": context["label"]}
        ),
        template="planning/emails/plan_returned.txt",
        context=context,
    )
