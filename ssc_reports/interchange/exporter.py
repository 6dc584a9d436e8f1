"""Exporting a report as an `ssc-report/1` document: `.json` with its images beside it, or `.zip`.
`build_document` gives the document and its files (the network compilation hashes it)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from activities.models import Activity
from groups.models import Officer
from ssc_reports.interchange.schema import (
    DOCUMENT_NAME,
    FORMAT,
    InterchangeError,
    schema_error,
    schema_validator,
)
from ssc_reports.models import Photo, Report
from ssc_reports.ordering import sort_activities, sort_photos, sort_targets
from targets.models import Target, TargetStatus


def _export_name(field_file) -> str | None:
    return field_file.name if field_file else None


def build_document(report: Report) -> tuple[dict, dict[str, bytes]]:
    """The document for `report` and the image files it names (relative path -> bytes)."""
    return build_documents([report])[report.pk]


def build_documents(reports) -> dict[int, tuple[dict, dict[str, bytes]]]:
    """`build_document` of many reports at once, in a constant number of queries (the
    compilation's planning step keys every approved report with it). Report pk -> result."""
    ids = [report.pk for report in reports]
    loaded = list(Report.objects.filter(pk__in=ids).select_related("group", "period__quadrennium"))
    group_ids = {report.group_id for report in loaded}
    officers: dict[int, list] = {}
    for officer in Officer.objects.filter(group_id__in=group_ids).order_by("order", "pk"):
        officers.setdefault(officer.group_id, []).append(officer)
    statuses: dict[int, dict] = {}
    for report_id, target_id, status in TargetStatus.objects.filter(report_id__in=ids).values_list(
        "report_id", "target_id", "status"
    ):
        statuses.setdefault(report_id, {})[target_id] = status
    targets: dict[tuple[int, int], list] = {}
    for target in Target.objects.filter(
        group_id__in=group_ids,
        quadrennium_id__in={report.period.quadrennium_id for report in loaded},
    ).prefetch_related("regions"):
        targets.setdefault((target.group_id, target.quadrennium_id), []).append(target)
    activities: dict[int, list] = {}
    for activity in (
        Activity.objects.filter(report_id__in=ids)
        .select_related("target", "category", "ksr")
        .prefetch_related("results__indicator")
    ):
        activities.setdefault(activity.report_id, []).append(activity)
    photos: dict[int, list] = {}
    for photo in Photo.objects.filter(report_id__in=ids):
        photos.setdefault(photo.report_id, []).append(photo)
    return {
        report.pk: _document(
            report,
            officers=officers.get(report.group_id, []),
            statuses=statuses.get(report.pk, {}),
            targets=targets.get((report.group_id, report.period.quadrennium_id), []),
            activities=activities.get(report.pk, []),
            photos=photos.get(report.pk, []),
        )
        for report in loaded
    }


def _document(
    report: Report, *, officers, statuses, targets, activities, photos
) -> tuple[dict, dict[str, bytes]]:
    """The document of a report from its loaded rows (no query)."""
    group = report.group
    files: dict[str, bytes] = {}

    def add_file(field_file) -> str | None:
        if not field_file:
            return None
        name = field_file.name
        if name not in files:
            with field_file.storage.open(name, "rb") as handle:
                files[name] = handle.read()
        return name

    officer_docs = []
    for officer in officers:
        item = {"name": officer.name, "role": officer.role}
        if officer.title:
            item["title"] = officer.title
        item["affiliation"] = officer.affiliation
        item["photo"] = add_file(officer.photo)
        officer_docs.append(item)

    # The targets of the quadrennium: all active ones, and retired ones this report uses.
    used = {activity.target_id for activity in activities} | set(statuses)
    target_docs = []
    for target in sort_targets(t for t in targets if t.pk in used or not t.retired):
        target_docs.append(
            {
                "code": target.code,
                "component": target.component,
                "title": target.title,
                "status": statuses.get(target.pk, "not_initiated"),
                "regions": [region.code for region in target.regions.all()],
            }
        )

    activity_docs = []
    for activity in sort_activities(activities):
        activity_docs.append(
            {
                "target": activity.target.code,
                "category": activity.category.name,
                "ksr": activity.ksr.number,
                "ssc_grant_awarded": activity.ssc_grant_awarded,
                "results": [
                    {
                        "indicator": result.indicator.text,
                        "value": result.value,
                        "description": result.description,
                    }
                    for result in activity.results.all()
                ],
            }
        )

    photo_docs = []
    for photo in sort_photos(photos):
        item = {"file": add_file(photo.image), "caption": photo.caption, "credit": photo.credit}
        if photo.component:
            item["component"] = photo.component
        photo_docs.append(item)

    doc = {
        "format": FORMAT,
        "group": {
            "name": group.name,
            "acronym": group.acronym,
            "kind": group.kind,
            "mission": group.mission,
            "members_count": group.members_count,
            "website": group.website or None,
            "social_links": list(group.social_links or []),
            "logo": add_file(group.logo),
            "officers": officer_docs,
        },
        "quadrennium": report.period.quadrennium.label,
        "period": {
            "label": report.period.label,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
        },
        "projected_impact": report.projected_impact,
        "targets": target_docs,
        "activities": activity_docs,
        "photos": photo_docs,
        "acknowledgements": report.acknowledgements,
    }
    return doc, files


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def export_report(report: Report, path) -> Path:
    """Write `report` to `path`: a .json file with its images beside it, or a .zip archive.

    Side effects: creates the file (and for .json, image files under its folder)."""
    path = Path(path)
    doc, files = build_document(report)
    problems = [schema_error(e) for e in schema_validator().iter_errors(doc)]
    if problems:  # pragma: no cover - the data in the database breaks the format
        raise InterchangeError(problems)
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    suffix = path.suffix.lower()
    if suffix == ".zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(_zip_info(DOCUMENT_NAME), text.encode("utf-8"))
            for name in sorted(files):
                archive.writestr(_zip_info(name), files[name])
        path.write_bytes(buffer.getvalue())
    elif suffix == ".json":
        path.write_text(text, encoding="utf-8")
        for name, data in files.items():
            target = path.parent / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    else:
        raise InterchangeError([(path.name, "must end in .json or .zip")])
    return path
