"""What staff see of the catalogue at /staff/indicators/: every activity category, indicator
and KSR with its status and how much it is used, filtered; and the catalogue's history.

Everything is loaded in a fixed number of queries (the catalogue is small: filters run in
Python on the loaded rows, and the merge targets of every indicator come from the same rows).
The writes are activities.services."""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from activities.change_texts import shown_changes, shown_summary
from activities.models import ActivityCategory, CatalogueChange, Indicator
from ssc_reports.models import ReportingPeriod
from targets.models import COMPONENT_ORDER, KSR, Component, Quadrennium

STATUS_CHOICES = [("", _("Any status")), *Indicator.Status.choices]
KIND_CHOICES = [("", _("Any kind")), *Indicator.Kind.choices]
COMPONENT_CHOICES = [("", _("Any component")), *Component.choices]
FILTER_KEYS = ("q", "component", "category", "ksr", "kind", "status", "flagged")


@dataclass
class CatalogueFilter:
    q: str = ""
    component: str = ""
    category: str = ""
    ksr: str = ""
    kind: str = ""
    status: str = ""
    flagged: str = ""

    @classmethod
    def from_query(cls, query) -> "CatalogueFilter":
        return cls(**{key: (query.get(key) or "").strip() for key in FILTER_KEYS})

    @property
    def active(self) -> bool:
        return any(getattr(self, key) for key in FILTER_KEYS)

    def keeps(self, indicator: Indicator) -> bool:
        category = indicator.category
        if self.q and self.q.casefold() not in (
            f"{indicator.text} {indicator.definition}".casefold()
        ):
            return False
        if self.component and (category is None or category.component != self.component):
            return False
        if self.category and str(indicator.category_id) != self.category:
            return False
        if self.ksr and (indicator.ksr is None or str(indicator.ksr.number) != self.ksr):
            return False
        if self.kind and indicator.kind != self.kind:
            return False
        if self.status and indicator.status != self.status:
            return False
        return not (self.flagged and not indicator.needs_review)


@dataclass
class Catalogue:
    quadrennium: Quadrennium | None  # each quadrennium owns its catalogue; the one shown
    quadrennia: list  # every quadrennium, for the choice
    categories: list  # ActivityCategory with activities_count, indicators_count
    indicators: list  # Indicator (filtered) with results_count and merge_targets
    ksrs: list  # KSR with activities_count
    total_indicators: int
    proposals: int  # proposals waiting for staff (flagged, not retired)
    filters: CatalogueFilter = field(default_factory=CatalogueFilter)


def _indicator_sort_key(indicator: Indicator) -> tuple:
    category = indicator.category
    return (
        COMPONENT_ORDER.get(category.component, 99) if category else 99,
        category.name.casefold() if category else "",
        indicator.retired,
        not indicator.standard,
        indicator.kind != Indicator.Kind.QUANTITATIVE,
        indicator.text.casefold(),
        indicator.pk,
    )


def shown_quadrennium(quadrennia: list, label: str = "") -> Quadrennium | None:
    """The quadrennium whose catalogue is shown: the one asked for by label, else the one of
    the latest reporting period (what reports use now), else the latest."""
    by_label = {q.label: q for q in quadrennia}
    if label in by_label:
        return by_label[label]
    with_periods = [q for q in quadrennia if q.has_periods]
    return (with_periods or quadrennia or [None])[-1]


def load_indicators(quadrennium=None):
    """Every indicator of the quadrennium with its category, KSR, proposer, merge target and
    result count."""
    return list(
        Indicator.objects.filter(category__quadrennium=quadrennium)
        .select_related("category", "ksr", "proposed_by", "proposed_in__period", "merged_into")
        .annotate(results_count=Count("results"))
    )


def catalogue(filters: CatalogueFilter, *, quadrennium_label: str = "") -> Catalogue:
    """The catalogue page's data for one quadrennium (5 queries whatever its size)."""
    quadrennia = list(
        Quadrennium.objects.annotate(
            has_periods=models.Exists(ReportingPeriod.objects.filter(quadrennium=OuterRef("pk")))
        ).order_by("start")
    )
    quadrennium = shown_quadrennium(quadrennia, quadrennium_label)
    categories = sorted(
        ActivityCategory.objects.filter(quadrennium=quadrennium).annotate(
            activities_count=Count("activities", distinct=True),
            indicators_count=Count("indicators", distinct=True),
        ),
        key=lambda c: (COMPONENT_ORDER.get(c.component, 99), c.retired, c.name.casefold()),
    )
    indicators = sorted(load_indicators(quadrennium), key=_indicator_sort_key)
    by_category: dict = {}
    for indicator in indicators:
        if not indicator.retired:
            by_category.setdefault((indicator.category_id, indicator.kind), []).append(indicator)
    for indicator in indicators:
        indicator.merge_targets = [
            other
            for other in by_category.get((indicator.category_id, indicator.kind), [])
            if other.pk != indicator.pk
        ]
    ksrs = list(
        KSR.objects.filter(quadrennium=quadrennium)
        .annotate(activities_count=Count("activities"))
        .order_by("number")
    )
    return Catalogue(
        quadrennium=quadrennium,
        quadrennia=quadrennia,
        categories=categories,
        indicators=[i for i in indicators if filters.keeps(i)],
        ksrs=ksrs,
        total_indicators=len(indicators),
        proposals=sum(1 for i in indicators if i.needs_review and not i.retired),
        filters=filters,
    )


def history(*, indicator=None, category=None, ksr=None, limit: int | None = None):
    """The catalogue's changes, newest first (1 query), optionally of one entry, each with
    its `shown_summary` and `shown_changes` in the active language (activities.change_texts)."""
    changes = CatalogueChange.objects.select_related("by")
    if indicator is not None:  # its own changes, and the indicators merged into it
        changes = changes.filter(
            Q(indicator=indicator)
            | Q(action=CatalogueChange.Action.MERGED, indicator__merged_into=indicator)
        )
    if category is not None:
        changes = changes.filter(category=category, indicator__isnull=True)
    if ksr is not None:
        changes = changes.filter(ksr=ksr)
    changes = changes.order_by("-at", "-pk")
    changes = list(changes[:limit] if limit else changes)
    for change in changes:  # in the reader's language (stored as keys since activities 0009)
        change.shown_summary = shown_summary(change)
        change.shown_changes = shown_changes(change)
    return changes
