"""Network analytics of a period: totals of every quantitative indicator across the network.

Decisions (also stated on the page):
- Scope: "approved" counts only approved reports (what the compiled SSC Species Report
  contains); "submitted" counts approved and submitted reports (what staff have received so far,
  the page's default). Drafts and returned reports never count.
- A result counts once in the network total of its indicator, and in exactly one KSR (its
  activity's), one component (its target's) and one group kind (its group's). A target can have
  several regions: the result counts fully in each of its target's regions, so the regional
  figures may add up to more than the network total; a target without a region counts under
  "No region given".
- A result is quantitative when it holds a number, qualitative when it holds a text. Standard
  (SSC catalogue) and non-standard (added by groups or imports) indicators are kept apart.

Every function runs a fixed number of queries whatever the size of the network.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from activities.models import Indicator, Result
from groups.models import GroupKind
from ssc_reports.models import Report
from ssc_reports.ordering import activity_sort_key
from targets.models import COMPONENT_ORDER, Component, Region, Status, Target, TargetStatus

SCOPE_APPROVED = "approved"
SCOPE_SUBMITTED = "submitted"
SCOPES = {
    SCOPE_APPROVED: (Report.Status.APPROVED,),
    SCOPE_SUBMITTED: (Report.Status.APPROVED, Report.Status.SUBMITTED),
}
SCOPE_LABELS = {
    SCOPE_APPROVED: _("approved reports only"),
    SCOPE_SUBMITTED: _("approved and submitted reports"),
}
NO_REGION = "none"
NO_REGION_LABEL = _("No region given")

DIMENSIONS = ("ksr", "component", "kind", "region")
DIMENSION_LABELS = {
    "ksr": _("Key Species Result"),
    "component": _("Component"),
    "kind": _("Group kind"),
    "region": _("Region"),
}
KIND_ORDER = {value: index for index, value in enumerate(GroupKind.values)}
KIND_LABELS = dict(GroupKind.choices)
COMPONENT_LABELS = dict(Component.choices)


def plain_number(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    return float(value.normalize())


@dataclass
class Bucket:
    """One slice of an indicator's total: a KSR, a component, a group kind or a region."""

    key: str
    label: str
    order: tuple
    total: Decimal = Decimal(0)
    results: int = 0
    group_ids: set = field(default_factory=set)

    @property
    def groups(self) -> int:
        return len(self.group_ids)

    @property
    def value(self) -> int | float:
        return plain_number(self.total)


@dataclass
class IndicatorFigures:
    indicator: Indicator
    total: Decimal = Decimal(0)
    results: int = 0
    group_ids: set = field(default_factory=set)
    breakdowns: dict = field(default_factory=dict)  # dimension -> {key: Bucket}

    @property
    def groups(self) -> int:
        return len(self.group_ids)

    @property
    def value(self) -> int | float:
        return plain_number(self.total)

    def breakdown(self, dimension: str) -> list[Bucket]:
        return sorted(self.breakdowns.get(dimension, {}).values(), key=lambda b: b.order)

    @property
    def by_ksr(self):
        return self.breakdown("ksr")

    @property
    def by_component(self):
        return self.breakdown("component")

    @property
    def by_kind(self):
        return self.breakdown("kind")

    @property
    def by_region(self):
        return self.breakdown("region")


@dataclass
class NetworkFigures:
    period: object
    scope: str
    reports: int
    groups: int
    contributing_groups: int
    standard: list[IndicatorFigures]
    non_standard: list[IndicatorFigures]
    qualitative: list

    @property
    def scope_label(self) -> str:
        return SCOPE_LABELS[self.scope]

    @property
    def indicators(self) -> list[IndicatorFigures]:
        return self.standard + self.non_standard


def scoped_reports(period, scope: str = SCOPE_SUBMITTED):
    return Report.objects.filter(period=period, status__in=SCOPES[scope])


def _region_map(target_ids) -> dict[int, list[Region]]:
    regions: dict[int, list[Region]] = {}
    for link in (
        Target.regions.through.objects.filter(target_id__in=target_ids)
        .select_related("region")
        .order_by("region__order", "region__name")
    ):
        regions.setdefault(link.target_id, []).append(link.region)
    return regions


def _buckets_for(row, regions: list[Region]) -> list[tuple[str, str, str, tuple]]:
    """(dimension, key, label, order) of every bucket one quantitative result counts in."""
    kind = row["activity__report__group__kind"]
    component = row["activity__target__component"]
    ksr = row["activity__ksr__number"]
    slots = [
        ("ksr", str(ksr), f"KSR {ksr}", (ksr,)),
        ("component", component, COMPONENT_LABELS[component], (COMPONENT_ORDER[component],)),
        ("kind", kind, KIND_LABELS.get(kind, kind), (KIND_ORDER.get(kind, 99),)),
    ]
    if regions:
        for region in regions:
            slots.append(("region", region.code, region.name, (0, region.order, region.name)))
    else:
        slots.append(("region", NO_REGION, NO_REGION_LABEL, (1, 0, "")))
    return slots


