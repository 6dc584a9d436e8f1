"""Exporting a report as an `ssc-report/1` document: `.json` with its images beside it, or `.zip`.
`build_document` gives the document and its files (the network compilation hashes it)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from ssc_reports.interchange.schema import (
    DOCUMENT_NAME,
    FORMAT,
    InterchangeError,
    schema_error,
    schema_validator,
)
from ssc_reports.models import Report
from ssc_reports.ordering import sort_activities, sort_photos, sort_targets
from targets.models import Target, TargetStatus


def _export_name(field_file) -> str | None:
    return field_file.name if field_file else None


def build_document(report: Report) -> tuple[dict, dict[str, bytes]]:
    """The document for `report` and the image files it names (relative path -> bytes)."""
    report = Report.objects.select_related("group", "period__quadrennium").get(pk=report.pk)
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

    officers = []
    for officer in group.officers.order_by("order", "pk"):
        item = {"name": officer.name, "role": officer.role}
        if officer.title:
            item["title"] = officer.title
        item["affiliation"] = officer.affiliation
        item["photo"] = add_file(officer.photo)
        officers.append(item)

    statuses = {
        status.target_id: status.status for status in TargetStatus.objects.filter(report=report)
    }
    # The targets of the quadrennium: all active ones, and retired ones this report uses.
    used = set(report.activities.values_list("target_id", flat=True)) | set(statuses)
    targets = [
        target
        for target in Target.objects.of_report(report).prefetch_related("regions")
        if target.pk in used or not target.retired
    ]
    target_docs = []
    for target in sort_targets(targets):
        target_docs.append(
            {
                "code": target.code,
                "component": target.component,
                "title": target.title,
                "status": statuses.get(target.pk, "not_initiated"),
                "regions": [region.code for region in target.regions.all()],
            }
        )

    activities = sort_activities(
        report.activities.select_related("target", "category", "ksr").prefetch_related(
            "results__indicator"
        )
    )
    activity_docs = []
    for activity in activities:
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
    for photo in sort_photos(report.photos.all()):
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
            "officers": officers,
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
