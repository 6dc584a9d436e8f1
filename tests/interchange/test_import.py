"""Import semantics: idempotence, dry run, updates in place, unknown indicators."""

import io
import json
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from activities.models import Activity, Indicator, Result
from groups.models import Group, Officer
from ssc_reports.interchange.importer import import_report
from ssc_reports.interchange.schema import InterchangeError
from ssc_reports.models import Photo, Report, ReportingPeriod
from targets.models import Quadrennium, Target, TargetStatus
from tests.factories import SMSG_DEMO_DIR
from tests.interchange.test_roundtrip import stored_bytes


def full_dump() -> str:
    buffer = io.StringIO()
    call_command("dumpdata", stdout=buffer)
    return buffer.getvalue()


def media_files() -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def copy_demo(tmp_path) -> tuple[Path, dict]:
    folder = tmp_path / "doc"
    shutil.copytree(SMSG_DEMO_DIR, folder)
    return folder, json.loads((folder / "report.json").read_text(encoding="utf-8"))


def write(doc, folder: Path) -> Path:
    path = folder / "report.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_report_twice_leaves_the_state_of_importing_once(db):
    call_command("import_report", str(SMSG_DEMO_DIR / "report.json"), stdout=io.StringIO())
    dump_once, media_once = full_dump(), media_files()

    call_command("import_report", str(SMSG_DEMO_DIR / "report.json"), stdout=io.StringIO())

    assert full_dump() == dump_once
    assert media_files() == media_once
    assert sorted(media_once) == [
        "logos/584f99a7ec5e16d56d0e.png",
        "officers/8a14db2ec70f07eba78e.jpg",
        "officers/a97d225125378de4819d.jpg",
        "photos/10987e65c34acf2f79f2.jpg",
        "photos/f60c0673491ed4681614.jpg",
    ]


def test_import_report_dry_run_writes_nothing(db):
    dump_before = full_dump()
    out = io.StringIO()

    call_command("import_report", str(SMSG_DEMO_DIR / "report.json"), "--dry-run", stdout=out)

    assert out.getvalue() == (
        f"{SMSG_DEMO_DIR / 'report.json'} is valid: the SMSG 2024-2025 report would be imported.\n"
    )
    assert full_dump() == dump_before
    assert media_files() == {}


def test_import_report_creates_missing_quadrennium_and_period(db, tmp_path):
    folder, doc = copy_demo(tmp_path)
    doc["period"] = {"label": "2023-2024", "start": "2023-01-01", "end": "2024-03-31"}

    report = import_report(write(doc, folder))

    assert report.period == ReportingPeriod.objects.get(label="2023-2024")
    assert (report.period.start.isoformat(), report.period.end.isoformat()) == (
        "2023-01-01",
        "2024-03-31",
    )
    assert report.period.quadrennium == Quadrennium.objects.get(label="2021-2025")


def test_import_report_adds_unknown_indicator_as_non_standard(smsg_report, tmp_path):
    folder, doc = copy_demo(tmp_path)
    doc["activities"][0]["results"].append(
        {"indicator": "Number of hedgehog road crossings built", "value": 12.5}
    )
    doc["activities"][3]["results"].append(
        {"indicator": "Main lesson of the year", "value": "Talk to road planners early."}
    )

    import_report(write(doc, folder))

    crossing = Indicator.objects.get(text="Number of hedgehog road crossings built")
    assert (crossing.standard, crossing.needs_review, crossing.kind) == (
        False,
        True,
        "quantitative",
    )
    assert (crossing.category.name, crossing.ksr.number) == ("Green Status Assessment", 6)
    lesson = Indicator.objects.get(text="Main lesson of the year")
    assert (lesson.standard, lesson.needs_review, lesson.kind) == (False, True, "qualitative")
    assert (lesson.category.name, lesson.ksr.number) == ("Research activities", 5)
    result = Result.objects.get(indicator=crossing)
    assert (result.value_number, result.value_text, result.value) == (Decimal("12.5"), None, 12.5)
    assert Result.objects.get(indicator=lesson).value == "Talk to road planners early."
    assert Result.objects.get(indicator=lesson).value_number is None


