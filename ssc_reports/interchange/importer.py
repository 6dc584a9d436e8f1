"""Importing an `ssc-report/1` document (see ../shared/report-format/README.md).

`import_report(source)` reads a `.json` file (images beside it) or a `.zip` (report.json at
its root), checks everything first (ssc_reports.interchange.checks), and only then writes, in
one transaction. Any problem raises InterchangeError listing every offending JSON path; the
database and the media folder are left unchanged.

Importing is idempotent: rows are updated in place (matched by key or by position), a row is
saved only when one of its fields changes, and images are stored under names derived from
their content, so importing the same document twice leaves the same state as importing it once.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q

from activities.models import Activity, Indicator, Result
from activities.services import clean_text, propose_indicator
from groups.models import Group, Officer
from ssc_reports.entry.progress import refresh_report_progress
from ssc_reports.interchange.checks import Plan, check_document
from ssc_reports.interchange.schema import InterchangeError
from ssc_reports.interchange.sources import ZipSource
from ssc_reports.models import Photo, Report, ReportingPeriod
from targets.models import Quadrennium, Region, Target, TargetStatus


class _DryRunRollback(Exception):
    pass


def _assign(obj, values: dict) -> bool:
    """Set the fields that differ; return whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _save_if(obj, values: dict, *, bump_version: bool = False) -> bool:
    if obj.pk is None:
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()
        return True
    if _assign(obj, values):
        if bump_version:
            obj.version += 1
        obj.save()
        return True
    return False


def _image_name(plan: Plan, path: str, folder: str) -> str:
    image = plan.images.get(path)
    return image.storage_name(folder) if image else ""


def _write(plan: Plan) -> Report:
    doc = plan.doc
    group_doc = doc["group"]

    quadrennium = plan.quadrennium
    if quadrennium is None:
        first, last = (int(year) for year in doc["quadrennium"].split("-"))
        quadrennium = Quadrennium.objects.create(
            label=doc["quadrennium"],
            start=datetime.date(first, 1, 1),
            end=datetime.date(last, 12, 31),
        )
    period = plan.period
    if period is None:
        period = ReportingPeriod.objects.create(
            quadrennium=quadrennium, label=doc["period"]["label"], start=plan.start, end=plan.end
        )

    group = Group.objects.select_for_update().filter(acronym=group_doc["acronym"]).first()
    group = group or Group(acronym=group_doc["acronym"])
    _save_if(
        group,
        {
            "name": group_doc["name"],
            "kind": group_doc["kind"],
            "mission": group_doc.get("mission", ""),
            "members_count": group_doc.get("members_count"),
            "website": group_doc.get("website") or "",
            "social_links": list(group_doc.get("social_links", [])),
            "logo": _image_name(plan, "group.logo", "logos"),
        },
        bump_version=True,
    )

    officers = list(group.officers.order_by("order", "pk"))
    for index, officer_doc in enumerate(group_doc.get("officers", [])):
        officer = officers[index] if index < len(officers) else Officer(group=group)
        _save_if(
            officer,
            {
                "name": officer_doc["name"],
                "role": officer_doc["role"],
                "title": officer_doc.get("title", ""),
                "affiliation": officer_doc.get("affiliation", ""),
                "photo": _image_name(plan, f"group.officers[{index}].photo", "officers"),
                "order": index,
            },
        )
    for officer in officers[len(group_doc.get("officers", [])) :]:
        officer.delete()

    report = Report.objects.select_for_update().filter(group=group, period=period).first()
    if report is not None and report.status == Report.Status.APPROVED:
        raise InterchangeError(
            [
                (
                    "period.label",
                    f"the {group.acronym} report for {period.label} is approved; "
                    "an import cannot change an approved report",
                )
            ]
        )
    created = report is None
    if created:
        report = Report.objects.create(
            group=group,
            period=period,
            projected_impact=doc.get("projected_impact", ""),
            acknowledgements=doc.get("acknowledgements", ""),
        )
    changed = _assign(
        report,
        {
            "projected_impact": doc.get("projected_impact", ""),
            "acknowledgements": doc.get("acknowledgements", ""),
        },
    )

    # Targets and their statuses for this report.
    regions = {region.code: region for region in Region.objects.all()}
    existing = {t.code: t for t in Target.objects.filter(group=group, quadrennium=quadrennium)}
    targets = {}
    for target_doc in doc["targets"]:
        target = existing.get(target_doc["code"]) or Target(
            group=group, quadrennium=quadrennium, code=target_doc["code"]
        )
        _save_if(
            target,
            {"component": target_doc["component"], "title": target_doc["title"]},
            bump_version=True,
        )
        wanted = {regions[code].pk for code in target_doc.get("regions", [])}
        if set(target.regions.values_list("pk", flat=True)) != wanted:
            target.regions.set(wanted)
        targets[target.code] = target
    statuses = {s.target_id: s for s in TargetStatus.objects.filter(report=report)}
    for target_doc in doc["targets"]:
        target = targets[target_doc["code"]]
        status = statuses.pop(target.pk, None) or TargetStatus(report=report, target=target)
        changed |= _save_if(status, {"status": target_doc["status"], "confirmed": True})
    for status in statuses.values():
        status.delete()
        changed = True

    # Activities and results, matched by position.
    indicators = _IndicatorLookup(group, quadrennium)
    activities = list(report.activities.order_by("order", "pk"))
    activity_docs = doc.get("activities", [])
    for index, activity_doc in enumerate(activity_docs):
        target = targets[activity_doc["target"]]
        category = plan.categories[(target.component, activity_doc["category"])]
        ksr = plan.ksrs[activity_doc["ksr"]]
        activity = activities[index] if index < len(activities) else Activity(report=report)
        changed |= _save_if(
            activity,
            {
                "target": target,
                "category": category,
                "ksr": ksr,
                "ssc_grant_awarded": activity_doc.get("ssc_grant_awarded", False),
                "order": index,
            },
            bump_version=True,
        )
        results = list(activity.results.order_by("order", "pk"))
        for rindex, result_doc in enumerate(activity_doc["results"]):
            value = result_doc["value"]
            text = result_doc["indicator"]
            indicator = indicators.get(category, text)
            if indicator is None:
                indicator = propose_indicator(
                    report=report,
                    category=category,
                    ksr=ksr,
                    text=text,
                    kind=(
                        Indicator.Kind.QUALITATIVE
                        if isinstance(value, str)
                        else Indicator.Kind.QUANTITATIVE
                    ),
                    by=None,
                )
                indicators.add(indicator)
            result = results[rindex] if rindex < len(results) else Result(activity=activity)
            changed |= _save_if(
                result,
                {
                    "indicator": indicator,
                    "value_number": None if isinstance(value, str) else Decimal(str(value)),
                    "value_text": value if isinstance(value, str) else None,
                    "description": result_doc.get("description", ""),
                    "order": rindex,
                },
            )
        for result in results[len(activity_doc["results"]) :]:
            result.delete()
            changed = True
    for activity in activities[len(activity_docs) :]:
        activity.delete()
        changed = True

    # Photos, matched by position.
    photos = list(report.photos.order_by("order", "pk"))
    photo_docs = doc.get("photos", [])
    for index, photo_doc in enumerate(photo_docs):
        photo = photos[index] if index < len(photos) else Photo(report=report)
        changed |= _save_if(
            photo,
            {
                "image": _image_name(plan, f"photos[{index}].file", "photos"),
                "caption": photo_doc.get("caption", ""),
                "credit": photo_doc.get("credit", ""),
                "component": photo_doc.get("component", ""),
                "order": index,
            },
            bump_version=True,
        )
    for photo in photos[len(photo_docs) :]:
        photo.delete()
        changed = True

    if changed and not created:
        report.version += 1
        report.save()
    refresh_report_progress(group_ids=[report.group_id])
    return report


