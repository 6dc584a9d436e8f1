"""The summary of achievements of a report, computed from its data and never typed.

- total number of targets for the quadrennium (the group's targets that are not retired);
- geographic regions as counts of targets per region, in the regions' order;
- actions during the period per component: the number of results, with the distinct KSRs;
  components without results are left out;
- overall achievement: targets per status with percentages that add up to 100 (largest
  remainder; a tie goes to the larger count).

`summarise(report)` loads what it needs (a constant number of queries); `build_summary` is the
pure computation the PDF uses on data it has already loaded.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from targets.models import COMPONENT_ORDER, Component, Region, Status, Target, TargetStatus

# Label and key of the bucket for targets that have no status in the report.
NOT_REPORTED = "not_reported"
NOT_REPORTED_LABEL = _("Not reported")


def largest_remainder_percentages(counts: Sequence[int]) -> list[int]:
    """Whole percentages of `counts` that add up to exactly 100 (or all 0 if the total is 0).

    Each share gets the floor of its exact percentage; the points still missing go one each to
    the shares with the largest remainders. A tie in remainder goes to the larger count, then
    to the earlier position.
    """
    total = sum(counts)
    if total <= 0:
        return [0 for _ in counts]
    if any(count < 0 for count in counts):
        raise ValueError("Counts cannot be negative.")
    floors = [count * 100 // total for count in counts]
    remainders = [count * 100 % total for count in counts]  # exact, in units of 1/total
    missing = 100 - sum(floors)
    ranked = sorted(range(len(counts)), key=lambda i: (-remainders[i], -counts[i], i))
    for index in ranked[:missing]:
        floors[index] += 1
    return floors


@dataclass(frozen=True)
class RegionCount:
    code: str
    name: str
    count: int

    def __str__(self) -> str:
        return f"{self.count} {self.name}"


@dataclass(frozen=True)
class ComponentActions:
    component: str
    label: str
    count: int
    ksrs: tuple[int, ...]

    @property
    def ksr_text(self) -> str:
        return "KSR " + ", ".join(str(number) for number in self.ksrs)

    def __str__(self) -> str:
        return f"{self.label}: {self.count} ({self.ksr_text})"


@dataclass(frozen=True)
class StatusShare:
    status: str
    label: str
    count: int
    percent: int

    @property
    def figure(self) -> str:
        return f"{self.count} ({self.percent}%)"

    def __str__(self) -> str:
        return f"{self.figure} {self.label.lower()}"


@dataclass(frozen=True)
class Summary:
    quadrennium: str
    period: str
    total_targets: int
    regions: tuple[RegionCount, ...]
    actions: tuple[ComponentActions, ...]
    statuses: tuple[StatusShare, ...]  # every status in legend order, including zero counts

    @property
    def regions_text(self) -> str:
        """e.g. "11 Global, 2 Africa, 1 America, 2 Asia"."""
        return ", ".join(str(region) for region in self.regions)

    @property
    def achieved_statuses(self) -> tuple[StatusShare, ...]:
        return tuple(share for share in self.statuses if share.count)

    @property
    def achievement_text(self) -> str:
        """e.g. "1 (8%) not initiated, 7 (59%) on track, 4 (33%) achieved"."""
        return ", ".join(str(share) for share in self.achieved_statuses)

    @property
    def is_empty(self) -> bool:
        return self.total_targets == 0 and not self.actions


def build_summary(
    *,
    quadrennium: str,
    period: str,
    targets: Iterable,
    statuses: Mapping[int, str],
    activities: Iterable,
    regions: Iterable[Region],
) -> Summary:
    """The summary from loaded data.

    `targets`: the report's non-retired targets with `regions` prefetched; `statuses`: target
    pk -> status value in this report; `activities`: the report's activities with `target`,
    `ksr` and `results` loaded; `regions`: every region in display order.
    """
    targets = list(targets)
    region_counts = Counter(region.pk for target in targets for region in target.regions.all())
    region_rows = tuple(
        RegionCount(code=region.code, name=region.name, count=region_counts[region.pk])
        for region in regions
        if region_counts[region.pk]
    )

    action_counts: Counter = Counter()
    action_ksrs: dict[str, set[int]] = {}
    for activity in activities:
        results = len(activity.results.all())
        if not results:
            continue
        component = activity.target.component
        action_counts[component] += results
        action_ksrs.setdefault(component, set()).add(activity.ksr.number)
    labels = dict(Component.choices)
    action_rows = tuple(
        ComponentActions(
            component=component,
            label=labels[component],
            count=action_counts[component],
            ksrs=tuple(sorted(action_ksrs[component])),
        )
        for component in sorted(action_counts, key=COMPONENT_ORDER.__getitem__)
    )

    status_of = Counter(statuses.get(target.pk, NOT_REPORTED) for target in targets)
    buckets = list(Status.choices)
    if status_of[NOT_REPORTED]:
        buckets.append((NOT_REPORTED, NOT_REPORTED_LABEL))
    counts = [status_of[value] for value, _ in buckets]
    percents = largest_remainder_percentages(counts)
    status_rows = tuple(
        StatusShare(status=value, label=label, count=count, percent=percent)
        for (value, label), count, percent in zip(buckets, counts, percents, strict=True)
    )
    return Summary(
        quadrennium=quadrennium,
        period=period,
        total_targets=len(targets),
        regions=region_rows,
        actions=action_rows,
        statuses=status_rows,
    )


def report_targets(report):
    """The targets a report covers: the group's non-retired targets of the period's quadrennium."""
    return Target.objects.active().of_report(report)


def summarise(report) -> Summary:
    """The summary of achievements of `report` (at most seven queries whatever its size)."""
    targets = report_targets(report).prefetch_related("regions")
    statuses = dict(TargetStatus.objects.filter(report=report).values_list("target_id", "status"))
    activities = (
        Activity.objects.filter(report=report)
        .select_related("target", "ksr")
        .prefetch_related("results")
    )
    return build_summary(
        quadrennium=report.period.quadrennium.label,
        period=report.period.label,
        targets=targets,
        statuses=statuses,
        activities=activities,
        regions=Region.objects.all(),
    )
