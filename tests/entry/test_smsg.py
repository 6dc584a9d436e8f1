"""The data-entry pages and services on the real SMSG 2024-2025 report (the demo import)."""

from django.urls import reverse

from activities.models import Result
from ssc_reports.entry import services
from ssc_reports.entry.completeness import report_checklist
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


def _as_post_data(forms: dict) -> dict:
    """What the browser would send back for the forms as rendered, unchanged."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            if hasattr(field, "prepare_value") and name == "social_links":
                value = field.prepare_value(value)
            if isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif value is True:
                data[key] = "on"
            elif hasattr(value, "name"):  # a stored file: the browser sends nothing
                continue
            else:
                data[key] = str(value)

    for item in forms.values():
        if hasattr(item, "management_form"):
            add(item.management_form)
            for form in item.forms:
                add(form)
        else:
            add(item)
    return data


def test_smsg_every_form_saves_back_unchanged(client, smsg_report):
    officer = factories.make_member(group=smsg_report.group)
    client.force_login(officer)
    args = ["SMSG", "2024-2025"]
    urls = [
        reverse(f"reports:{name}", args=args) for name in ("group", "impact", "acknowledgements")
    ]
    urls += [
        reverse("reports:target_edit", args=[*args, pk])
        for pk in smsg_report.group.targets.values_list("pk", flat=True)
    ]
    urls += [
        reverse("reports:activity_edit", args=[*args, pk])
        for pk in smsg_report.activities.values_list("pk", flat=True)
    ]
    urls += [reverse("reports:photo_edit", args=[*args, pk])
             for pk in smsg_report.photos.values_list("pk", flat=True)]  # fmt: skip
    before = report_checklist(smsg_report)
    results = sorted(
        Result.objects.filter(activity__report=smsg_report).values_list(
            "activity_id", "indicator_id", "value_number", "value_text", "description", "order"
        )
    )
    officers = list(smsg_report.group.officers.values_list("name", "role", "photo", "order"))

    for url in urls:
        response = client.post(url, _as_post_data(client.get(url).context["forms"]))
        errors = response.context and [f.errors for f in response.context["forms"].values()]
        assert response.status_code == 302, (url, errors)

    assert len(urls) == 3 + 12 + 10 + 2
    smsg_report.refresh_from_db()
    assert report_checklist(smsg_report).complete is before.complete is True
    assert smsg_report.target_statuses.count() == 12
    assert results == sorted(
        Result.objects.filter(activity__report=smsg_report).values_list(
            "activity_id", "indicator_id", "value_number", "value_text", "description", "order"
        )
    )
    assert officers == list(
        smsg_report.group.officers.values_list("name", "role", "photo", "order")
    )
