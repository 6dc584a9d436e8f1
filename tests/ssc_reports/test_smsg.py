"""The data-entry pages and services on the real SMSG 2024-2025 report (the demo import)."""

from django.urls import reverse

from ssc_reports import services
from ssc_reports.completeness import report_checklist
from tests import factories


def test_smsg_report_checklist_complete(smsg_report):
    assert report_checklist(smsg_report).complete is True


def test_smsg_next_period_carries_targets_statuses_and_texts(smsg_report):
    period = factories.make_period(label="2025-2026")

    report = services.start_report(group=smsg_report.group, period=period)

    assert report.projected_impact == smsg_report.projected_impact != ""
    assert report.acknowledgements == smsg_report.acknowledgements
    assert dict(report.target_statuses.values_list("target__code", "status")) == dict(
        smsg_report.target_statuses.values_list("target__code", "status")
    )
    assert report.target_statuses.count() == 12
    assert (report.activities.count(), report.photos.count()) == (0, 0)
    assert report_checklist(report)["activities"].missing == ["No activity is recorded."]


def test_smsg_preview_in_report_order(client, smsg_report):
    officer = factories.make_member(group=smsg_report.group)
    client.force_login(officer)

    page = client.get(reverse("reports:preview", args=["SMSG", "2024-2025"])).content.decode()

    targets = page.split('id="p-targets"')[1].split('id="p-activities"')[0]
    codes = ["T-005", "T-006", "T-007", "T-011", "T-004", "T-010", "T-008", "T-001", "T-002",
             "T-009", "T-003", "T-012"]  # fmt: skip
    assert [targets.index(f"<strong>{code}</strong>") for code in codes] == sorted(
        targets.index(f"<strong>{code}</strong>") for code in codes
    )
    activities = page.split('id="p-activities"')[1].split('id="p-ack"')[0]
    # Assess: Green Status Assessment (T-011), then Red List (T-006, T-007), then Research.
    positions = [activities.index(f"<strong>{code}</strong>") for code in ("T-011", "T-006",
                 "T-007", "T-005")]  # fmt: skip
    assert positions == sorted(positions)