def network_figures(period, scope: str = SCOPE_SUBMITTED) -> NetworkFigures:
    """Totals of every quantitative indicator of the period, with breakdowns (5 queries)."""
    reports = list(scoped_reports(period, scope).order_by().values("pk", "group_id"))
    report_ids = [r["pk"] for r in reports]
    rows = list(
        Result.objects.filter(activity__report_id__in=report_ids, value_number__isnull=False)
        .order_by()
        .values(
            "pk",
            "indicator_id",
            "value_number",
            "activity__target_id",
            "activity__ksr__number",
            "activity__target__component",
            "activity__report__group_id",
            "activity__report__group__kind",
        )
    )
    regions = _region_map({row["activity__target_id"] for row in rows})
    indicators = Indicator.objects.in_bulk({row["indicator_id"] for row in rows})

    figures: dict[int, IndicatorFigures] = {}
    contributing = set()
    for row in rows:
        group_id = row["activity__report__group_id"]
        value = row["value_number"]
        contributing.add(group_id)
        item = figures.setdefault(
            row["indicator_id"], IndicatorFigures(indicator=indicators[row["indicator_id"]])
        )
        item.total += value
        item.results += 1
        item.group_ids.add(group_id)
        for dimension, key, label, order in _buckets_for(
            row, regions.get(row["activity__target_id"], [])
        ):
            bucket = item.breakdowns.setdefault(dimension, {}).setdefault(
                key, Bucket(key=key, label=label, order=order)
            )
            bucket.total += value
            bucket.results += 1
            bucket.group_ids.add(group_id)

    ordered = sorted(figures.values(), key=lambda f: f.indicator.text.casefold())
    qualitative = qualitative_results(period, scope, report_ids=report_ids)
    for result in qualitative:
        contributing.add(result.activity.report.group_id)
    return NetworkFigures(
        period=period,
        scope=scope,
        reports=len(reports),
        groups=len({r["group_id"] for r in reports}),
        contributing_groups=len(contributing),
        standard=[f for f in ordered if f.indicator.standard],
        non_standard=[f for f in ordered if not f.indicator.standard],
        qualitative=qualitative,
    )


def _result_sort_key(result) -> tuple:
    group = result.activity.report.group
    return (
        KIND_ORDER.get(group.kind, 99),
        group.name.casefold(),
        activity_sort_key(result.activity),
        result.order,
        result.pk,
    )


def _results_queryset(report_ids):
    return Result.objects.filter(activity__report_id__in=report_ids).select_related(
        "indicator",
        "activity__report__group",
        "activity__target",
        "activity__category",
        "activity__ksr",
    )


def qualitative_results(period, scope: str = SCOPE_SUBMITTED, *, report_ids=None) -> list:
    """Every text result of the period's scoped reports, in report order (1-2 queries)."""
    if report_ids is None:
        report_ids = list(scoped_reports(period, scope).values_list("pk", flat=True))
    results = list(_results_queryset(report_ids).filter(value_text__isnull=False))
    return sorted(results, key=_result_sort_key)


def contributing_results(
    period, scope: str, indicator: Indicator, dimension: str = "", key: str = ""
) -> list:
    """The results behind one total (or one bucket of its breakdown), in report order."""
    report_ids = list(scoped_reports(period, scope).values_list("pk", flat=True))
    results = _results_queryset(report_ids).filter(indicator=indicator, value_number__isnull=False)
    if dimension == "ksr":
        if not key.isdigit():
            return []
        results = results.filter(activity__ksr__number=int(key))
    elif dimension == "component":
        results = results.filter(activity__target__component=key)
    elif dimension == "kind":
        results = results.filter(activity__report__group__kind=key)
    elif dimension == "region":
        if key == NO_REGION:
            results = results.filter(activity__target__regions__isnull=True)
        else:
            results = results.filter(activity__target__regions__code=key)
    return sorted(results, key=_result_sort_key)


def bucket_label(dimension: str, key: str) -> str:
    if dimension == "ksr":
        return f"KSR {key}"
    if dimension == "component":
        return COMPONENT_LABELS.get(key, key)
    if dimension == "kind":
        return KIND_LABELS.get(key, key)
    if dimension == "region":
        if key == NO_REGION:
            return NO_REGION_LABEL
        region = Region.objects.filter(code=key).first()
        return region.name if region else key
    return ""


@dataclass
class StatusDistribution:
    """Targets per status in the scoped reports: overall and per component."""

    overall: list[tuple[str, str, int]]  # (status, label, count) in legend order
    by_component: list[tuple[str, str, list[tuple[str, str, int]]]]  # (component, label, ...)

    @property
    def targets(self) -> int:
        return sum(count for _, _, count in self.overall)


def status_distribution(period, scope: str = SCOPE_SUBMITTED) -> StatusDistribution:
    """The status of every target in the period's reports of `scope`, one query."""
    counts: dict[tuple[str, str], int] = {}
    rows = TargetStatus.objects.filter(report__in=scoped_reports(period, scope)).values_list(
        "target__component", "status"
    )
    for component, status in rows:
        counts[component, status] = counts.get((component, status), 0) + 1
    labels = Status.choices
    overall = [
        (value, label, sum(n for (_, s), n in counts.items() if s == value))
        for value, label in labels
    ]
    by_component = [
        (
            component,
            label,
            [(value, name, counts.get((component, value), 0)) for value, name in labels],
        )
        for component, label in Component.choices
        if any(counts.get((component, value)) for value, _ in labels)
    ]
    return StatusDistribution(overall=overall, by_component=by_component)