class _IndicatorLookup:
    """An indicator text of the document -> the indicator: the catalogue's (retired ones
    included, for old reports) or the group's own proposal, in the activity's category first,
    then a catalogue indicator of that text in any category; a merged indicator gives the one
    it was merged into. Unknown texts become the group's proposals (propose_indicator)."""

    def __init__(self, group, quadrennium):
        self.by_category = {}
        self.by_text = {}
        for indicator in (
            Indicator.objects.of_quadrennium(quadrennium)
            .filter(Q(standard=True) | Q(proposed_by=group))
            .select_related("merged_into")
            .order_by("-standard", "retired", "pk")
        ):
            self.add(indicator)

    @staticmethod
    def _key(text: str) -> str:
        return clean_text(text).casefold()

    def add(self, indicator) -> None:
        key = self._key(indicator.text)
        self.by_category.setdefault((indicator.category_id, key), indicator)
        if indicator.standard:
            self.by_text.setdefault(key, indicator)

    def get(self, category, text: str):
        key = self._key(text)
        indicator = self.by_category.get((category.pk, key)) or self.by_text.get(key)
        if indicator is not None and indicator.merged_into_id:
            return indicator.merged_into
        return indicator


def _store_images(plan: Plan) -> list[str]:
    """Write the images not stored yet; return the names written (to undo on failure)."""
    folders = {"group.logo": "logos"}
    written = []
    for path, image in plan.images.items():
        if path.startswith("group.officers"):
            folder = "officers"
        elif path.startswith("photos"):
            folder = "photos"
        else:
            folder = folders[path]
        name = image.storage_name(folder)
        if default_storage.exists(name):
            continue
        saved = default_storage.save(name, ContentFile(image.data))
        if saved != name:  # pragma: no cover - a race with another import
            default_storage.delete(saved)
            continue
        written.append(name)
    return written


def import_report(source, *, dry_run: bool = False) -> Report:
    """Import one `ssc-report/1` document (.json or .zip) and return its Report.

    Side effects: creates or updates the group (officers replaced), quadrennium, period,
    report, targets, statuses, activities, results, photos and non-standard indicators, and
    stores new images under content-hash names. With dry_run, checks and writes inside a
    transaction that is rolled back, and stores no image. Raises InterchangeError.
    """
    plan, src = check_document(source)
    try:
        if dry_run:
            try:
                with transaction.atomic():
                    report = _write(plan)
                    raise _DryRunRollback
            except _DryRunRollback:
                return report
        written = _store_images(plan)
        try:
            with transaction.atomic():
                report = _write(plan)
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
        # A shared file whose last other user was removed while this import ran may have been
        # deleted (ssc_reports.uploads.files): store it again.
        _store_images(plan)
        return report
    finally:
        if isinstance(src, ZipSource):
            src.close()
