"""Import the SMSG example, export it again: the same document, and the images as they were
stored (re-encoded without metadata: ssc_reports.images.reencode_image_bytes)."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command

from activities.models import Indicator, Result
from groups.models import Group
from ssc_reports.images import reencode_image_bytes
from ssc_reports.interchange.exporter import export_report
from ssc_reports.interchange.importer import import_report
from ssc_reports.models import Photo, Report
from targets.models import Target, TargetStatus
from tests.factories import SMSG_DEMO_DIR

SOURCE = json.loads((SMSG_DEMO_DIR / "report.json").read_text(encoding="utf-8"))


def normalise(doc: dict, read_file) -> dict:
    """Compare documents by content: image paths replaced by the images' bytes, optional
    fields given their defaults, lists in their report order."""

    def image(path):
        return None if path is None else read_file(path)

    group = dict(doc["group"])
    group["logo"] = image(group.get("logo"))
    group["officers"] = [
        {
            "name": o["name"],
            "role": o["role"],
            "title": o.get("title", ""),
            "affiliation": o.get("affiliation", ""),
            "photo": image(o.get("photo")),
        }
        for o in group.get("officers", [])
    ]
    return {
        "format": doc["format"],
        "group": group,
        "quadrennium": doc["quadrennium"],
        "period": doc["period"],
        "projected_impact": doc.get("projected_impact", ""),
        "targets": sorted(
            ({**t, "regions": t.get("regions", [])} for t in doc["targets"]),
            key=lambda t: t["code"],
        ),
        "activities": [
            {
                **a,
                "ssc_grant_awarded": a.get("ssc_grant_awarded", False),
                "results": [{**r, "description": r.get("description", "")} for r in a["results"]],
            }
            for a in doc.get("activities", [])
        ],
        "photos": [
            {
                "file": image(p["file"]),
                "caption": p.get("caption", ""),
                "credit": p.get("credit", ""),
                "component": p.get("component", ""),
            }
            for p in doc.get("photos", [])
        ],
        "acknowledgements": doc.get("acknowledgements", ""),
    }


def source_normalised():
    return normalise(SOURCE, lambda path: stored_bytes(SMSG_DEMO_DIR / path))


def stored_bytes(path) -> bytes:
    """The bytes an imported image file is stored as."""
    return reencode_image_bytes(path.read_bytes())[0]


def test_import_report_creates_the_smsg_report(smsg_report):
    assert smsg_report.group.acronym == "SMSG"
    assert smsg_report.period.label == "2024-2025"
    assert smsg_report.status == Report.Status.DRAFT
    assert Target.objects.filter(group=smsg_report.group).count() == 12
    assert TargetStatus.objects.filter(report=smsg_report).count() == 12
    assert smsg_report.activities.count() == 10
    assert Result.objects.filter(activity__report=smsg_report).count() == 12
    assert Photo.objects.filter(report=smsg_report).count() == 2
    assert list(smsg_report.group.officers.values_list("name", flat=True)) == [
        "Ros Kennerley", "Tom Lacher", "Abi Gazzard", "Sam Turvey",
    ]  # fmt: skip
    assert smsg_report.group.logo.read() == stored_bytes(SMSG_DEMO_DIR / "logo.png")
    assert smsg_report.group.logo.name.startswith("logos/")
    assert not Indicator.objects.filter(standard=False).exists()


def test_export_report_json_round_trips_the_smsg_example(smsg_report, tmp_path):
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    export_report(smsg_report, out)

    exported = json.loads(out.read_text(encoding="utf-8"))
    assert normalise(exported, lambda p: (out.parent / p).read_bytes()) == source_normalised()


def test_export_report_zip_round_trips_the_smsg_example(smsg_report, tmp_path):
    out = tmp_path / "smsg.zip"
    call_command("export_report", "SMSG", "2024-2025", "-o", str(out), stdout=io.StringIO())

    with zipfile.ZipFile(out) as archive:
        exported = json.loads(archive.read("report.json"))
        assert normalise(exported, archive.read) == source_normalised()


@pytest.mark.parametrize("suffix", [".json", ".zip"])
def test_import_report_of_an_export_changes_nothing(smsg_report, tmp_path, suffix):
    out = tmp_path / f"export{suffix}"
    export_report(smsg_report, out)
    before = dump_all()

    import_report(out)

    assert dump_all() == before
    assert Group.objects.count() == 1


def dump_all() -> str:
    buffer = io.StringIO()
    call_command("dumpdata", "groups", "targets", "activities", "ssc_reports", stdout=buffer)
    return buffer.getvalue()
