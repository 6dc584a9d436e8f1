"""Writes on a group's report: starting it with carry-over, saving each part with optimistic
locking, retiring or deleting targets, activities with their results, photos.

Optimistic locking: every edit form carries the `version` of the row it was loaded from.
`save_with_version` claims the row with ``UPDATE ... SET version = version + 1 WHERE pk = %s
AND version = %s``; when no row matches, someone else saved first and ConcurrentEditError is
raised before anything is written, so the caller re-shows the form with what the user typed.
"""

import hashlib
import json
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, models, transaction
from django.db.models import F

from activities.models import Activity
from groups.models import Group
from ssc_reports.models import Photo, Report, ReportingPeriod
from ssc_reports.uploads.files import delete_unreferenced_files
from targets.models import Target, TargetStatus

T = TypeVar("T")

CONFLICT_MESSAGE = (
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

    Side effects: whatever `save` writes, and version + 1 on the row. Raises
    ConcurrentEditError (nothing written) when another save of the same data came first."""
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
    return save()


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
    as a TargetStatus of the new report. Targets and group information live on the group and
    carry by themselves. Results and photos are never copied. Idempotent."""
    existing = Report.objects.filter(group=group, period=period).first()
    if existing is not None:
        return existing
    previous = _previous_reports(group=group, period=period).select_related("period").first()
    report = Report.objects.create(group=group, period=period)
    if previous is None:
        return report
    report.acknowledgements = previous.acknowledgements
    if previous.period.quadrennium_id == period.quadrennium_id:
        report.projected_impact = previous.projected_impact
    report.save(update_fields=["acknowledgements", "projected_impact", "updated_at"])

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
    TargetStatus.objects.bulk_create(
        TargetStatus(report=report, target_id=target_id, status=status)
        for target_id, status in latest.items()
    )
    return report


@transaction.atomic
def set_target_status(*, report: Report, target: Target, status: str | None) -> None:
    """This period's status of `target`; None or "" removes it."""
    if not status:
        TargetStatus.objects.filter(report=report, target=target).delete()
        return
    TargetStatus.objects.update_or_create(report=report, target=target, defaults={"status": status})


class StaleStatusesError(ConcurrentEditError):
    """Some statuses changed since the form was loaded; `target_ids` names them."""

    def __init__(self, target_ids: list[int]):
        super().__init__(
            "Someone else changed some of these statuses while you were editing. Nothing was "
            "saved: your choices are kept below; check the ones marked, then save again."
        )
        self.target_ids = target_ids


@transaction.atomic
def set_target_statuses(*, report: Report, changes: dict[int, tuple[str, str]], by=None) -> int:
    """Several statuses of one report at once, compare-and-set: `changes` maps a target id
    to (the status the form was loaded with, the new status); "" means no status.

    All or nothing: if any target's current status is not the loaded one, StaleStatusesError
    is raised and nothing is written. Returns how many statuses changed."""
    rows = TargetStatus.objects.select_for_update().filter(
        report=report, target_id__in=list(changes)
    )
    current = dict(rows.values_list("target_id", "status"))
    stale = [tid for tid, (loaded, _) in changes.items() if current.get(tid, "") != loaded]
    if stale:
        raise StaleStatusesError(sorted(stale))
    changed = 0
    for target_id, (loaded, new) in changes.items():
        if new == loaded:
            continue
        changed += 1
        if not new:
            TargetStatus.objects.filter(report=report, target_id=target_id).delete()
        elif loaded:
            TargetStatus.objects.filter(report=report, target_id=target_id).update(status=new)
        else:
            try:
                with transaction.atomic():
                    TargetStatus.objects.create(report=report, target_id=target_id, status=new)
            except IntegrityError as exc:  # created meanwhile by someone else
                raise StaleStatusesError([target_id]) from exc
    return changed


def target_in_use(target: Target) -> bool:
    return target.statuses.exists() or target.activities.exists()


@transaction.atomic
def retire_target(*, target: Target, by=None) -> Target:
    """Hide the target from new reporting; its statuses and activities stay. Idempotent."""
    Target.objects.filter(pk=target.pk).update(retired=True, version=F("version") + 1)
    target.refresh_from_db()
    return target


@transaction.atomic
def reinstate_target(*, target: Target, by=None) -> Target:
    """Undo retire_target."""
    Target.objects.filter(pk=target.pk).update(retired=False, version=F("version") + 1)
    target.refresh_from_db()
    return target


@transaction.atomic
def delete_target(*, target: Target, by=None) -> None:
    """Delete a target that was never reported on; refuse (TargetInUseError) otherwise."""
    target = Target.objects.select_for_update().get(pk=target.pk)
    if target_in_use(target):
        raise TargetInUseError(
            f"{target.code} has a status or activities in a report: it can be retired, not deleted."
        )
    target.delete()


@transaction.atomic
def delete_activity(*, activity: Activity, by=None) -> None:
    """Delete an activity with its results (results are per report; nothing else refers to them)."""
    activity.delete()


@transaction.atomic
def delete_photo(*, photo: Photo, by=None) -> None:
    """Delete a photo row, and its stored file once the transaction commits unless another row
    (another report or group) uses the same file."""
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    delete_unreferenced_files([name], storage=storage)
