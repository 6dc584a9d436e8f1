"""Bad documents: each exits non-zero naming the JSON path and leaves everything unchanged."""

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from PIL import Image

from ssc_reports.models import Report
from tests.factories import SMSG_DEMO_DIR


def full_dump() -> str:
    buffer = io.StringIO()
    call_command("dumpdata", stdout=buffer)
    return buffer.getvalue()


def media_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def write(doc, folder: Path) -> Path:
    path = folder / "report.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def zip_folder(folder: Path, extra: dict[str, bytes] | None = None) -> Path:
    path = folder.parent / "report.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(folder).as_posix())
        for name, data in (extra or {}).items():
            archive.writestr(zipfile.ZipInfo(name), data)
    return path


def bomb_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")
    return buffer.getvalue()


# Each case: (doc, folder, settings) -> path of the source to import, and the text expected.
def missing_required(doc, folder, settings):
    del doc["group"]["name"]
    return write(doc, folder)


def extra_property(doc, folder, settings):
    doc["targets"][0]["colour"] = "red"
    return write(doc, folder)


def bad_enum(doc, folder, settings):
    doc["targets"][1]["status"] = "done"
    return write(doc, folder)


def bad_kind(doc, folder, settings):
    doc["group"]["kind"] = "club"
    return write(doc, folder)


def missing_target(doc, folder, settings):
    doc["activities"][2]["target"] = "T-099"
    return write(doc, folder)


def duplicate_code(doc, folder, settings):
    doc["targets"][4]["code"] = "T-005"
    return write(doc, folder)


def start_after_end(doc, folder, settings):
    doc["period"] = {"label": "2023-2024", "start": "2024-06-01", "end": "2024-01-31"}
    return write(doc, folder)


def bad_date(doc, folder, settings):
    doc["period"]["end"] = "2025-02-30"
    return write(doc, folder)


def boolean_value(doc, folder, settings):
    doc["activities"][3]["results"][0]["value"] = True
    return write(doc, folder)


def object_value(doc, folder, settings):
    doc["activities"][1]["results"][1]["value"] = {"count": 3}
    return write(doc, folder)


def empty_text_value(doc, folder, settings):
    doc["activities"][0]["results"][0]["value"] = ""
    return write(doc, folder)


def too_many_decimals(doc, folder, settings):
    doc["activities"][0]["results"][0]["value"] = 1.2345
    return write(doc, folder)


def missing_image(doc, folder, settings):
    doc["photos"][1]["file"] = "photos/missing.jpg"
    return write(doc, folder)


def image_outside_folder(doc, folder, settings):
    doc["group"]["logo"] = "../../etc/passwd"
    return write(doc, folder)


def text_named_png(doc, folder, settings):
    (folder / "logo.png").write_text("This is not a picture.\n")
    return write(doc, folder)


def oversize_image(doc, folder, settings):
    settings.IMAGE_MAX_BYTES = 100_000
    return write(doc, folder)


def decompression_bomb(doc, folder, settings):
    (folder / "photos" / "kennerley.jpg").write_bytes(bomb_png())
    return write(doc, folder)


def zip_parent_entry(doc, folder, settings):
    write(doc, folder)
    return zip_folder(folder, {"../evil.png": b"x"})


def zip_absolute_entry(doc, folder, settings):
    write(doc, folder)
    return zip_folder(folder, {"/tmp/evil.png": b"x"})


def zip_too_large(doc, folder, settings):
    settings.ZIP_MAX_EXPANDED_BYTES = 200_000
    write(doc, folder)
    return zip_folder(folder)


def zip_without_document(doc, folder, settings):
    write(doc, folder)
    (folder / "report.json").rename(folder / "other.json")
    return zip_folder(folder)


def zip_missing_image(doc, folder, settings):
    write(doc, folder)
    (folder / "photos" / "award.jpg").unlink()
    return zip_folder(folder)


def truncated_json(doc, folder, settings):
    path = folder / "report.json"
    path.write_text(json.dumps(doc)[:500], encoding="utf-8")
    return path


def wrong_format(doc, folder, settings):
    doc["format"] = "ssc-report/2"
    return write(doc, folder)


def unknown_ksr(doc, folder, settings):
    doc["activities"][0]["ksr"] = 99
    return write(doc, folder)


def unknown_category(doc, folder, settings):
    doc["activities"][1]["category"] = "Gardening"
    return write(doc, folder)


def other_role_without_title(doc, folder, settings):
    del doc["group"]["officers"][3]["title"]
    return write(doc, folder)


def period_dates_clash(doc, folder, settings):
    doc["period"]["end"] = "2025-06-30"
    return write(doc, folder)


def approved_report(doc, folder, settings):
    Report.objects.filter(group__acronym="SMSG").update(status=Report.Status.APPROVED)
    return write(doc, folder)


