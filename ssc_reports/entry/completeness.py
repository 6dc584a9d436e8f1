"""What a report still lacks, section by section: the pre-submit checklist.

`report_checklist(report)` answers in a constant number of queries (4) whatever the report's
size; `report_checklists(reports)` does the same for many reports at once (the staff
dashboard), still in 4 queries.

Required: a mission statement, at least one officer, the projected impact, at least one
active target, a status confirmed for this period for every active target (a status carried
over from the previous report counts once an officer confirmed or changed it), at least one
activity, at least one result for every activity. Optional: website, social links, logo,
photos, acknowledgements.

What a section lacks is a list of MissingItems: a stable key and its parameters (a target's
code, a period's label), written in the active language when shown (`str(item)`) and stored as
`{"key": ..., "params": {...}}` on the report (`Report.missing`, ssc_reports.entry.progress), so
that the staff dashboard shows it in each viewer's language (`missing_text`).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from groups.models import Officer
from ssc_reports.models import Report
from ssc_reports.ordering import sort_activities, sort_targets
from targets.models import Target, TargetStatus

# What a required section may lack: key -> text, its parameters named as in the text. A key is
# stored on reports (Report.missing): keep a key once it is used, change its text freely.
MISSING_TEXTS = {
    "mission_empty": _("The mission statement is empty."),
    "no_officer": _("No officer is listed."),
    "impact_empty": _("The projected impact is empty."),
    "no_target": _("No target for the quadrennium."),
    "status_missing": _("%(code)s has no status for %(period)s."),
    "status_unconfirmed": _("%(code)s: the status from last year is not confirmed for %(period)s."),
    "no_activity": _("No activity is recorded."),
    "no_result": _("%(activity)s has no result."),
}
# A stored text of an unknown shape (none is written; kept for what a migration could not map):
# shown as it is.
VERBATIM = "text"


@dataclass(frozen=True)
class MissingItem:
    key: str  # of MISSING_TEXTS
    params: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, key: str, **params: str) -> "MissingItem":
        if key not in MISSING_TEXTS:
            raise KeyError(key)
        return cls(key, tuple(sorted((name, str(value)) for name, value in params.items())))

    def stored(self) -> dict:
        """The JSON kept in Report.missing."""
        return {"key": self.key, "params": dict(self.params)}

    def __str__(self) -> str:
        return missing_text(self.stored())


def missing_text(stored, texts: dict | None = None) -> str:
    """One stored item of Report.missing in the active language. `texts` (key -> text already
    translated, filled as keys are met) lets a page translate each key once."""
    if not isinstance(stored, dict):  # a sentence stored before the keys: shown as it is
        return str(stored)
    key, params = stored.get("key"), stored.get("params") or {}
    if key == VERBATIM or key not in MISSING_TEXTS:
        return str(params.get("text", key))
    if texts is None:
        texts = {}
    if key not in texts:
        texts[key] = str(MISSING_TEXTS[key])
    try:
        return texts[key] % params if params else texts[key]
    except (KeyError, TypeError, ValueError):  # parameters of another shape: their values
        return ", ".join(str(value) for value in params.values())


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    url_name: str  # in the `reports` namespace, kwargs acronym and period


SECTIONS = (
    Section("group", _("Group information"), "reports:group"),
    Section("impact", _("Projected impact"), "reports:impact"),
    Section("targets", _("Targets"), "reports:targets"),
    Section("activities", _("Activities and results"), "reports:activities"),
    Section("photos", _("Photos"), "reports:photos"),
    Section("acknowledgements", _("Acknowledgements"), "reports:acknowledgements"),
)


@dataclass
class SectionCheck:
    section: Section
    items: list[MissingItem] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """What the section lacks, in the active language."""
        return [str(item) for item in self.items]

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def title(self) -> str:
        return self.section.title

    @property
    def url_name(self) -> str:
        return self.section.url_name

    @property
    def complete(self) -> bool:
        return not self.items


@dataclass
class Checklist:
    sections: list[SectionCheck]

    def __iter__(self):
        return iter(self.sections)

    def __getitem__(self, key: str) -> SectionCheck:
        for check in self.sections:
            if check.key == key:
                return check
        raise KeyError(key)

    @property
    def complete(self) -> bool:
        return all(check.complete for check in self.sections)

    @property
    def missing_count(self) -> int:
        return sum(len(check.items) for check in self.sections)


def report_checklists(reports: Iterable[Report]) -> dict[int, Checklist]:
    """Checklist per report pk. Each report needs `group` and `period` loaded (select_related)."""
    reports = list(reports)
    if not reports:
        return {}
    report_ids = [report.pk for report in reports]
    group_ids = {report.group_id for report in reports}

    officer_counts = dict(
        Officer.objects.filter(group_id__in=group_ids)
        .values("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    targets_by_group = defaultdict(list)
    for target in (
        Target.objects.filter(group_id__in=group_ids, retired=False)
        .only("pk", "group_id", "quadrennium_id", "code", "component")
        .order_by("code")
    ):
        targets_by_group[target.group_id].append(target)
    statuses = {
        (report_id, target_id): confirmed
        for report_id, target_id, confirmed in TargetStatus.objects.filter(
            report_id__in=report_ids
        ).values_list("report_id", "target_id", "confirmed")
    }
    activities_by_report = defaultdict(list)
    for activity in (
        Activity.objects.filter(report_id__in=report_ids)
        .annotate(result_count=Count("results"))
        .select_related("target", "category")
        .only("pk", "report_id", "order", "target__code", "target__component", "category__name")
    ):
        activities_by_report[activity.report_id].append(activity)

    checklists = {}
    for report in reports:
        group, period = report.group, report.period
        checks = {section.key: SectionCheck(section) for section in SECTIONS}
        if not group.mission.strip():
            checks["group"].items.append(MissingItem.of("mission_empty"))
        if not officer_counts.get(group.pk):
            checks["group"].items.append(MissingItem.of("no_officer"))
        if not report.projected_impact.strip():
            checks["impact"].items.append(MissingItem.of("impact_empty"))
        targets = sort_targets(
            t for t in targets_by_group[group.pk] if t.quadrennium_id == period.quadrennium_id
        )
        if not targets:
            checks["targets"].items.append(MissingItem.of("no_target"))
        for target in targets:
            confirmed = statuses.get((report.pk, target.pk))
            if confirmed is None:
                checks["targets"].items.append(
                    MissingItem.of("status_missing", code=target.code, period=period)
                )
            elif not confirmed:
                checks["targets"].items.append(
                    MissingItem.of("status_unconfirmed", code=target.code, period=period)
                )
        activities = sort_activities(activities_by_report[report.pk])
        if not activities:
            checks["activities"].items.append(MissingItem.of("no_activity"))
        for activity in activities:
            if not activity.result_count:
                checks["activities"].items.append(
                    MissingItem.of(
                        "no_result", activity=f"{activity.target.code} / {activity.category.name}"
                    )
                )
        checklists[report.pk] = Checklist([checks[section.key] for section in SECTIONS])
    return checklists


def report_checklist(report: Report) -> Checklist:
    """The checklist of one report, in a constant number of queries."""
    return report_checklists([report])[report.pk]
