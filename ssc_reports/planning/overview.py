"""The network's plan as a whole: targets by component (count and share, beside the previous
quadrennium's shares), by KSR, by region and by kind of group, and the targets behind any
figure (the drill-down). Loaded in a fixed number of queries whatever the number of plans.

Which plans count: the submitted and approved ones (what groups have put forward); with
`include_drafts`, every plan with targets."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from groups.models import GroupKind
from ssc_reports.models import Plan, PlannedTarget, PlanningRound
from targets.models import KSR, Component, Region, Target

COUNTED = (Plan.Status.SUBMITTED, Plan.Status.APPROVED)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def shares(counts: list[int]) -> list[Decimal]:
    """Percentages with two decimals that add up to exactly 100 (largest remainder): the
    rounding left over goes to the rows that lost the most. All zero when there is nothing."""
    total = sum(counts)
    if not total:
        return [Decimal("0.00") for _ in counts]
    exact = [HUNDRED * count / total for count in counts]
    rounded = [value.quantize(CENT, rounding=ROUND_DOWN) for value in exact]
    left = int((HUNDRED - sum(rounded)) / CENT)
    for index in sorted(range(len(counts)), key=lambda i: rounded[i] - exact[i])[:left]:
        rounded[index] += CENT
    return rounded


@dataclass
class Row:
    key: str
    label: str
    count: int
    share: Decimal
    previous_share: Decimal | None = None
    groups: int = 0


@dataclass
class Filter:
    component: str = ""
    ksr: str = ""
    region: str = ""
    kind: str = ""

    KEYS = ("component", "ksr", "region", "kind")

    @classmethod
    def from_query(cls, query) -> "Filter":
        return cls(**{key: (query.get(key) or "").strip()[:40] for key in cls.KEYS})

    @property
    def active(self) -> bool:
        return any(getattr(self, key) for key in self.KEYS)

    def keeps(self, target: PlannedTarget) -> bool:
        if self.component and target.component != self.component:
            return False
        if self.ksr and str(target.ksr.number) != self.ksr:
            return False
        if self.region and self.region not in {r.code for r in target.regions.all()}:
            return False
        return not (self.kind and target.plan.group.kind != self.kind)


@dataclass
class Overview:
    planning: PlanningRound
    total: int
    groups: int
    by_component: list[Row]
    by_ksr: list[Row]
    by_region: list[Row]
    by_kind: list[Row]
    filters: Filter
    matches: list = field(default_factory=list)  # the drill-down's targets
    include_drafts: bool = False


def counted_targets(planning: PlanningRound, *, include_drafts: bool = False):
    plans = Plan.objects.filter(planning=planning)
    if not include_drafts:
        plans = plans.filter(status__in=COUNTED)
    return list(
        PlannedTarget.objects.filter(plan__in=plans)
        .select_related("plan__group", "ksr", "carried_from")
        .prefetch_related("regions")
        .order_by("plan__group__name", "code")
    )


def _rows(keys_labels, counter: Counter, *, total: int | None = None) -> list[Row]:
    counts = [counter.get(key, 0) for key, _ in keys_labels]
    if total is None:
        percents = shares(counts)
    else:  # each row a share of all targets (a target may count in several rows)
        percents = [(HUNDRED * c / total).quantize(CENT) if total else Decimal("0.00")
                    for c in counts]  # fmt: skip
    return [
        Row(key=str(key), label=str(label), count=count, share=share)
        for (key, label), count, share in zip(keys_labels, counts, percents, strict=True)
    ]


def previous_component_shares(planning: PlanningRound) -> dict[str, Decimal]:
    """The previous quadrennium's targets by component, as shares (every target it had)."""
    if planning.previous_id is None:
        return {}
    counts = dict(
        Target.objects.filter(quadrennium_id=planning.previous_id)
        .values_list("component")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if not counts:
        return {}
    values = [counts.get(c, 0) for c in Component.values]
    return dict(zip(Component.values, shares(values), strict=True))


def plan_overview(
    planning: PlanningRound, filters: Filter | None = None, *, include_drafts: bool = False
) -> Overview:
    filters = filters or Filter()
    targets = counted_targets(planning, include_drafts=include_drafts)
    total = len(targets)
    by_component = _rows(Component.choices, Counter(t.component for t in targets))
    previous = previous_component_shares(planning)
    groups_per_component: dict[str, set] = {}
    for target in targets:
        groups_per_component.setdefault(target.component, set()).add(target.plan.group_id)
    for row in by_component:
        row.previous_share = previous.get(row.key)
        row.groups = len(groups_per_component.get(row.key, ()))
    ksrs = list(KSR.objects.filter(quadrennium_id=planning.quadrennium_id).order_by("number"))
    by_ksr = _rows([(k.number, str(k)) for k in ksrs], Counter(t.ksr.number for t in targets))
    regions = list(Region.objects.order_by("order", "name"))
    region_counter = Counter(r.code for t in targets for r in t.regions.all())
    by_region = _rows([(r.code, r.name) for r in regions], region_counter, total=total)
    by_kind = _rows(GroupKind.choices, Counter(t.plan.group.kind for t in targets))
    groups_per_kind: dict[str, set] = {}
    for target in targets:
        groups_per_kind.setdefault(target.plan.group.kind, set()).add(target.plan.group_id)
    for row in by_kind:
        row.groups = len(groups_per_kind.get(row.key, ()))
    return Overview(
        planning=planning,
        total=total,
        groups=len({t.plan.group_id for t in targets}),
        by_component=by_component,
        by_ksr=by_ksr,
        by_region=by_region,
        by_kind=by_kind,
        filters=filters,
        matches=[t for t in targets if filters.keeps(t)] if filters.active else [],
        include_drafts=include_drafts,
    )


EXPORT_COLUMNS = [
    _("Group"),
    _("Acronym"),
    _("Kind of group"),
    _("Plan status"),
    _("Code"),
    _("Component"),
    _("Title"),
    _("Main KSR"),
    _("Regions"),
    _("Carried from"),
]


def export_rows(planning: PlanningRound, *, include_drafts: bool = False) -> list[list]:
    rows = []
    for target in counted_targets(planning, include_drafts=include_drafts):
        group = target.plan.group
        carried = target.carried_from
        rows.append(
            [
                group.name,
                group.acronym,
                group.get_kind_display(),
                target.plan.get_status_display(),
                target.code,
                target.get_component_display(),
                target.title,
                target.ksr.number,
                ", ".join(r.name for r in target.regions.all()),
                carried.code if carried else "",
            ]
        )
    return rows
