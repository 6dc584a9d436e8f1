"""Numbers keep what was typed: text inputs read by the server, refused with a message naming
the field and the typed value shown back."""

from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import Result
from groups.models import Group
from ssc_reports.entry.forms import GroupInfoForm
from ssc_reports.entry.numbers import parse_number
from tests import factories


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("40", Decimal("40")),
        (" 40 ", Decimal("40")),
        ("-3", Decimal("-3")),
        ("3.5", Decimal("3.5")),
        ("3,5", Decimal("3.5")),
        ("1,250", Decimal("1250")),
        ("1,250.75", Decimal("1250.75")),
        ("1 250 000", Decimal("1250000")),
        ("1\u00a0250", Decimal("1250")),
        ("1'250.5", Decimal("1250.5")),
        ("1.250,5", Decimal("1250.5")),
        ("1.250.000", Decimal("1250000")),
        ("1.250", Decimal("1.25")),
        (".5", Decimal("0.5")),
        ("", None),
    ],
)
def test_parse_number_reads_what_people_type(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize(
    "typed", ["about 40", "12e", "1e5", "40%", "1,25,0", "12..5", "1 25", "4O", "NaN", "inf"]
)
def test_parse_number_refuses_anything_else(typed):
    with pytest.raises(ValueError):
        parse_number(typed)


def test_group_form_renders_text_input_with_decimal_keyboard(group):
    html = str(GroupInfoForm(instance=group)["members_count"])

    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html


def _group_post(group, **changes):
    data = {
        "version": group.version,
        "mission": group.mission or "Our mission.",
        "members_count": "",
        "website": "",
        "social_links": "",
        "officers-TOTAL_FORMS": "0",
        "officers-INITIAL_FORMS": "0",
        "officers-MIN_NUM_FORMS": "0",
        "officers-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_members_count_about_40_comes_back_as_typed_with_an_error(client, officer, report):
    client.force_login(officer)
    url = reverse("reports:group", args=[report.group.acronym, report.period.label])

    response = client.post(url, _group_post(report.group, members_count="about 40"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="about 40"' in html
    assert "Number of members: “about 40” is not a number." in html
    assert Group.objects.get(pk=report.group.pk).members_count is None


def test_members_count_with_thousands_separator_is_saved(client, officer, report):
    client.force_login(officer)
    url = reverse("reports:group", args=[report.group.acronym, report.period.label])

    response = client.post(url, _group_post(report.group, members_count="1,250"))

    assert response.status_code == 302
    assert Group.objects.get(pk=report.group.pk).members_count == 1250


def test_members_count_refuses_a_fraction(client, officer, report):
    client.force_login(officer)
    url = reverse("reports:group", args=[report.group.acronym, report.period.label])

    response = client.post(url, _group_post(report.group, members_count="12,5"))

    html = response.content.decode()
    assert "Number of members: “12,5” is not a whole number." in html
    assert 'value="12,5"' in html


def _result_post(activity, result, value):
    return {
        "version": activity.version,
        "category": activity.category_id,
        "ksr": activity.ksr_id,
        "results-TOTAL_FORMS": "1",
        "results-INITIAL_FORMS": "1",
        "results-MIN_NUM_FORMS": "0",
        "results-MAX_NUM_FORMS": "1000",
        "results-0-id": result.pk,
        "results-0-activity": activity.pk,
        "results-0-indicator": result.indicator_id,
        "results-0-value_number": value,
        "results-0-value_text": "",
        "results-0-description": "",
    }


@pytest.mark.parametrize(("typed", "stored"), [("1.234,5", "1234.5"), ("12,5", "12.5")])
def test_result_number_with_decimal_comma_is_saved(client, officer, report, typed, stored):
    target = factories.make_target(group=report.group, code="T-001")
    activity = factories.make_activity(report=report, target=target)
    result = factories.make_result(activity=activity, number=8)
    client.force_login(officer)
    url = reverse(
        "reports:activity_edit", args=[report.group.acronym, report.period.label, activity.pk]
    )

    response = client.post(url, _result_post(activity, result, typed))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Result.objects.get(pk=result.pk).value_number == Decimal(stored)


def test_result_number_12e_comes_back_as_typed_with_an_error(client, officer, report):
    target = factories.make_target(group=report.group, code="T-001")
    activity = factories.make_activity(report=report, target=target)
    result = factories.make_result(activity=activity, number=8)
    client.force_login(officer)
    url = reverse(
        "reports:activity_edit", args=[report.group.acronym, report.period.label, activity.pk]
    )

    page = client.get(url).content.decode()
    assert 'value="8"' in page  # as the report prints it, not 8.000
    response = client.post(url, _result_post(activity, result, "12e"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="12e"' in html
    assert "Result (a number): “12e” is not a number." in html
    assert Result.objects.get(pk=result.pk).value_number == Decimal("8")
