"""Planning in the demo: the 2026-2029 planning round, opened from 2021-2025 through
`planning.services.open_quadrennium` (the service the `open_quadrennium` command calls), the
SMSG demo officer's plan in draft (`load_demo`), and the network's plans in every state
(`load_demo --network`).

Every plan is written through the planning services (history rows with the acting user, the
events, the approved targets and the reports' stored progress), by the group's own demo
officer or the first staff user, with `notify=False`: like the reports of the demo, whose
events are written without the review services' e-mails, the demo sends no e-mail.
"""

import datetime
import random

from groups.models import Group
from ssc_reports.models import Plan, PlanningRound
from ssc_reports.planning.services import (
    FINISHED_STATUSES,
    add_planned_target,
    approve_plan,
    carry_forward,
    carryable_targets,
    latest_statuses,
    open_quadrennium,
    plan_for,
    return_plan,
    save_plan_texts,
    submit_plan,
)
from targets.models import KSR, Component, Quadrennium, Region, Target

LABEL = "2026-2029"
START = datetime.date(2026, 1, 1)
END = datetime.date(2029, 12, 31)
COPY_FROM = "2021-2025"
SEED = 2026
DEADLINE_DAYS = 60  # the planning deadline, days after the day the demo is loaded

# The network's 200 plans: (state, how many groups). The rest are not started (early in the
# round, half the network). The groups with unfinished 2021-2025 targets come first, so the
# drafts carry one forward. Every plan is written through the services (about 0.1 s a started
# plan on SQLite, on a loaded machine), so the numbers are kept small enough for the demo to
# load in about 20 s.
PLAN_STATES = [
    (Plan.Status.DRAFT, 30),
    (Plan.Status.RETURNED, 10),
    (Plan.Status.SUBMITTED, 30),
    (Plan.Status.APPROVED, 30),
]
NEW_TARGETS = (2, 3)  # new targets a started plan proposes, besides the carried one
RETURN_REASON = "Please name the regions of your Act targets and tie each target to one KSR."
NEW_TARGET_VERBS = {
    Component.ASSESS: "Reassess the extinction risk of",
    Component.PLAN: "Update the conservation action plans for",
    Component.ACT: "Restore the habitats of",
    Component.NETWORK: "Train new members working on",
    Component.COMMUNICATE: "Publish the conservation status of",
}


def demo_planning_round(*, staff, today: datetime.date) -> tuple[PlanningRound | None, bool]:
    """The demo's planning round of 2026-2029, opened by `staff` unless it exists. Returns
    (round, opened now). (None, False) when 2026-2029 exists without a planning round (opened
    by hand in another way) or 2021-2025 is missing: the demo then plans nothing."""
    planning = PlanningRound.objects.filter(quadrennium__label=LABEL).first()
    if planning is not None:
        return planning, False
    if Quadrennium.objects.filter(label=LABEL).exists():
        return None, False
    if not Quadrennium.objects.filter(label=COPY_FROM).exists():
        return None, False
    deadline = today + datetime.timedelta(days=DEADLINE_DAYS)
    planning = open_quadrennium(
        label=LABEL,
        start=START,
        end=END,
        copy_from=COPY_FROM,
        deadline=deadline if START - datetime.timedelta(days=366) <= deadline <= END else None,
        by=staff,
    )
    return planning, True


