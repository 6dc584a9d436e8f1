"""The staff round page's table of every group's plan (/staff/plans/<label>/): each group
joined with its plan of the round, filtered (state, kind of group, a search in the name or
acronym), counted per state, sorted and paginated in the database. A page makes the same
number of queries for 1 or 200 groups: the totals (one grouped query), the count and the
rows of the page, the targets, comments and last reason for a return being subqueries of the
rows' query."""

from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import (
    Count,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Lower

from groups.models import Group, GroupKind
from ssc_reports.listing.tables import Sorts, page_of, rank, rank_by_label, search, search_text
from ssc_reports.models import Plan, PlanComment, PlanEvent, PlannedTarget, PlanningRound

STATE_LABELS = dict(Plan.Status.choices)
KIND_LABELS = dict(GroupKind.choices)
ROW_FIELDS = (
    "name",
    "acronym",
    "kind",
    "plan_pk",
    "state",
    "targets_count",
    "comments_count",
    "return_reason",
)


@dataclass(frozen=True)
class PlanFilter:
    """The table's filters, read from the query string: `status` (a plan state), `group_kind`
    (a kind of group: `kind` is the overview's drill-down) and `q`. Unknown values are
    ignored, so a hand-written address shows every group rather than an error."""

    status: str = ""
    group_kind: str = ""
    q: str = ""

    KEYS = ("status", "group_kind", "q")

    @classmethod
    def from_query(cls, query) -> "PlanFilter":
        status = query.get("status", "")
        kind = query.get("group_kind", "")
        return cls(
            status=status if status in STATE_LABELS else "",
            group_kind=kind if kind in KIND_LABELS else "",
            q=search_text(query.get("q", "")),
        )

    @property
    def active(self) -> bool:
        return bool(self.status or self.group_kind or self.q)


def _count(model, field: str) -> Subquery:
    rows = (
        model.objects.filter(**{field: OuterRef("plan_pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def round_groups(planning: PlanningRound) -> QuerySet:
    """Every group, annotated with its plan of `planning`: plan_pk (None without a plan),
    state ("not_started" without one), targets_count, comments_count and return_reason (the
    reason of the plan's last return, "" unless it is returned now)."""
    last_return = (
        PlanEvent.objects.filter(plan_id=OuterRef("plan_pk"), new_status=Plan.Status.RETURNED)
        .order_by("-pk")
        .values("reason")[:1]
    )
    return (
        Group.objects.annotate(
            round_plan=FilteredRelation("plans", condition=Q(plans__planning=planning))
        )
        .annotate(
            plan_pk=F("round_plan__id"),
            state=Coalesce(F("round_plan__status"), Value(Plan.Status.NOT_STARTED)),
        )
        .annotate(
            targets_count=_count(PlannedTarget, "plan_id"),
            comments_count=_count(PlanComment, "plan_id"),
            return_reason=Coalesce(Subquery(last_return), Value(""), output_field=TextField()),
        )
    )


def filter_groups(groups: QuerySet, plan_filter: PlanFilter) -> QuerySet:
    if plan_filter.status:
        groups = groups.filter(state=plan_filter.status)
    if plan_filter.group_kind:
        groups = groups.filter(kind=plan_filter.group_kind)
    return search(groups, plan_filter.q)


def sorts() -> Sorts:
    """The columns one can sort by (kinds in the order of their labels in the active
    language, states in the workflow's order); ties in group name order."""
    return {
        "group": (Lower("name"), "first"),
        "kind": (rank_by_label("kind", KIND_LABELS), "first"),
        "state": (rank("state", list(STATE_LABELS)), "first"),
        "targets": (F("targets_count"), "first"),
        "comments": (F("comments_count"), "first"),
    }


def state_totals(groups: QuerySet) -> tuple[list[tuple[str, str, int]], int]:
    """Over every group (one grouped query): (label, state, count) per state in the
    workflow's order, and the number of groups."""
    counts = dict.fromkeys(STATE_LABELS, 0)
    for row in groups.order_by().values("state").annotate(n=Count("pk")):
        counts[row["state"]] = counts.get(row["state"], 0) + row["n"]
    totals = [(str(label), key, counts[key]) for key, label in STATE_LABELS.items()]
    return totals, sum(counts.values())


@dataclass(frozen=True, slots=True)
class PlanRow:
    name: str
    acronym: str
    kind_label: str
    state: str
    state_label: str
    targets: int
    comments: int
    reason: str


def plans_page(groups: QuerySet, *, page=1) -> Page:
    """One page of the sorted, filtered groups (a count and one query), as PlanRows; the
    labels are looked up once per page."""
    paginated = page_of(groups.values(*ROW_FIELDS), page)
    states = {key: str(label) for key, label in STATE_LABELS.items()}
    kinds = {key: str(label) for key, label in KIND_LABELS.items()}
    paginated.object_list = [
        PlanRow(
            name=group["name"],
            acronym=group["acronym"],
            kind_label=kinds.get(group["kind"], group["kind"]),
            state=group["state"],
            state_label=states.get(group["state"], group["state"]),
            targets=group["targets_count"],
            comments=group["comments_count"],
            reason=group["return_reason"] if group["state"] == Plan.Status.RETURNED else "",
        )
        for group in paginated
    ]
    return paginated
