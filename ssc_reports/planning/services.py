"""The writes of planning: opening a quadrennium, a group's plan and its targets, carrying
targets forward, submission, return, approval (the plan's targets become the group's targets
of the quadrennium), comments and extensions.

Every write saves rows one by one with `_history_user` (django-simple-history), inside one
transaction: a refused operation (PlanningError, naming the field) writes nothing.
"""

import datetime
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from activities.models import ActivityCategory, Indicator
from groups.models import Group
from ssc_reports.entry.progress import lock_progress_scope, refresh_report_progress
from ssc_reports.entry.services import save_with_version
from ssc_reports.models import Plan, PlanComment, PlanEvent, PlannedTarget, PlanningRound
from ssc_reports.permissions import check_staff, is_group_officer
from ssc_reports.planning.notifications import (
    notify_plan_approved,
    notify_plan_reopened,
    notify_plan_returned,
    notify_plan_submitted,
)
from ssc_reports.review.lock import LockState, deadline_lock_state
from targets.models import KSR, Quadrennium, Status, Target, TargetStatus

LABEL_PATTERN = re.compile(r"^([0-9]{4})-([0-9]{4})$")
FINISHED_STATUSES = (Status.ACHIEVED, Status.NO_LONGER_A_PRIORITY)
MAX_TARGETS = 999  # codes T-001 to T-999