def test_import_report_replaces_officers_activities_and_photos(smsg_report, tmp_path):
    folder, doc = copy_demo(tmp_path)
    report_version = smsg_report.version
    doc["group"]["officers"] = doc["group"]["officers"][2:]
    doc["activities"] = doc["activities"][:3]
    doc["activities"][0]["results"][0]["value"] = "Six assessments"
    doc["photos"] = doc["photos"][1:]
    doc["targets"][0]["status"] = "on_track"
    doc["targets"][0]["regions"] = ["europe", "asia"]
    doc["acknowledgements"] = "Thanks."

    report = import_report(write(doc, folder))

    assert report.pk == smsg_report.pk
    assert report.version == report_version + 1
    assert report.acknowledgements == "Thanks."
    assert list(Officer.objects.values_list("name", "order")) == [
        ("Abi Gazzard", 0),
        ("Sam Turvey", 1),
    ]
    assert list(Activity.objects.values_list("target__code", "order")) == [
        ("T-011", 0),
        ("T-006", 1),
        ("T-007", 2),
    ]
    assert Result.objects.get(activity__order=0).value == "Six assessments"
    assert list(Photo.objects.values_list("caption", flat=True)) == [
        "Santa Catarina Guinea Pig (*Cavia intermedia*)"
    ]
    t005 = Target.objects.get(code="T-005")
    assert TargetStatus.objects.get(report=report, target=t005).status == "on_track"
    assert sorted(t005.regions.values_list("code", flat=True)) == ["asia", "europe"]


def test_import_report_bumps_the_version_of_a_changed_photo_only(smsg_report, tmp_path):
    folder, doc = copy_demo(tmp_path)
    before = list(smsg_report.photos.order_by("order").values_list("pk", "version"))
    assert [version for _, version in before] == [1, 1]
    doc["photos"][0]["caption"] = "A new caption"

    import_report(write(doc, folder))

    assert list(Photo.objects.order_by("order").values_list("pk", "caption", "version")) == [
        (before[0][0], "A new caption", 2),
        (before[1][0], doc["photos"][1]["caption"], 1),
    ]


def test_import_report_keeps_targets_missing_from_the_document(smsg_report, tmp_path):
    folder, doc = copy_demo(tmp_path)
    doc["targets"] = [t for t in doc["targets"] if t["code"] != "T-008"]

    report = import_report(write(doc, folder))

    assert Target.objects.filter(group=report.group, code="T-008").exists()
    assert not TargetStatus.objects.filter(report=report, target__code="T-008").exists()
    assert TargetStatus.objects.filter(report=report).count() == 11


def test_import_report_keeps_status_of_existing_report(smsg_report, tmp_path):
    Report.objects.filter(pk=smsg_report.pk).update(status=Report.Status.RETURNED)

    report = import_report(SMSG_DEMO_DIR / "report.json")

    assert report.status == Report.Status.RETURNED
    assert Group.objects.count() == 1


def test_import_report_zip_equals_json(db, tmp_path):
    archive_path = tmp_path / "smsg.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        for file in sorted(SMSG_DEMO_DIR.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(SMSG_DEMO_DIR).as_posix())

    report = import_report(archive_path)
    dump_zip, media_zip = full_dump(), media_files()
    import_report(SMSG_DEMO_DIR / "report.json")

    assert full_dump() == dump_zip
    assert media_files() == media_zip
    officers = list(report.group.officers.all())
    assert officers[0].photo.read() == stored_bytes(SMSG_DEMO_DIR / "photos/kennerley.jpg")
    assert [p.image.read() for p in report.photos.order_by("order")] == [
        stored_bytes(SMSG_DEMO_DIR / "photos/award.jpg"),
        stored_bytes(SMSG_DEMO_DIR / "photos/cavia-intermedia.jpg"),
    ]


def test_interchange_error_lists_paths_one_per_line(db, tmp_path):
    folder, doc = copy_demo(tmp_path)
    doc["activities"][3]["results"][0]["value"] = None
    doc["targets"][0]["code"] = "T-5"

    with pytest.raises(InterchangeError) as info:
        import_report(write(doc, folder))

    assert info.value.errors == [
        ("targets[0].code", "must be a target code like T-001"),
        ("activities[3].results[0].value", "must be a number or a text"),
    ]
    assert str(info.value) == (
        "targets[0].code: must be a target code like T-001\n"
        "activities[3].results[0].value: must be a number or a text"
    )
