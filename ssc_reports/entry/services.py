"""Writes on a group's report: starting it with carry-over, saving each part with optimistic
locking, retiring or deleting targets, activities with their results, photos.

Optimistic locking: every edit form carries the `version` of the row it was loaded from.
`save_with_version` claims the row with ``UPDATE ... SET version = version + 1 WHERE pk = %s
AND version = %s``; when no row matches, someone else saved first and ConcurrentEditError is
raised before anything is written, so the caller re-shows the form with what the user typed.

Every service that writes refreshes the stored progress (last edit, completeness) of the
reports it changes, in its transaction (ssc_reports.entry.progress.refresh_report_progress).
"""

import hashlib
import json
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from activities.models import Activity
from groups.models import Group, Language
from ssc_reports.entry.progress import (
    lock_progress_scope,
    lock_progress_scope_of,
    refresh_progress_after_saving,
    refresh_report_progress,
)
from ssc_reports.models import Photo, Plan, Report, ReportingPeriod
from ssc_reports.uploads.files import delete_unreferenced_files
from targets.models import Target, TargetStatus

T = TypeVar("T")

CONFLICT_MESSAGE = _(
    "Someone else saved this section while you were editing. Nothing of yours was saved: "
    "your text is kept below. Compare it with the version now saved, then save again."
)


class ConcurrentEditError(Exception):
    """The row changed since the form was loaded: the save was refused, nothing written."""

    def __init__(self, message: str = CONFLICT_MESSAGE, *, current_version: int | None = None):
        super().__init__(message)
        self.current_version = current_version


class TargetInUseError(Exception):
    """A target with a status or an activity in any period can only be retired."""


def _by(instance: models.Model, by) -> models.Model:
    """Name `by` as the author of the history row the next save or delete of `instance`
    writes (django-simple-history reads `_history_user`; pages set it from the request)."""
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by
    return instance


def claim_version(*, model: type[models.Model], pk: int, version: int) -> int:
    """Bump the row's version if it is still `version`; return the new version.

    Must run inside a transaction (the UPDATE holds the row lock until commit). Raises
    ConcurrentEditError carrying the current version when the row moved on."""
    updated = model._default_manager.filter(pk=pk, version=version).update(version=F("version") + 1)
    if updated != 1:
        current = model._default_manager.filter(pk=pk).values_list("version", flat=True).first()
        raise ConcurrentEditError(current_version=current)
    return version + 1


def fingerprint(values) -> str:
    """A short digest of field values, carried by a form to tell later whether they changed."""
    data = json.dumps([str(value) for value in values], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:32]


@transaction.atomic
def save_with_version(
    *,
    instance: models.Model,
    version: int,
    save: Callable[[], T],
    fields: tuple[str, ...] = (),
    loaded_fingerprint: str = "",
) -> T:
    """Run `save()` (a form or formset save writing `instance` and its children) only if
    `instance` is still at `version`; its version is bumped in the same transaction.

    Several sections sharing one row (the report's projected impact and acknowledgements)
    pass their `fields` and the `fingerprint` of their values when the form was loaded: a
    newer version is then accepted as long as these fields are unchanged, i.e. only another
    section was saved meanwhile. `save` must then write only its own fields.

    Side effects: whatever `save` writes, and version + 1 on the row; the stored progress
    of the reports `instance` belongs to (ssc_reports.entry.progress). Raises
    ConcurrentEditError (nothing written) when another save of the same data came first.
    Locks the group's and reports' rows first (lock_progress_scope), then the instance's."""
    lock_progress_scope_of(instance)
    model = type(instance)
    try:
        instance.version = claim_version(model=model, pk=instance.pk, version=version)
    except ConcurrentEditError as exc:
        if not fields or exc.current_version is None:
            raise
        current = model._default_manager.filter(pk=instance.pk).values_list(*fields).first()
        if current is None or fingerprint(current) != loaded_fingerprint:
            raise
        instance.version = claim_version(model=model, pk=instance.pk, version=exc.current_version)
    saved = save()
    refresh_progress_after_saving(instance)
    return saved


@transaction.atomic
def save_new_part(*, report: Report, save: Callable[[], T]) -> T:
    """Run `save()` (a form creating a part of `report`: an activity with its results, a
    photo, a target of its group). Side effects: whatever `save` writes; the stored
    summaries of the group's reports (a new target counts in each of them)."""
    lock_progress_scope(group_ids=[report.group_id])
    saved = save()
    refresh_report_progress(group_ids=[report.group_id])
    return saved


def _previous_reports(*, group: Group, period: ReportingPeriod):
    return Report.objects.filter(group=group, period__start__lt=period.start).order_by(
        "-period__start"
    )