CASES = [
    (missing_required, "group.name: is required"),
    (extra_property, "targets[0].colour: is not a property of this object"),
    (bad_enum, "targets[1].status: must be one of not_initiated, on_track, achieved"),
    (bad_kind, "group.kind: must be one of specialist_group"),
    (missing_target, "activities[2].target: T-099 is not a target of this document"),
    (duplicate_code, "targets[4].code: T-005 is also the code of targets[0]"),
    (start_after_end, "period.start: 2024-06-01 is after period.end 2024-01-31"),
    (bad_date, "period.end: must be a date like 2024-01-31"),
    (boolean_value, "activities[3].results[0].value: must be a number or a text"),
    (object_value, "activities[1].results[1].value: must be a number or a text"),
    (empty_text_value, "activities[0].results[0].value: must not be an empty text"),
    (too_many_decimals, "activities[0].results[0].value: must have at most 3 decimal places"),
    (missing_image, "photos[1].file: file photos/missing.jpg not found"),
    (image_outside_folder, "group.logo: '../../etc/passwd' must be a relative path inside"),
    (text_named_png, "group.logo: file logo.png is not a readable PNG, JPEG or WebP image"),
    (oversize_image, "photos[0].file: file photos/award.jpg is 0.1 MB; images may be at most"),
    (decompression_bomb, "group.officers[0].photo: file photos/kennerley.jpg is refused as a"),
    (zip_parent_entry, "../evil.png: zip entry escapes the archive"),
    (zip_absolute_entry, "/tmp/evil.png: zip entry escapes the archive"),
    (zip_too_large, "report.zip: expands to "),
    (zip_without_document, "report.json: not found at the root of the archive"),
    (zip_missing_image, "photos[0].file: file photos/award.jpg not found in the archive"),
    (truncated_json, "report.json: is not valid JSON: "),
    (wrong_format, 'format: must be "ssc-report/1" (found "ssc-report/2")'),
    (unknown_ksr, "activities[0].ksr: there is no KSR 99 in quadrennium 2021-2025 (KSRs: 1 to 13)"),
    (
        unknown_category,
        "activities[1].category: 'Gardening' is not an activity category of component assess "
        "(allowed: Green Status Assessment, Red List, Research activities)",
    ),
    (other_role_without_title, 'group.officers[3].title: is required when role is "other"'),
    (
        period_dates_clash,
        "period.end: period 2024-2025 exists and its end is 2025-03-31, not 2025-06-30",
    ),
    (approved_report, "period.label: the SMSG report for 2024-2025 is approved"),
]


@pytest.mark.parametrize(("make_source", "expected"), CASES, ids=[c[0].__name__ for c in CASES])
def test_import_report_refuses_bad_document(smsg_report, tmp_path, settings, make_source, expected):
    folder = tmp_path / "doc"
    shutil.copytree(SMSG_DEMO_DIR, folder)
    doc = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    source = make_source(doc, folder, settings)
    dump_before, media_before = full_dump(), media_files()

    with pytest.raises(CommandError) as info:
        call_command("import_report", str(source), stdout=io.StringIO())

    assert expected in str(info.value)
    assert full_dump() == dump_before
    assert media_files() == media_before


def test_import_report_lists_every_error(smsg_report, tmp_path):
    folder = tmp_path / "doc"
    shutil.copytree(SMSG_DEMO_DIR, folder)
    doc = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    doc["activities"][0]["target"] = "T-098"
    doc["activities"][5]["ksr"] = 42
    doc["activities"][6]["results"][0]["value"] = "  "
    doc["photos"][0]["file"] = "nowhere.png"

    with pytest.raises(CommandError) as info:
        call_command("import_report", str(write(doc, folder)), stdout=io.StringIO())

    lines = str(info.value).splitlines()
    assert lines[0] == f"{folder / 'report.json'} was not imported (4 errors):"
    assert [line.split(":")[0] for line in lines[1:]] == [
        "activities[0].target",
        "activities[5].ksr",
        "activities[6].results[0].value",
        "photos[0].file",
    ]


def test_import_report_on_a_new_database_leaves_it_empty_on_error(db, tmp_path):
    folder = tmp_path / "doc"
    shutil.copytree(SMSG_DEMO_DIR, folder)
    doc = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    doc["period"]["label"] = "2022-2023"
    doc["quadrennium"] = "2026-2029"
    dump_before = full_dump()

    with pytest.raises(CommandError) as info:
        call_command("import_report", str(write(doc, folder)), stdout=io.StringIO())

    assert "activities[0].ksr: there is no KSR 6 in quadrennium 2026-2029 (KSRs: none)" in str(
        info.value
    )
    assert full_dump() == dump_before
    assert media_files() == []