class _Writer:
    """Fills plans through the services, with the new quadrennium's KSRs and the regions."""

    def __init__(self, planning: PlanningRound, rng: random.Random):
        self.planning = planning
        self.rng = rng
        self.regions = list(Region.objects.order_by("order", "pk"))
        self.ksrs: dict[str, list[KSR]] = {}
        for ksr in KSR.objects.filter(quadrennium_id=planning.quadrennium_id).order_by("number"):
            self.ksrs.setdefault(ksr.component, []).append(ksr)

    def draft(self, plan: Plan, officer, *, targets: int, carry: bool) -> Plan:
        """Mission, projected impact, `targets` new targets and (if `carry` and the group has
        one) its first unfinished 2021-2025 target carried forward."""
        group = plan.group
        plan = save_plan_texts(
            plan=plan,
            version=plan.version,
            mission=plan.mission or f"The {group.name} works for the species it covers.",
            projected_impact=(
                f"By 2029 the {group.name} expects every species it covers to be assessed, "
                "half of the threatened ones to have an action plan, and the first of those "
                "plans to show results in the field."
            ),
            by=officer,
        )
        subject = group.name.replace("IUCN SSC ", "").rsplit(" ", 2)[0].lower()
        components = [c for c in Component.values if self.ksrs.get(c)]
        first = self.rng.randrange(len(components))  # the components in turn from there
        for number in range(targets):
            component = components[(first + number) % len(components)]
            add_planned_target(
                plan=plan,
                component=component,
                title=f"{NEW_TARGET_VERBS[component]} {subject} species by 2029.",
                ksr=self.rng.choice(self.ksrs[component]),
                regions=self.rng.sample(self.regions, k=self.rng.choice([1, 1, 2])),
                by=officer,
            )
        if carry:
            unfinished = carryable_targets(plan)
            if unfinished:
                carry_forward(plan=plan, target=unfinished[0], by=officer)
        return plan

    def bring_to(self, plan: Plan, state: str, officer, staff) -> Plan:
        """A drafted plan moved on to `state` (draft, submitted, returned or approved)."""
        if state == Plan.Status.DRAFT:
            return plan
        plan = submit_plan(plan=plan, by=officer, notify=False)
        if state == Plan.Status.RETURNED:
            plan = return_plan(plan=plan, by=staff, reason=RETURN_REASON, notify=False)
        elif state == Plan.Status.APPROVED:
            approve_plan(plan=plan, by=staff, notify=False)
        return plan


def load_smsg_plan(*, planning: PlanningRound, officer) -> Plan:
    """The SMSG demo officer's plan in draft: texts, two new targets and one carried."""
    plan = plan_for(group=Group.objects.get(acronym="SMSG"), planning=planning, by=officer)
    return _Writer(planning, random.Random(SEED)).draft(plan, officer, targets=2, carry=True)  # noqa: S311


def load_network_plans(*, planning: PlanningRound, groups, officer_users: dict, staff) -> dict:
    """The network groups' plans in every state of PLAN_STATES (the rest not started),
    written through the services. Returns {state: number of plans}."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, the same on every run
    writer = _Writer(planning, rng)
    plans = {plan_for(group=group, planning=planning, by=staff).pk: group for group in groups}
    plans_by_group = {
        plan.group_id: plan
        for plan in Plan.objects.filter(pk__in=list(plans)).select_related("planning", "group")
    }
    # Groups with an unfinished target to carry first (in a shuffled but fixed order); one
    # query for the whole network (carryable_targets' rule: not retired, last status neither
    # achieved nor no longer a priority).
    order = list(groups)
    rng.shuffle(order)
    previous = list(
        Target.objects.filter(
            group__in=groups, quadrennium_id=planning.previous_id, retired=False
        ).only("pk", "group_id")
    )
    latest = latest_statuses(previous)
    with_unfinished = {
        target.group_id for target in previous if latest.get(target.pk) not in FINISHED_STATUSES
    }
    order.sort(key=lambda group: group.pk not in with_unfinished)
    states = [state for state, count in PLAN_STATES for _ in range(count)]
    made = dict.fromkeys(Plan.Status.values, 0)
    for group, state in zip(order, states + [None] * (len(order) - len(states)), strict=True):
        if state is None:
            made[Plan.Status.NOT_STARTED] += 1
            continue
        officer = officer_users[group.pk]
        plan = writer.draft(
            plans_by_group[group.pk],
            officer,
            targets=rng.randint(*NEW_TARGETS),
            carry=group.pk in with_unfinished,
        )
        writer.bring_to(plan, state, officer, staff)
        made[state] += 1
    return made