@transaction.atomic
def start_report(*, group: Group, period: ReportingPeriod, by=None) -> Report:
    """The group's report for `period`, created with carry-over if it does not exist yet.

    Carry-over from the group's most recent earlier report: acknowledgements; the projected
    impact when the earlier report is in the same quadrennium (it is a quadrennium text); for
    every active target of the period's quadrennium, its latest status from any earlier report
    as a TargetStatus of the new report, not yet confirmed (the officers confirm or change
    it for this period). The first report of a quadrennium starts from the targets its
    approved plan gave the group, with no status (nothing carries from the old quadrennium's
    targets), and the plan's projected impact. Targets and group information live on the
    group and carry by themselves. Results and photos are never copied. Idempotent.

    Side effects: the report and its carried statuses, each with a history row by `by`; the
    report's stored progress."""
    lock_progress_scope(group_ids=[group.pk])  # the group's row: two starts meet there
    existing = Report.objects.filter(group=group, period=period).first()
    if existing is not None:
        return existing
    previous = _previous_reports(group=group, period=period).select_related("period").first()
    report = Report(group=group, period=period)
    if previous is not None:
        report.acknowledgements = previous.acknowledgements
    if previous is not None and previous.period.quadrennium_id == period.quadrennium_id:
        report.projected_impact = previous.projected_impact
    else:  # the first report of a quadrennium: the projected impact of the approved plan
        plan = Plan.objects.filter(
            group=group,
            planning__quadrennium_id=period.quadrennium_id,
            status=Plan.Status.APPROVED,
        ).first()
        if plan is not None:
            report.projected_impact = plan.projected_impact
    _by(report, by).save()
    if previous is None:
        refresh_report_progress(report_ids=[report.pk])
        return report

    latest: dict[int, str] = {}
    earlier_statuses = (
        TargetStatus.objects.filter(
            report__group=group,
            report__period__start__lt=period.start,
            target__quadrennium=period.quadrennium,
            target__retired=False,
        )
        .order_by("report__period__start")
        .values_list("target_id", "status")
    )
    for target_id, status in earlier_statuses:
        latest[target_id] = status  # later periods overwrite earlier ones
    bulk_create_with_history(
        [
            TargetStatus(report=report, target_id=target_id, status=status, confirmed=False)
            for target_id, status in latest.items()
        ],
        TargetStatus,
        default_user=by if getattr(by, "is_authenticated", False) else None,
    )
    refresh_report_progress(report_ids=[report.pk])
    return report


@transaction.atomic
def set_target_status(*, report: Report, target: Target, status: str | None, by=None) -> None:
    """This period's status of `target`, confirmed; None or "" removes it. Side effects: a
    history row by `by`."""
    lock_progress_scope(report_ids=[report.pk])
    row = TargetStatus.objects.select_for_update().filter(report=report, target=target).first()
    if not status:
        if row is not None:
            _by(row, by).delete()
    else:
        row = row or TargetStatus(report=report, target=target)
        if row.pk is None or row.status != status or not row.confirmed:
            row.status, row.confirmed = status, True
            _by(row, by).save()
    refresh_report_progress(report_ids=[report.pk])


class StaleStatusesError(ConcurrentEditError):
    """Some statuses changed since the form was loaded; `target_ids` names them."""

    def __init__(self, target_ids: list[int]):
        super().__init__(
            _(
                "Someone else changed some of these statuses while you were editing. Nothing "
                "was saved: your choices are kept below; check the ones marked, then save again."
            )
        )
        self.target_ids = target_ids


@transaction.atomic
def set_target_statuses(*, report: Report, changes: dict[int, tuple[str, str]], by=None) -> int:
    """Several statuses of one report at once, compare-and-set: `changes` maps a target id
    to (the status the form was loaded with, the new status); "" means no status.

    All or nothing: if any target's current status is not the loaded one, StaleStatusesError
    is raised and nothing is written. A changed status counts as confirmed for the period.
    Returns how many statuses changed. Side effects: one history row per change, by `by`."""
    lock_progress_scope(report_ids=[report.pk])
    rows = {
        row.target_id: row
        for row in TargetStatus.objects.select_for_update().filter(
            report=report, target_id__in=list(changes)
        )
    }
    stale = [
        tid
        for tid, (loaded, _) in changes.items()
        if (rows[tid].status if tid in rows else "") != loaded
    ]
    if stale:
        raise StaleStatusesError(sorted(stale))
    changed = 0
    for target_id, (loaded, new) in changes.items():
        if new == loaded:
            continue
        changed += 1
        row = rows.get(target_id)
        if not new:
            _by(row, by).delete()
        elif row is not None:
            row.status, row.confirmed = new, True
            _by(row, by).save(update_fields=["status", "confirmed"])
        else:
            try:
                with transaction.atomic():
                    _by(TargetStatus(report=report, target_id=target_id, status=new), by).save()
            except IntegrityError as exc:  # created meanwhile by someone else
                raise StaleStatusesError([target_id]) from exc
    if changed:
        refresh_report_progress(report_ids=[report.pk])
    return changed


