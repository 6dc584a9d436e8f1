"""Issue 12 on the officers' side: an Act target is reportable end to end, text results reach
every output, officers propose an indicator from the activity form, and the form offers only
the catalogue and the group's own proposals (never a retired indicator for a new result)."""

import csv
import io

import pytest
from django.urls import reverse

from activities.models import Activity, CatalogueChange, Indicator, Result
from activities.services import retire_indicator
from ssc_reports.network.analytics import network_figures
from ssc_reports.pdf.render import render_report_pdf
from ssc_reports.pdf.summary import summarise
from tests import factories
from tests.pdf.helpers import body_text

SPECIES = "Number of species benefiting from conservation actions"
OTHER = "Other result (describe)"


def url(report, name, *args):
    return reverse(f"reports:{name}", args=[report.group.acronym, report.period.label, *args])


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def indicator_in(category_name: str, text: str) -> Indicator:
    return Indicator.objects.get(category__name=category_name, text=text, standard=True)


def activity_data(category, ksr_number, results, **overrides):
    data = {
        "category": category.pk,
        "ksr": factories.ksr(ksr_number).pk,
        "results-TOTAL_FORMS": str(len(results)),
        "results-INITIAL_FORMS": "0",
        "results-MIN_NUM_FORMS": "0",
        "results-MAX_NUM_FORMS": "1000",
    }
    for index, result in enumerate(results):
        for key, value in result.items():
            data[f"results-{index}-{key}"] = value
    data.update(overrides)
    return data


def offered_options(response) -> list[str]:
    """The indicator options of the first result row, as (value, label) texts."""
    form = response.context["forms"]["results"].forms[0]
    return [str(label) for value, label in form.fields["indicator"].choices if value]


def test_act_target_reported_counts_in_summary_and_pdf(officer_client, report):
    target = factories.make_target(group=report.group, code="T-008", component="act",
                                   title="Initiate active conservation efforts.")  # fmt: skip
    factories.set_status(report=report, target=target, status="on_track")
    page = officer_client.get(url(report, "activities"))
    assert 'Add activity<span class="visually-hidden"> for T-008</span>' in page.content.decode()
    assert "No activity category exists" not in page.content.decode()
    action = factories.category("Conservation action")

    response = officer_client.post(
        url(report, "activity_add", target.pk),
        activity_data(action, 10, [{"indicator": indicator_in("Conservation action", SPECIES).pk,
                                    "value_number": "4", "description": "Four rodents."}]),
    )  # fmt: skip

    assert response.status_code == 302, response.context and response.context["forms"]
    result = Result.objects.get(activity__report=report)
    assert (result.indicator.text, result.value, result.activity.ksr.number) == (SPECIES, 4, 10)
    assert [str(row) for row in summarise(report).actions] == ["Act: 1 (KSR 10)"]
    text = body_text(render_report_pdf(report))
    assert "ACT Conservation action T-008 Initiate active conservation efforts. (KSR 10)" in text
    assert f"{SPECIES}: 4" in text
    assert "Act: 1 (KSR 10)" in text


def test_text_result_shows_in_preview_pdf_export_and_analytics(
    officer_client, client, report, staff_user
):
    target = factories.make_target(group=report.group, code="T-001", component="plan")
    planning = factories.category("Planning")
    officer_client.post(
        url(report, "activity_add", target.pk),
        activity_data(planning, 8, [{"indicator": indicator_in("Planning", OTHER).pk,
                                     "value_text": "Desman plan workshop held",
                                     "description": "In January."}]),
    )  # fmt: skip
    result = Result.objects.get(activity__report=report)
    assert (result.value_text, result.value_number) == ("Desman plan workshop held", None)

    preview = officer_client.get(url(report, "preview")).content.decode()
    assert (
        'Other result (describe): <span class="value">Desman plan workshop held</span>' in preview
    )
    assert f"{OTHER}: Desman plan workshop held" in body_text(render_report_pdf(report))
    report.status = "submitted"
    report.save()
    client.force_login(staff_user)
    export = client.get(reverse("network:export_results", args=[report.period.label, "csv"]))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    assert (row[header.index("Indicator")], row[header.index("Text")]) == (
        OTHER,
        "Desman plan workshop held",
    )
    figures = network_figures(report.period)
    assert [(r.indicator.text, r.value_text) for r in figures.qualitative] == [
        (OTHER, "Desman plan workshop held")
    ]
    analytics = client.get(reverse("network:analytics", args=[report.period.label]))
    assert "Desman plan workshop held" in analytics.content.decode()