class PlanningError(Exception):
    """An operation refused with nothing written; `field` names the form field at fault."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _by(instance, by):
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by
    return instance


# Opening a quadrennium ---------------------------------------------------------------------


@transaction.atomic
def open_quadrennium(
    *,
    label: str,
    start: datetime.date,
    end: datetime.date,
    copy_from: str | None = None,
    deadline: datetime.date | None = None,
    by=None,
) -> PlanningRound:
    """Create the quadrennium `label` with a copy of `copy_from`'s KSRs, activity categories
    and standard indicators (retired entries and groups' proposals are not copied), and open
    planning: a not-started plan for every group, its mission from the group.

    Refused (PlanningError naming the field, nothing written): a label that is not
    YYYY-YYYY or whose years are not those of the dates, an existing label, an end before the
    start, a quadrennium to copy that does not exist, a start not after its start, a deadline
    outside the quadrennium's first year or after its end.
    Side effects: the rows above; history rows for the planning round and every plan."""
    label = (label or "").strip()
    match = LABEL_PATTERN.match(label)
    if not match:
        raise PlanningError(_("A quadrennium is named like 2026-2029."), field="label")
    if start is None:
        raise PlanningError(_("Give the first day of the quadrennium."), field="start")
    if end is None:
        raise PlanningError(_("Give the last day of the quadrennium."), field="end")
    if end <= start:
        raise PlanningError(_("The end must be after the start."), field="end")
    if (int(match.group(1)), int(match.group(2))) != (start.year, end.year):
        raise PlanningError(
            _("The label names the years of the start and the end (%(years)s).")
            % {"years": f"{start.year}-{end.year}"},
            field="label",
        )
    if Quadrennium.objects.filter(label=label).exists():
        raise PlanningError(
            _("The quadrennium %(label)s exists already.") % {"label": label}, field="label"
        )
    if deadline is not None and not (start - datetime.timedelta(days=366) <= deadline <= end):
        raise PlanningError(
            _("The planning deadline must fall before the end of the quadrennium."),
            field="deadline",
        )
    source = None
    if copy_from:
        source = Quadrennium.objects.filter(label=copy_from.strip()).first()
        if source is None:
            raise PlanningError(
                _("There is no quadrennium %(label)s to copy.") % {"label": copy_from},
                field="copy_from",
            )
        if start <= source.start:
            raise PlanningError(
                _("The new quadrennium must start after %(label)s starts.")
                % {"label": source.label},
                field="start",
            )
    quadrennium = Quadrennium(label=label, start=start, end=end)
    quadrennium.full_clean()
    quadrennium.save()
    if source is not None:
        copy_reference_data(source=source, into=quadrennium)
    planning = _by(
        PlanningRound(quadrennium=quadrennium, previous=source, deadline=deadline, opened_by=by),
        by,
    )
    planning.save()
    for group in Group.objects.order_by("pk"):
        _by(Plan(planning=planning, group=group, mission=group.mission), by).save()
    return planning


def copy_reference_data(*, source: Quadrennium, into: Quadrennium) -> None:
    """Copy the KSRs, the categories in use and their standard indicators in use."""
    ksrs = {}
    for ksr in KSR.objects.filter(quadrennium=source).order_by("number"):
        ksrs[ksr.pk] = KSR.objects.create(
            quadrennium=into,
            number=ksr.number,
            component=ksr.component,
            title=ksr.title,
            text=ksr.text,
            title_provisional=ksr.title_provisional,
        )
    categories = {}
    for category in ActivityCategory.objects.filter(quadrennium=source, retired=False).order_by(
        "pk"
    ):
        categories[category.pk] = ActivityCategory.objects.create(
            quadrennium=into,
            component=category.component,
            name=category.name,
            definition=category.definition,
            provisional=category.provisional,
        )
    for indicator in Indicator.objects.filter(
        category_id__in=list(categories), standard=True, retired=False
    ).order_by("pk"):
        Indicator.objects.create(
            text=indicator.text,
            ksr=ksrs.get(indicator.ksr_id),
            category=categories[indicator.category_id],
            kind=indicator.kind,
            standard=True,
            needs_review=False,
            definition=indicator.definition,
            provisional=indicator.provisional,
        )


@transaction.atomic
def set_planning_deadline(*, planning: PlanningRound, deadline, by) -> PlanningRound:
    check_staff(by)
    planning = PlanningRound.objects.select_for_update().get(pk=planning.pk)
    planning.deadline = deadline
    _by(planning, by).save()
    return planning


# A group's plan -----------------------------------------------------------------------------


@transaction.atomic
def plan_for(*, group: Group, planning: PlanningRound, by=None) -> Plan:
    """The group's plan for the round, created (not started) for a group that joined after
    planning opened. Idempotent."""
    plan = Plan.objects.filter(group=group, planning=planning).first()
    if plan is None:
        plan = _by(Plan(planning=planning, group=group, mission=group.mission), by)
        plan.save()
    return plan


def plan_lock_state(plan: Plan, *, today: datetime.date | None = None) -> LockState:
    """Whether the group may edit its plan now, and why (the report lock's rules)."""
    today = today or timezone.localdate()
    deadline = plan.planning.deadline
    until = plan.extended_until

    def state(editable, reason, message):
        return LockState(editable, reason, message, deadline, until)

    if plan.status == Plan.Status.APPROVED:
        return state(False, "approved", _("Approved by SSC: the plan is final and read-only."))
    if plan.status == Plan.Status.SUBMITTED:
        return state(False, "submitted", _("Submitted: read-only while SSC staff review it."))
    return deadline_lock_state(
        deadline,
        until,
        today=today,
        passed=_(
            "The planning deadline (%(date)s) has passed: editing is locked. SSC staff can "
            "grant an extension."
        ),
    )


def can_edit_plan(user, plan: Plan) -> bool:
    return is_group_officer(user, plan.group) and plan_lock_state(plan).editable


def _check_can_edit(plan: Plan, by) -> None:
    if not is_group_officer(by, plan.group):
        raise PermissionDenied(_("Only the group's officers edit its plan."))
    state = plan_lock_state(plan)
    if not state.editable:
        raise PlanningError(state.message)


def _started(plan: Plan, by) -> None:
    """A first save moves a not-started plan to draft (an event row)."""
    if plan.status == Plan.Status.NOT_STARTED:
        PlanEvent.objects.create(
            plan=plan, by=by, old_status=plan.status, new_status=Plan.Status.DRAFT
        )
        plan.status = Plan.Status.DRAFT
        _by(plan, by).save(update_fields=["status"])


@transaction.atomic
def save_plan_texts(*, plan: Plan, version: int, mission: str, projected_impact: str, by) -> Plan:
    """The plan's mission and projected impact, if the plan is still at `version`
    (ConcurrentEditError otherwise, nothing written). Side effects: version + 1, history."""
    plan = Plan.objects.select_related("planning", "group").get(pk=plan.pk)
    _check_can_edit(plan, by)

    def save():
        plan.mission, plan.projected_impact = mission, projected_impact
        _by(plan, by).save(update_fields=["mission", "projected_impact", "version"])
        _started(plan, by)
        return plan

    return save_with_version(instance=plan, version=version, save=save)


def next_code(plan: Plan) -> str:
    """T-001, T-002, ...: one more than the highest code of the plan and of the group's
    targets of the quadrennium (codes are never reused within a plan while its target exists,
    and a reopened plan's new target never takes the code of a target its approval made)."""
    codes = list(plan.targets.values_list("code", flat=True))
    codes += Target.objects.filter(
        group_id=plan.group_id, quadrennium_id=plan.planning.quadrennium_id
    ).values_list("code", flat=True)
    numbers = [int(code[2:]) for code in codes if code[2:].isdigit()]
    number = max(numbers, default=0) + 1
    if number > MAX_TARGETS:
        raise PlanningError(_("A plan holds at most 999 targets."))
    return f"T-{number:03d}"


def _check_target_fields(plan: Plan, *, component: str, title: str, ksr: KSR | None) -> None:
    if not (title or "").strip():
        raise PlanningError(_("The target needs a title."), field="title")
    if ksr is None:
        raise PlanningError(_("Choose the KSR the target mainly serves."), field="ksr")
    if ksr.quadrennium_id != plan.planning.quadrennium_id:
        raise PlanningError(_("Choose a KSR of this quadrennium."), field="ksr")
    if ksr.component != component:
        raise PlanningError(
            _("KSR %(number)s belongs to another component than the target.")
            % {"number": ksr.number},
            field="ksr",
        )


@transaction.atomic
def add_planned_target(
    *,
    plan: Plan,
    component: str,
    title: str,
    ksr: KSR,
    regions=(),
    by,
    carried_from: Target | None = None,
) -> PlannedTarget:
    """A new target in the plan with the next code. Side effects: the row, its regions and
    their history; the plan becomes a draft if it was not started."""
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("planning", "group")
        .get(pk=plan.pk)
    )
    _check_can_edit(plan, by)
    _check_target_fields(plan, component=component, title=title, ksr=ksr)
    target = _by(
        PlannedTarget(
            plan=plan,
            code=next_code(plan),
            component=component,
            title=title.strip(),
            ksr=ksr,
            carried_from=carried_from,
        ),
        by,
    )
    target.full_clean(exclude=["regions"])
    target.save()
    if regions:
        target.regions.set(regions)
    _started(plan, by)
    return target


@transaction.atomic
def update_planned_target(
    *, target: PlannedTarget, version: int, component: str, title: str, ksr: KSR, regions, by
) -> PlannedTarget:
    """Edit a planned target if it is still at `version` (ConcurrentEditError otherwise)."""
    target = PlannedTarget.objects.select_related("plan__planning", "plan__group").get(pk=target.pk)
    _check_can_edit(target.plan, by)
    _check_target_fields(target.plan, component=component, title=title, ksr=ksr)

    def save():
        target.component, target.title, target.ksr = component, title.strip(), ksr
        _by(target, by).save()
        if set(target.regions.values_list("pk", flat=True)) != {r.pk for r in regions}:
            target.regions.set(regions)
        return target

    return save_with_version(instance=target, version=version, save=save)


@transaction.atomic
def delete_planned_target(*, target: PlannedTarget, by) -> None:
    target = PlannedTarget.objects.select_related("plan__planning", "plan__group").get(pk=target.pk)
    _check_can_edit(target.plan, by)
    _by(target, by).delete()


def latest_statuses(targets) -> dict[int, str]:
    """Each target's status in its latest report (1 query)."""
    latest: dict[int, str] = {}
    for target_id, status in (
        TargetStatus.objects.filter(target__in=targets)
        .order_by("report__period__start")
        .values_list("target_id", "status")
    ):
        latest[target_id] = status
    return latest


def carryable_targets(plan: Plan) -> list[Target]:
    """The group's unfinished targets of the previous quadrennium not yet carried into the
    plan: not retired, last status neither achieved nor no longer a priority."""
    previous = plan.planning.previous_id
    if previous is None:
        return []
    targets = list(
        Target.objects.filter(group_id=plan.group_id, quadrennium_id=previous, retired=False)
        .exclude(pk__in=plan.targets.exclude(carried_from=None).values("carried_from"))
        .order_by("code")
    )
    latest = latest_statuses(targets)
    carryable = []
    for target in targets:
        target.last_status = latest.get(target.pk)
        target.last_status_label = Status(target.last_status).label if target.last_status else ""
        if target.last_status not in FINISHED_STATUSES:
            carryable.append(target)
    return carryable


@transaction.atomic
def carry_forward(*, plan: Plan, target: Target, by) -> PlannedTarget:
    """Carry an unfinished target of the previous quadrennium into the plan: a new code, the
    same component, title and regions, the KSR of the same number in the new quadrennium (else
    the component's first), and the link to the old target."""
    plan = Plan.objects.select_related("planning", "group").get(pk=plan.pk)
    if target.pk not in {t.pk for t in carryable_targets(plan)}:
        raise PlanningError(
            _("Target %(code)s cannot be carried forward: it is not an unfinished target of "
              "the group's previous quadrennium, or it was carried already.")
            % {"code": target.code},
            field="target",
        )  # fmt: skip
    ksrs = KSR.objects.filter(
        quadrennium_id=plan.planning.quadrennium_id, component=target.component
    ).order_by("number")
    ksr = (ksrs.filter(number=target.ksr.number).first() if target.ksr_id else None) or (
        ksrs.first()
    )
    if ksr is None:
        raise PlanningError(_("The new quadrennium has no KSR for this component."))
    return add_planned_target(
        plan=plan,
        component=target.component,
        title=target.title,
        ksr=ksr,
        regions=list(target.regions.all()),
        by=by,
        carried_from=target,
    )


def plan_checklist(plan: Plan, targets=None) -> list[tuple[str, bool]]:
    """What the plan needs before it can be submitted: (item, done)."""
    targets = list(plan.targets.all()) if targets is None else targets
    return [
        (_("Mission"), bool(plan.mission.strip())),
        (_("Projected impact"), bool(plan.projected_impact.strip())),
        (_("At least one target"), bool(targets)),
        (_("Every target names at least one region"), all(t.regions.all() for t in targets)),
    ]


def _transition(plan: Plan, new: str, by, reason: str = "") -> Plan:
    PlanEvent.objects.create(
        plan=plan, by=by, old_status=plan.status, new_status=new, reason=reason
    )
    plan.status = new
    _by(plan, by).save(update_fields=["status"])
    return plan


@transaction.atomic
def submit_plan(*, plan: Plan, by, notify: bool = True) -> Plan:
    """Draft or returned -> submitted, once the checklist is complete. Side effects: the
    event; on commit, an e-mail to the reviewers (unless `notify` is false: the demo)."""
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("planning", "group")
        .get(pk=plan.pk)
    )
    _check_can_edit(plan, by)
    missing = [item for item, done in plan_checklist(plan) if not done]
    if missing:
        raise PlanningError(
            _("The plan is not complete: %(missing)s.") % {"missing": ", ".join(missing)}
        )
    plan = _transition(plan, Plan.Status.SUBMITTED, by)
    if notify:
        transaction.on_commit(lambda: notify_plan_submitted(plan_id=plan.pk))
    return plan