@transaction.atomic
def confirm_target_statuses(*, report: Report, by=None) -> int:
    """Confirm every status carried over from the previous report as this period's status.
    Returns how many were confirmed. Side effects: one history row per status, by `by`."""
    lock_progress_scope(report_ids=[report.pk])
    rows = list(TargetStatus.objects.select_for_update().filter(report=report, confirmed=False))
    for row in rows:
        row.confirmed = True
        _by(row, by).save(update_fields=["confirmed"])
    if rows:
        refresh_report_progress(report_ids=[report.pk])
    return len(rows)


def target_in_use(target: Target) -> bool:
    """Reported on (a status or an activity), or carried forward into a later plan or
    quadrennium (the link is kept): such a target can only be retired."""
    return (
        target.statuses.exists()
        or target.activities.exists()
        or target.carried_into.exists()
        or target.carried_into_plans.exists()
    )


@transaction.atomic
def retire_target(*, target: Target, by=None) -> Target:
    """Hide the target from new reporting; its statuses and activities stay. Idempotent.
    Side effects: version + 1 and a history row by `by`."""
    return _set_retired(target=target, retired=True, by=by)


@transaction.atomic
def reinstate_target(*, target: Target, by=None) -> Target:
    """Undo retire_target. Side effects: version + 1 and a history row by `by`."""
    return _set_retired(target=target, retired=False, by=by)


def _set_retired(*, target: Target, retired: bool, by) -> Target:
    lock_progress_scope(group_ids=[target.group_id])
    target = Target.objects.select_for_update().get(pk=target.pk)
    if target.retired == retired:
        return target
    target.retired = retired
    target.version += 1
    _by(target, by).save(update_fields=["retired", "version"])
    refresh_report_progress(group_ids=[target.group_id])
    return target


@transaction.atomic
def delete_target(*, target: Target, by=None) -> None:
    """Delete a target that was never reported on; refuse (TargetInUseError) otherwise."""
    lock_progress_scope(group_ids=[target.group_id])
    target = Target.objects.select_for_update().get(pk=target.pk)
    if target_in_use(target):
        raise TargetInUseError(
            f"{target.code} has a status or activities in a report: it can be retired, not deleted."
        )
    group_id = target.group_id
    _by(target, by).delete()
    refresh_report_progress(group_ids=[group_id])


@transaction.atomic
def delete_activity(*, activity: Activity, by=None) -> None:
    """Delete an activity with its results (results are per report; nothing else refers to them).
    Side effects: a deletion history row by `by` for the activity and each result."""
    report_id = activity.report_id
    lock_progress_scope(report_ids=[report_id])
    for result in activity.results.all():
        _by(result, by).delete()
    _by(activity, by).delete()
    refresh_report_progress(report_ids=[report_id])


@transaction.atomic
def set_pdf_language(*, report: Report, language: str, by=None) -> Report:
    """The language of the stand-alone PDF's headings and labels (Report.pdf_language); what
    the group wrote is not translated. Side effect: a history row naming `by`. The PDF of the
    new language is a new content key (pdf/keys.py), rendered on the next download.
    Raises ValidationError for a language the site does not offer or an approved report (its
    final PDF is made, or being made, in the language set at approval)."""
    lock_progress_scope(report_ids=[report.pk])
    report = Report.objects.select_for_update().get(pk=report.pk)
    if language not in Language.values:
        raise ValidationError(
            {
                "pdf_language": _("Language of the PDF: choose one of %(languages)s.")
                % {"languages": ", ".join(str(label) for _code, label in Language.choices)}
            }
        )
    if report.status == Report.Status.APPROVED:
        raise ValidationError(
            {
                "pdf_language": _(
                    "Language of the PDF: the report is approved and its final PDF is made; "
                    "SSC staff can reopen it to change the language."
                )
            }
        )
    if report.pdf_language != language:
        report.pdf_language = language
        _by(report, by).save(update_fields=["pdf_language", "updated_at"])
        refresh_report_progress(report_ids=[report.pk])  # its history row is a last edit
    return report


@transaction.atomic
def delete_photo(*, photo: Photo, by=None) -> None:
    """Delete a photo row, and its stored file once the transaction commits unless another row
    (another report or group) uses the same file."""
    storage, name, report_id = photo.image.storage, photo.image.name, photo.report_id
    lock_progress_scope(report_ids=[report_id])
    _by(photo, by).delete()
    refresh_report_progress(report_ids=[report_id])
    delete_unreferenced_files([name], storage=storage)
