"""An import document that gives a key twice in one object, anywhere, is refused with the
JSON path of the key; nothing is written (issue 10)."""

import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from ssc_reports.interchange.json_keys import DuplicateKeysError, loads_unique_keys
from tests.factories import SMSG_DEMO_DIR
from tests.interchange.test_bad_documents import full_dump, media_files


def _with_duplicate(text: str, anchor: str, extra: str) -> str:
    """`text` with `extra` (a '"key": value, ' member) inserted before the first `anchor`."""
    assert anchor in text
    return text.replace(anchor, extra + anchor, 1)


@pytest.mark.parametrize(
    "anchor, extra, path",
    [
        ('"format"', '"format": "ssc-report/0", ', "format"),
        ('"acronym"', '"acronym": "OTHER", ', "group.acronym"),
        ('"role"', '"role": "chair", ', "group.officers[0].role"),
        ('"code"', '"code": "T-999", ', "targets[0].code"),
        ('"value"', '"value": 1, ', "activities[0].results[0].value"),
    ],
)
def test_import_report_refuses_duplicate_keys_naming_the_path(
    smsg_report, tmp_path, anchor, extra, path
):
    folder = tmp_path / "doc"
    shutil.copytree(SMSG_DEMO_DIR, folder)
    text = json.dumps(json.loads((folder / "report.json").read_text(encoding="utf-8")))
    (folder / "report.json").write_text(_with_duplicate(text, anchor, extra), encoding="utf-8")
    dump_before, media_before = full_dump(), media_files()

    with pytest.raises(CommandError) as info:
        call_command("import_report", str(folder / "report.json"), stdout=io.StringIO())

    lines = str(info.value).splitlines()
    assert lines[0] == f"{folder / 'report.json'} was not imported (1 error):"
    assert lines[1:] == [f"{path}: is given more than once in the same object"]
    assert full_dump() == dump_before
    assert media_files() == media_before


def test_loads_unique_keys_names_every_duplicate_in_document_order():
    text = (
        '{"a": 1, "b": [{"c": 1, "c": 2, "d": {"e": 1, "e": 1}}], "a": 2,'
        ' "f": {"x.y": 1, "x.y": 2}}'
    )

    with pytest.raises(DuplicateKeysError) as info:
        loads_unique_keys(text)

    assert info.value.paths == ["a", "b[0].c", "b[0].d.e", "f.x.y"]


def test_loads_unique_keys_accepts_the_same_key_in_different_objects():
    assert loads_unique_keys('{"a": {"k": 1}, "b": {"k": 2}, "c": [{"k": 3}, {"k": 4}]}') == {
        "a": {"k": 1},
        "b": {"k": 2},
        "c": [{"k": 3}, {"k": 4}],
    }
