"""Export of a report built with the factories (not from an import)."""

import json
import zipfile

from ssc_reports.interchange.exporter import export_report
from ssc_reports.interchange.importer import import_report
from tests import factories


def test_export_report_of_factory_report(report, tmp_path):
    group = report.group
    group.website = "https://tsg.example.org"
    group.save()
    factories.make_officer(group=group, name="Ada Chair", role="chair", affiliation="Uni")
    assess = factories.make_target(group=group, code="T-002", component="assess", title="Assess")
    network = factories.make_target(
        group=group, code="T-001", component="network", title="Grow", regions=("africa", "asia")
    )
    factories.set_status(report=report, target=assess, status="achieved")
    activity = factories.make_activity(report=report, target=network, category_name="Membership",
                                       ksr_number=2)  # fmt: skip
    factories.make_result(activity=activity, indicator_text="Number of SSC members recruited",
                          number=7, description="Seven *new* members.")  # fmt: skip
    red_list = factories.make_activity(report=report, target=assess)
    factories.make_result(
        activity=red_list,
        indicator_text="Number of new global Red List assessments completed",
        text="Several, still counting",
    )
    photo = factories.make_photo(report=report, component="network", caption="A *cat*")

    out = tmp_path / "tsg.zip"
    export_report(report, out)

    with zipfile.ZipFile(out) as archive:
        doc = json.loads(archive.read("report.json"))
        assert archive.read(photo.image.name) == photo.image.read()
    assert doc["group"]["acronym"] == "TSG"
    assert doc["group"]["website"] == "https://tsg.example.org"
    assert doc["group"]["logo"] is None
    assert doc["group"]["officers"] == [
        {"name": "Ada Chair", "role": "chair", "affiliation": "Uni", "photo": None}
    ]
    assert doc["period"] == {"label": "2024-2025", "start": "2024-01-01", "end": "2025-03-31"}
    assert doc["targets"] == [
        {"code": "T-002", "component": "assess", "title": "Assess", "status": "achieved",
         "regions": ["global"]},
        {"code": "T-001", "component": "network", "title": "Grow", "status": "not_initiated",
         "regions": ["africa", "asia"]},
    ]  # fmt: skip
    assert doc["activities"] == [
        {"target": "T-002", "category": "Red List", "ksr": 6, "ssc_grant_awarded": False,
         "results": [{"indicator": "Number of new global Red List assessments completed",
                      "value": "Several, still counting", "description": ""}]},
        {"target": "T-001", "category": "Membership", "ksr": 2, "ssc_grant_awarded": False,
         "results": [{"indicator": "Number of SSC members recruited", "value": 7,
                      "description": "Seven *new* members."}]},
    ]  # fmt: skip
    assert doc["photos"] == [
        {"file": photo.image.name, "caption": "A *cat*", "credit": "A. Photographer",
         "component": "network"}
    ]  # fmt: skip

    # The export imports again (into the same report) without error.
    assert import_report(out).pk == report.pk


def test_export_report_lists_retired_targets_only_when_used(report, tmp_path):
    used = factories.make_target(group=report.group, code="T-001", retired=True)
    factories.make_target(group=report.group, code="T-002", retired=True)
    factories.make_target(group=report.group, code="T-003")
    factories.make_result(activity=factories.make_activity(report=report, target=used))

    export_report(report, tmp_path / "r.json")

    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [(t["code"], t["status"]) for t in doc["targets"]] == [
        ("T-001", "not_initiated"),
        ("T-003", "not_initiated"),
    ]