def test_officer_proposes_indicator_usable_at_once_only_by_the_group(
    officer_client, client, report, other_officer
):
    target = factories.make_target(group=report.group, code="T-001", component="act")
    action = factories.category("Conservation action")

    response = officer_client.post(
        url(report, "activity_add", target.pk),
        activity_data(action, 10, [{"indicator": "propose",
                                    "new_indicator_text": "  Number of artificial  burrows dug ",
                                    "new_indicator_kind": "quantitative", "value_number": "30",
                                    "description": "Along the river."}]),
    )  # fmt: skip

    assert response.status_code == 302
    proposal = Indicator.objects.get(text="Number of artificial burrows dug")
    assert (proposal.standard, proposal.needs_review, proposal.status, proposal.kind) == (
        False, True, "proposed", "quantitative",
    )  # fmt: skip
    assert (proposal.category, proposal.ksr.number, proposal.proposed_by, proposal.proposed_in) == (
        action, 10, report.group, report,
    )  # fmt: skip
    assert Result.objects.get(activity__report=report).indicator == proposal
    change = CatalogueChange.objects.get(indicator=proposal)
    assert change.summary == (
        "TSG proposed “Number of artificial burrows dug” (quantitative (a number)) under "
        "Conservation action in its 2024-2025 report."
    )
    # Usable at once in the group's report: offered after the catalogue's own indicators.
    options = offered_options(officer_client.get(url(report, "activity_add", target.pk)))
    assert options[:5] == [
        "Number of conservation actions implemented",
        "Number of sites where conservation actions were implemented",
        SPECIES,
        OTHER,
        "Number of artificial burrows dug",
    ]
    # Another group never sees it.
    other_group = other_officer.memberships.get().group
    other_report = factories.make_report(group=other_group, period=report.period)
    other_target = factories.make_target(group=other_group, code="T-001", component="act")
    client.force_login(other_officer)
    other_page = client.get(url(other_report, "activity_add", other_target.pk))
    assert "Number of artificial burrows dug" not in other_page.content.decode()
    tampered = client.post(
        url(other_report, "activity_add", other_target.pk),
        activity_data(action, 10, [{"indicator": proposal.pk, "value_number": "1"}]),
    )
    assert tampered.status_code == 200
    assert "Select a valid choice" in str(tampered.context["forms"]["results"].errors)
    assert not Activity.objects.filter(report=other_report).exists()


def test_proposal_without_text_or_already_listed_keeps_what_was_typed(officer_client, report):
    target = factories.make_target(group=report.group, code="T-001", component="act")
    action = factories.category("Conservation action")
    rows = [
        {"indicator": "propose", "new_indicator_text": "", "value_number": "3",
         "description": "Typed description"},
        {"indicator": "propose", "new_indicator_text": SPECIES.upper(), "value_number": "2"},
    ]  # fmt: skip

    response = officer_client.post(url(report, "activity_add", target.pk),
                                   activity_data(action, 10, rows))  # fmt: skip

    assert response.status_code == 200
    first, second = response.context["forms"]["results"].forms
    assert first.errors["new_indicator_text"] == [
        "Write the indicator you propose, or choose one above."
    ]
    assert second.errors["new_indicator_text"] == [f"“{SPECIES}” is already in the list: choose "
                                                   "it there."]  # fmt: skip
    page = response.content.decode()
    assert "Typed description" in page and SPECIES.upper() in page
    assert not Indicator.objects.filter(standard=False).exists()
    assert not Activity.objects.exists()


def test_text_proposal_needs_a_text_result(officer_client, report):
    target = factories.make_target(group=report.group, code="T-001", component="act")
    response = officer_client.post(
        url(report, "activity_add", target.pk),
        activity_data(factories.category("Conservation action"), 10, [
            {"indicator": "propose", "new_indicator_text": "Main change for the species",
             "new_indicator_kind": "qualitative", "value_number": "3"}]),
    )  # fmt: skip

    assert response.context["forms"]["results"].forms[0].errors["value_text"] == [
        "This indicator needs a text."
    ]
    assert not Indicator.objects.filter(text="Main change for the species").exists()


def test_form_offers_the_component_standard_first_then_proposals(officer_client, report):
    target = factories.make_target(group=report.group, code="T-001", component="act")
    other_group = factories.make_group(acronym="XSG")
    action = factories.category("Conservation action")
    for text, group in (
        ("Another group's idea", other_group),
        ("A proposal of ours", report.group),
    ):
        Indicator.objects.create(
            text=text, category=action, standard=False, needs_review=True, proposed_by=group
        )

    options = offered_options(officer_client.get(url(report, "activity_add", target.pk)))

    assert options == [
        # Conservation action: numbers, then texts, then the group's proposals
        "Number of conservation actions implemented",
        "Number of sites where conservation actions were implemented",
        SPECIES,
        OTHER,
        "A proposal of ours",
        # Support to conservation projects
        "Number of conservation projects supported by the group",
        OTHER,
        "None fits: propose a new indicator…",
    ]
    page = officer_client.get(url(report, "activity_add", target.pk)).content.decode()
    assert 'data-definition="Species (or subspecies) whose populations' in page


def test_retired_indicator_not_offered_but_kept_on_old_results(officer_client, report, staff_user):
    target = factories.make_target(group=report.group, code="T-001")
    activity = factories.make_activity(report=report, target=target)
    text = "Number of global Red List reassessments completed"
    old = factories.make_result(activity=activity, indicator_text=text, number=133)
    retire_indicator(indicator=factories.indicator(text), by=staff_user)

    new_form = officer_client.get(url(report, "activity_add", target.pk))
    assert text not in offered_options(new_form)
    edit = officer_client.get(url(report, "activity_edit", activity.pk))
    assert text in offered_options(edit)
    assert f"{text}: 133" in body_text(render_report_pdf(report))
    assert (
        f'{text}: <span class="value">133</span>'
        in officer_client.get(url(report, "preview")).content.decode()
    )
    resave = officer_client.post(
        url(report, "activity_edit", activity.pk),
        activity_data(activity.category, 6, [{"id": old.pk, "indicator": old.indicator_id,
                                              "value_number": "134"}],
                      **{"results-INITIAL_FORMS": "1", "version": activity.version}),
    )  # fmt: skip
    assert resave.status_code == 302
    old.refresh_from_db()
    assert (old.indicator.text, old.value) == (text, 134)
