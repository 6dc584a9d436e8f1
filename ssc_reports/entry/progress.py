"""Each report's stored progress: its last edit and its completeness, kept on the Report row
(`last_edited_at`, `completeness`, `missing`) so that the staff dashboard and the filtered
exports read, filter and sort them in the database without computing anything per report.

`refresh_report_progress` is the one place that writes them. Every write service that changes
what they are computed from calls it in its transaction, after its writes: the entry services,
the workflow's transitions, the import, the worker's freezing of the final PDF, the catalogue's
merges and renames, re-encoding of images, the admin and the demo loaders. It recomputes the
values from the database (`fresh_report_progress`, a fixed number of queries for any number
of reports) and writes the rows whose values changed with a queryset update (no history row:
the progress is derived data, excluded from the Report's history). A test runs every write
service and checks that the stored values equal a fresh computation
(tests/core/test_every_write_keeps_progress.py), so a forgotten call fails it.

The last edit of a report is the latest historical row of its own content (report, activities,
results, statuses, photos) and of its group's (group, officers, targets) since the report was
created; the report's `updated_at` when there is none. Each is one probe of an (owner,
history_date) index (migration 0008), so its cost does not grow with the years of history.

Completeness is the share of the pre-submit checklist's required sections
(ssc_reports.entry.completeness) that are complete, in percent; `missing` lists what they lack,
as stable keys and parameters (`{"key": "status_missing", "params": {"code": "T-002", "period":
"2024-2025"}}`, MissingItem.stored), written in the viewer's language when shown
(completeness.missing_text): never as sentences in the language of whoever's request refreshed it.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery

from activities.models import Activity, ActivityCategory, Result
from groups.models import Group, Officer
from ssc_reports.entry.completeness import report_checklists
from ssc_reports.models import Photo, Plan, PlannedTarget, Report
from targets.models import Target, TargetStatus

# The sections of the pre-submit checklist that have required parts; completeness is the share
# of them that is complete.
REQUIRED_SECTIONS = ("group", "impact", "targets", "activities")
PROGRESS_FIELDS = ("last_edited_at", "completeness", "missing")


@dataclass(frozen=True)
class ReportProgress:
    last_edited_at: datetime.datetime | None
    completeness: int  # percent
    missing: list[dict]  # MissingItem.stored()


def with_last_edits(reports):
    """`reports` (a Report queryset) annotated with the latest history date of each part of
    their content: edited_report, edited_activity, ... (None when a part has no history)."""
    historical_activity = Activity.history.model
    historical_result = Result.history.model
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
    latest_report = (
        Report.history.model.objects.filter(id=OuterRef("pk"))
        .order_by("-history_date")
        .values("history_date")[:1]
    )

    def latest(model, **filters):
        return Subquery(
            model.history.filter(**filters, history_date__gte=OuterRef("created_at"))
            .order_by("-history_date")
            .values("history_date")[:1]
        )

    return reports.annotate(
        edited_report=Subquery(latest_report),
        edited_activity=Subquery(latest_activity),
        edited_result=Subquery(latest_result),
        edited_status=Subquery(latest_status),
        edited_photo=latest(Photo, report_id=OuterRef("pk")),
        edited_group=latest(Group, id=OuterRef("group_id")),
        edited_officer=latest(Officer, group_id=OuterRef("group_id")),
        edited_target=latest(Target, group_id=OuterRef("group_id")),
    )


EDIT_ANNOTATIONS = (
    "edited_report",
    "edited_activity",
    "edited_result",
    "edited_status",
    "edited_photo",
    "edited_group",
    "edited_officer",
    "edited_target",
)


def completeness_of(checklist) -> tuple[int, list[dict]]:
    """Percent of the required sections that are complete, and what is missing (stored keys)."""
    required = [check for check in checklist if check.key in REQUIRED_SECTIONS]
    done = sum(1 for check in required if check.complete)
    missing = [item.stored() for check in required for item in check.items]
    return round(100 * done / len(required)), missing


def fresh_report_progress(reports) -> dict[int, ReportProgress]:
    """The progress of every report of the queryset `reports`, computed now from the database
    (6 queries whatever their number)."""
    loaded = list(with_last_edits(reports.select_related("group", "period")).order_by("pk"))
    checklists = report_checklists(loaded)
    summaries = {}
    for report in loaded:
        edits = [getattr(report, name) for name in EDIT_ANNOTATIONS]
        edits = [moment for moment in edits if moment is not None]
        completeness, missing = completeness_of(checklists[report.pk])
        summaries[report.pk] = ReportProgress(
            last_edited_at=max(edits) if edits else report.updated_at,
            completeness=completeness,
            missing=missing,
        )
    return summaries


def stored_progress(report: Report) -> ReportProgress:
    return ReportProgress(
        last_edited_at=report.last_edited_at,
        completeness=report.completeness,
        missing=list(report.missing),
    )


def _scope(report_ids: Iterable[int], group_ids: Iterable[int]) -> Q:
    return Q(pk__in=list(report_ids)) | Q(group_id__in=list(group_ids))


def lock_progress_scope(
    *, report_ids: Iterable[int] = (), group_ids: Iterable[int] = (), everything: bool = False
) -> list[int]:
    """Lock, in the one order every write of the app follows, the rows of what a write
    refreshing these reports' progress may touch: first the rows of their groups (the
    groups `group_ids` and those of the reports `report_ids`), then the reports (those
    `report_ids` and every report of the groups `group_ids`), each in pk order. Returns the
    reports' ids in pk order.

    Every write service that will refresh progress calls it first in its transaction, before
    any other lock or write (README, "Locks"): two writes of one group then meet on the group's
    row, the second waiting for the first's commit, and never hold one report each while
    waiting for the other's (a deadlock PostgreSQL answers by aborting one, an error page).
    Calling it again in the same transaction, as refresh_report_progress does, waits for
    nothing: the group's row is held already. The locks are FOR NO KEY UPDATE: they serialise
    the writers without blocking the foreign-key checks of rows inserted elsewhere. Must run
    inside a transaction; on SQLite (one writer at a time) the two queries lock nothing."""
    report_ids, group_ids = list(report_ids), list(group_ids)
    if not (everything or report_ids or group_ids):
        return []
    if everything:
        groups, reports = Group.objects.all(), Report.objects.all()
    else:
        groups = Group.objects.filter(
            Q(pk__in=group_ids)
            | Q(pk__in=Report.objects.filter(pk__in=report_ids).values("group_id"))
        )
        reports = Report.objects.filter(_scope(report_ids, group_ids))
    # Evaluated for their locks; the ids themselves are not needed.
    list(groups.select_for_update(no_key=True).order_by("pk").values_list("pk", flat=True))
    return list(reports.select_for_update(no_key=True).order_by("pk").values_list("pk", flat=True))


def lock_progress_scope_of(*instances) -> list[int]:
    """lock_progress_scope for what a save or deletion of each of `instances` refreshes
    (progress_scope), all in one order."""
    report_ids, group_ids = set(), set()
    for instance in instances:
        scope = progress_scope(instance)
        report_ids.update(scope.get("report_ids", ()))
        group_ids.update(scope.get("group_ids", ()))
    return lock_progress_scope(report_ids=sorted(report_ids), group_ids=sorted(group_ids))


@transaction.atomic
def refresh_report_progress(
    *, report_ids: Iterable[int] = (), group_ids: Iterable[int] = (), everything: bool = False
) -> int:
    """Recompute and store the progress of the reports `report_ids`, of every report of the
    groups `group_ids` (their group's information, officers and targets count in each), or of
    every report (`everything`). Returns how many rows changed.

    The groups' rows, then the reports' are locked first (lock_progress_scope: the writer
    should have taken them at its start already), so two transactions refreshing the same
    report run one after the other and the second computes with the first's writes (on
    PostgreSQL's read committed). Side effects: an UPDATE of the rows whose values changed,
    without history rows (the progress is derived data, not part of the report's history)."""
    ids = lock_progress_scope(report_ids=report_ids, group_ids=group_ids, everything=everything)
    if not ids:
        return 0
    fresh = fresh_report_progress(Report.objects.filter(pk__in=ids))
    stored = Report.objects.filter(pk__in=ids).only("pk", *PROGRESS_FIELDS).order_by("pk")
    changed = []
    for report in stored:
        summary = fresh[report.pk]
        if stored_progress(report) != summary:
            report.last_edited_at = summary.last_edited_at
            report.completeness = summary.completeness
            report.missing = summary.missing
            changed.append(report)
    if changed:
        Report.objects.bulk_update(changed, PROGRESS_FIELDS, batch_size=500)
    return len(changed)


def progress_scope(instance) -> dict[str, list[int]]:
    """The reports whose progress a save or deletion of `instance` may change, as keyword
    arguments of refresh_report_progress: a report's own; an activity's, photo's, status's or
    result's report; every report of a group whose information, officer or target it is;
    every report with an activity of a category (what a report lacks names the category); none
    for a plan or its targets.
    Any other model raises TypeError (say here which reports it changes)."""
    if isinstance(instance, Report):
        return {"report_ids": [instance.pk]}
    if isinstance(instance, Group):
        return {"group_ids": [instance.pk]}
    if isinstance(instance, Target | Officer):
        return {"group_ids": [instance.group_id]}
    if isinstance(instance, Activity | Photo | TargetStatus):
        return {"report_ids": [instance.report_id]}
    if isinstance(instance, Result):
        return {
            "report_ids": list(
                Activity.objects.filter(pk=instance.activity_id).values_list("report_id", flat=True)
            )
        }
    if isinstance(instance, ActivityCategory):
        return {
            "report_ids": list(
                Activity.objects.filter(category=instance).values_list("report_id", flat=True)
            )
        }
    if isinstance(instance, Plan | PlannedTarget):
        return {"report_ids": []}  # a plan is not part of a report (its targets are, once approved)
    raise TypeError(f"No report's progress depends on {type(instance).__name__}.")


def refresh_progress_after_saving(instance) -> int:
    """Refresh the progress of the reports a save of `instance` may change (progress_scope)."""
    return refresh_report_progress(**progress_scope(instance))


class RefreshProgressAdmin:
    """Mixin for the admin of a model the reports' progress depends on: a save (with its
    inlines) or a deletion refreshes the progress of the reports it touches, as the services
    do. An object moved by the admin to another group's report refreshes the new one only.
    Like the services, it takes the app's lock order first (lock_progress_scope)."""

    def save_model(self, request, obj, form, change):
        lock_progress_scope_of(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_progress_after_saving(form.instance)

    def delete_model(self, request, obj):
        scope = progress_scope(obj)
        lock_progress_scope(**scope)
        super().delete_model(request, obj)
        refresh_report_progress(**scope)

    @transaction.atomic  # the admin's bulk deletion runs outside the change views' transaction
    def delete_queryset(self, request, queryset):
        report_ids, group_ids = set(), set()
        for obj in queryset:
            scope = progress_scope(obj)
            report_ids.update(scope.get("report_ids", ()))
            group_ids.update(scope.get("group_ids", ()))
        lock_progress_scope(report_ids=report_ids, group_ids=group_ids)
        super().delete_queryset(request, queryset)
        refresh_report_progress(report_ids=report_ids, group_ids=group_ids)


def stale_report_progress() -> dict[int, tuple[ReportProgress, ReportProgress]]:
    """Reports whose stored progress differs from a fresh computation: pk -> (stored, fresh).
    Empty when every write kept them up to date (the tests' check)."""
    fresh = fresh_report_progress(Report.objects.all())
    return {
        report.pk: (stored_progress(report), fresh[report.pk])
        for report in Report.objects.only("pk", *PROGRESS_FIELDS)
        if stored_progress(report) != fresh[report.pk]
    }