@transaction.atomic
def return_plan(*, plan: Plan, by, reason: str, notify: bool = True) -> Plan:
    """Submitted -> returned, with the reason the group reads. Side effects: the event; on
    commit, an e-mail with the reason to the group's officers (unless `notify` is false)."""
    check_staff(by)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.SUBMITTED:
        raise PlanningError(_("Only a submitted plan can be returned."))
    if not (reason or "").strip():
        raise PlanningError(_("Say why the plan is returned."), field="reason")
    plan = _transition(plan, Plan.Status.RETURNED, by, reason.strip())
    if notify:
        transaction.on_commit(lambda: notify_plan_returned(plan_id=plan.pk, reason=reason.strip()))
    return plan


@transaction.atomic
def approve_plan(*, plan: Plan, by, notify: bool = True) -> list[Target]:
    """Submitted -> approved: every planned target becomes the group's target of the
    quadrennium (code, component, title, regions, main KSR, the carried target's link). A
    planned target an earlier approval made a target of (a reopened plan: `approved_as`)
    updates that target instead. Refused when the group already has another target of one of
    the new codes in the quadrennium.
    Side effects: the event, the targets and their history rows, the planned targets' link to
    them, the stored progress of the group's reports; on commit, an e-mail to the group's
    officers (unless `notify` is false: the demo)."""
    check_staff(by)
    lock_progress_scope(group_ids=[plan.group_id])  # the app's lock order: the group first
    plan = Plan.objects.select_for_update(of=("self",)).select_related("planning").get(pk=plan.pk)
    if plan.status != Plan.Status.SUBMITTED:
        raise PlanningError(_("Only a submitted plan can be approved."))
    quadrennium_id = plan.planning.quadrennium_id
    planned = list(
        plan.targets.select_related("approved_as").prefetch_related("regions").order_by("code")
    )
    clash = set(
        Target.objects.filter(
            group_id=plan.group_id,
            quadrennium_id=quadrennium_id,
            code__in=[t.code for t in planned if t.approved_as_id is None],
        ).values_list("code", flat=True)
    )
    if clash:
        raise PlanningError(
            _("The group already has targets %(codes)s in this quadrennium.")
            % {"codes": ", ".join(sorted(clash))}
        )
    targets = []
    for item in planned:
        fields = {
            "code": item.code,
            "component": item.component,
            "title": item.title,
            "ksr_id": item.ksr_id,
            "carried_from_id": item.carried_from_id,
        }
        target = item.approved_as
        if target is None:
            target = _by(
                Target(group_id=plan.group_id, quadrennium_id=quadrennium_id, **fields), by
            )
            target.save()
            item.approved_as = target
            _by(item, by).save(update_fields=["approved_as"])
        elif any(getattr(target, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(target, name, value)
            _by(target, by).save()
        regions = {region.pk for region in item.regions.all()}
        if set(target.regions.values_list("pk", flat=True)) != regions:
            target.regions.set(regions)
        targets.append(target)
    _transition(plan, Plan.Status.APPROVED, by)
    # The group's targets count in the last edit of each of its reports (entry.progress).
    refresh_report_progress(group_ids=[plan.group_id])
    if notify:
        transaction.on_commit(lambda: notify_plan_approved(plan_id=plan.pk))
    return targets


@transaction.atomic
def reopen_plan(*, plan: Plan, by, reason: str, notify: bool = True) -> Plan:
    """Approved -> returned, by staff, with the reason the group reads, so its officers can
    change the plan and submit it again. The targets the approval made stay the group's
    targets (reports may use them already); the next approval updates them and adds the new
    ones (approve_plan). Side effects: the event; on commit, an e-mail with the reason to the
    group's officers (unless `notify` is false)."""
    check_staff(by)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.APPROVED:
        raise PlanningError(_("Only an approved plan can be reopened."))
    reason = (reason or "").strip()
    if not reason:
        raise PlanningError(_("Say why the plan is reopened."), field="reason")
    plan = _transition(plan, Plan.Status.RETURNED, by, reason)
    if notify:
        transaction.on_commit(lambda: notify_plan_reopened(plan_id=plan.pk, reason=reason))
    return plan


@transaction.atomic
def add_plan_comment(*, plan: Plan, by, text: str, target: PlannedTarget | None = None):
    """A comment by staff or one of the group's officers, optionally on one target."""
    if not (by.is_staff or is_group_officer(by, plan.group)):
        raise PermissionDenied(_("Only staff and the group's officers comment on its plan."))
    if not (text or "").strip():
        raise PlanningError(_("Write the comment."), field="text")
    if target is not None and target.plan_id != plan.pk:
        raise PlanningError(_("The target belongs to another plan."), field="target")
    comment = _by(PlanComment(plan=plan, target=target, author=by, text=text.strip()), by)
    comment.save()
    return comment


@transaction.atomic
def extend_plan(*, plan: Plan, by, until: datetime.date | None) -> Plan:
    """Let the group edit its plan until `until` (None removes the extension)."""
    check_staff(by)
    plan = Plan.objects.select_for_update(of=("self",)).select_related("planning").get(pk=plan.pk)
    deadline = plan.planning.deadline
    if until is not None and deadline is not None and until <= deadline:
        raise PlanningError(
            _("An extension must end after the deadline (%(date)s).")
            % {"date": date_format(deadline)},
            field="until",
        )
    plan.extended_until = until
    _by(plan, by).save(update_fields=["extended_until"])
    return plan
