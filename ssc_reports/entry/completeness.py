"""What a report still lacks, section by section: the pre-submit checklist.

`report_checklist(report)` answers in a constant number of queries (4) whatever the report's
size; `report_checklists(reports)` does the same for many reports at once (the staff
dashboard), still in 4 queries.

Required: a mission statement, at least one officer, the projected impact, at least one
active target, a status confirmed for this period for every active target (a status carried
over from the previous report counts once an officer confirmed or changed it), at least one
activity, at least one result for every activity. Optional: website, social links, logo,
photos, acknowledgements.
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
    missing: list[str] = field(default_factory=list)

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
        return not self.missing


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
        return sum(len(check.missing) for check in self.sections)


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
            checks["group"].missing.append(_("The mission statement is empty."))
        if not officer_counts.get(group.pk):
            checks["group"].missing.append(_("No officer is listed."))
        if not report.projected_impact.strip():
            checks["impact"].missing.append(_("The projected impact is empty."))
        targets = sort_targets(
            t for t in targets_by_group[group.pk] if t.quadrennium_id == period.quadrennium_id
        )
        if not targets:
            checks["targets"].missing.append(_("No target for the quadrennium."))
        for target in targets:
            confirmed = statuses.get((report.pk, target.pk))
            if confirmed is None:
                checks["targets"].missing.append(
                    _("%(code)s has no status for %(period)s.")
                    % {"code": target.code, "period": period}
                )
            elif not confirmed:
                checks["targets"].missing.append(
                    _("%(code)s: the status from last year is not confirmed for %(period)s.")
                    % {"code": target.code, "period": period}
                )
        activities = sort_activities(activities_by_report[report.pk])
        if not activities:
            checks["activities"].missing.append(_("No activity is recorded."))
        for activity in activities:
            if not activity.result_count:
                checks["activities"].missing.append(
                    _("%(activity)s has no result.")
                    % {"activity": f"{activity.target.code} / {activity.category.name}"}
                )
        checklists[report.pk] = Checklist([checks[section.key] for section in SECTIONS])
    return checklists


def report_checklist(report: Report) -> Checklist:
    """The checklist of one report, in a constant number of queries."""
    return report_checklists([report])[report.pk]
