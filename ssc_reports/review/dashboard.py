"""The staff dashboard's table: every group's report for a period, in a fixed number of
queries whatever the number of groups: the groups, the reports with their annotations (returns,
last edit from the history tables), and the pre-submit checklists of all reports at once
(ssc_reports.entry.completeness.report_checklists).

The last edit of a report is the latest historical row of its own content (report, activities,
results, statuses, photos) and of its group's (group, officers, targets) since the report was
created. Each is one probe of an (owner, history_date) index (migration 0008), so its cost
does not grow with the years of history the tables accumulate."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Result
from groups.models import Group, GroupKind, Officer
from ssc_reports.entry.completeness import report_checklists
from ssc_reports.models import Photo, Report, ReportingPeriod
from ssc_reports.review.lock import effective_deadline
from targets.models import Target, TargetStatus

NOT_STARTED = "not_started"
STATUS_CHOICES = [(NOT_STARTED, _("Not started")), *Report.Status.choices]
STATUS_LABELS = dict(STATUS_CHOICES)
STATUS_ORDER = {key: index for index, key in enumerate(STATUS_LABELS)}
SORTS = {
    "group": lambda row: row.group.name.casefold(),
    "acronym": lambda row: row.group.acronym.casefold(),
    "kind": lambda row: row.group.get_kind_display(),
    "status": lambda row: STATUS_ORDER[row.status],
    "last_edit": lambda row: row.last_edit or datetime.datetime.min.replace(tzinfo=datetime.UTC),
    "completeness": lambda row: row.completeness,
    "deadline": lambda row: row.deadline or datetime.date.max,
    "returns": lambda row: row.returns,
}

# The sections of the pre-submit checklist (ssc_reports.entry.completeness) that have required
# parts; completeness is the share of them that is complete.
REQUIRED_SECTIONS = ("group", "impact", "targets", "activities")


@dataclass
class DashboardRow:
    group: Group
    report: Report | None
    status: str
    status_label: str
    last_edit: datetime.datetime | None
    completeness: int  # percent
    missing: list[str]
    deadline: datetime.date | None
    extended: bool
    overdue: bool
    returns: int


def _annotated_reports(period: ReportingPeriod):
    historical_activity = Activity.history.model
    historical_result = Result.history.model
    historical_status = Report.history.model
    latest_activity = (
        historical_activity.objects.filter(report_id=OuterRef("pk"))
        .order_by("-history_date")
        .values("history_date")[:1]
    )
    # Per activity of the report, its results' latest historical row (one index probe each;
    # never a walk through the history of other reports or years).
    latest_result = (
        Activity.objects.filter(report_id=OuterRef("pk"))
        .annotate(
            last=Subquery(
                historical_result.objects.filter(activity_id=OuterRef("pk"))
                .order_by("-history_date")
                .values("history_date")[:1]
            )
        )
        .exclude(last=None)
        .order_by("-last")
        .values("last")[:1]
    )
    latest_status = (
        TargetStatus.history.model.objects.filter(report_id=OuterRef("pk"))
        .order_by("-history_date")
        .values("history_date")[:1]
    )

    def latest(model, **filters):
        return Subquery(
            model.history.filter(**filters, history_date__gte=OuterRef("created_at"))
            .order_by("-history_date")
            .values("history_date")[:1]
        )

    latest_report = (
        historical_status.objects.filter(id=OuterRef("pk"))
        .order_by("-history_date")
        .values("history_date")[:1]
    )
    return (
        Report.objects.filter(period=period)
        .select_related("group", "period", "deadline_extension")
        .annotate(
            returns=Count("events", filter=Q(events__new_status=Report.Status.RETURNED)),
            edited_report=Subquery(latest_report),
            edited_activity=Subquery(latest_activity),
            edited_result=Subquery(latest_result),
            edited_status=Subquery(latest_status),
            edited_photo=latest(Photo, report_id=OuterRef("pk")),
            edited_group=latest(Group, id=OuterRef("group_id")),
            edited_officer=latest(Officer, group_id=OuterRef("group_id")),
            edited_target=latest(Target, group_id=OuterRef("group_id")),
        )
    )


def _completeness(checklist) -> tuple[int, list[str]]:
    """Percent of the required sections that are complete, and what is missing."""
    required = [check for check in checklist if check.key in REQUIRED_SECTIONS]
    done = sum(1 for check in required if check.complete)
    missing = [item for check in required for item in check.missing]
    return round(100 * done / len(required)), missing


def dashboard_rows(period: ReportingPeriod, *, today: datetime.date | None = None):
    """One row per group (all groups, whether they started their report or not)."""
    today = today or timezone.localdate()
    groups = list(Group.objects.order_by("name"))
    reports = {report.group_id: report for report in _annotated_reports(period)}
    checklists = report_checklists(reports.values())
    rows = []
    for group in groups:
        report = reports.get(group.pk)
        if report is None:
            rows.append(
                DashboardRow(
                    group=group,
                    report=None,
                    status=NOT_STARTED,
                    status_label=STATUS_LABELS[NOT_STARTED],
                    last_edit=None,
                    completeness=0,
                    missing=["the report has not been started"],
                    deadline=period.submission_deadline,
                    extended=False,
                    overdue=bool(period.submission_deadline and today > period.submission_deadline),
                    returns=0,
                )
            )
            continue
        edits = [
            moment
            for moment in (
                report.edited_report,
                report.edited_activity,
                report.edited_result,
                report.edited_status,
                report.edited_photo,
                report.edited_group,
                report.edited_officer,
                report.edited_target,
            )
            if moment is not None
        ]
        completeness, missing = _completeness(checklists[report.pk])
        deadline = effective_deadline(report)
        submitted = report.status in (Report.Status.SUBMITTED, Report.Status.APPROVED)
        rows.append(
            DashboardRow(
                group=group,
                report=report,
                status=report.status,
                status_label=report.get_status_display(),
                last_edit=max(edits) if edits else report.updated_at,
                completeness=completeness,
                missing=missing,
                deadline=deadline,
                extended=deadline != period.submission_deadline,
                overdue=bool(not submitted and deadline and today > deadline),
                returns=report.returns,
            )
        )
    return rows


def filter_rows(rows, *, kind="", status="", overdue="", q=""):
    q = q.strip().casefold()
    result = []
    for row in rows:
        if kind and row.group.kind != kind:
            continue
        if status and row.status != status:
            continue
        if overdue == "yes" and not row.overdue:
            continue
        if overdue == "no" and row.overdue:
            continue
        if q and q not in row.group.name.casefold() and q not in row.group.acronym.casefold():
            continue
        result.append(row)
    return result


def sort_rows(rows, *, sort="group"):
    """`sort` is a key of SORTS, "-" first for descending; unknown keys sort by group."""
    descending = sort.startswith("-")
    key = SORTS.get(sort.lstrip("-"), SORTS["group"])
    by_name = sorted(rows, key=SORTS["group"])  # ties stay in name order either way
    return (
        sorted(by_name, key=key, reverse=descending)
        if not descending
        else [
            row
            for _, row in sorted(
                enumerate(by_name), key=lambda item: (key(item[1]), -item[0]), reverse=True
            )
        ]
    )


def status_totals(rows) -> list[tuple[str, str, int]]:
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for row in rows:
        counts[row.status] += 1
    return [(key, STATUS_LABELS[key], counts[key]) for key in STATUS_LABELS]


KIND_CHOICES = GroupKind.choices
