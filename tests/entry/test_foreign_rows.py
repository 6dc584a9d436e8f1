"""A formset row carrying the id of an object that is not one of the form's own rows (another
group's result or officer) is refused with a form error; nothing is saved (issue 10)."""

import pytest

from activities.models import Result
from groups.models import Officer
from ssc_reports.entry.formsets import FOREIGN_ROW
from tests import factories
from tests.entry.test_views import activity_data, group_data, url


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def foreign_report(period):
    return factories.make_report(group=factories.make_group(acronym="FSG"), period=period)


def _rows(model):
    return sorted(model.objects.values_list("pk", flat=True))


def test_activity_edit_refuses_a_result_of_another_group(officer_client, report, foreign_report):
    activity = factories.make_activity(
        report=report, target=factories.make_target(group=report.group, code="T-001")
    )
    own = factories.make_result(activity=activity, number=2)
    foreign_activity = factories.make_activity(
        report=foreign_report,
        target=factories.make_target(group=foreign_report.group, code="T-001"),
    )
    foreign = factories.make_result(activity=foreign_activity, number=5)
    results_before = list(
        Result.objects.order_by("pk").values_list("pk", "activity", "value_number")
    )
    data = activity_data(
        [
            {"id": own.pk, "indicator": own.indicator_id, "value_number": "2"},
            {"id": foreign.pk, "indicator": foreign.indicator_id, "value_number": "99"},
        ],
        version=1,
        **{"results-INITIAL_FORMS": "2"},
    )

    response = officer_client.post(url(report, "activity_edit", activity.pk), data)

    assert response.status_code == 200
    results = response.context["forms"]["results"]
    assert results.non_form_errors() == [FOREIGN_ROW]
    assert results.forms[1].errors == {"id": [FOREIGN_ROW]}
    assert FOREIGN_ROW in response.content.decode()
    assert list(Result.objects.order_by("pk").values_list("pk", "activity", "value_number")) == (
        results_before
    )
    activity.refresh_from_db()
    assert activity.version == 1


def test_activity_add_refuses_an_existing_result_id(officer_client, report, foreign_report):
    target = factories.make_target(group=report.group, code="T-001")
    foreign_activity = factories.make_activity(
        report=foreign_report,
        target=factories.make_target(group=foreign_report.group, code="T-001"),
    )
    foreign = factories.make_result(activity=foreign_activity, number=5)
    data = activity_data(
        [{"id": foreign.pk, "indicator": foreign.indicator_id, "value_number": "99"}],
        **{"results-INITIAL_FORMS": "1"},
    )

    response = officer_client.post(url(report, "activity_add", target.pk), data)

    assert response.status_code == 200
    assert response.context["forms"]["results"].non_form_errors() == [FOREIGN_ROW]
    assert report.activities.count() == 0
    assert _rows(Result) == [foreign.pk]


def test_group_info_refuses_an_officer_of_another_group(officer_client, report, foreign_report):
    foreign = factories.make_officer(group=foreign_report.group, name="Foreign Chair")
    data = group_data(
        report,
        **{
            "officers-TOTAL_FORMS": "1",
            "officers-INITIAL_FORMS": "1",
            "officers-0-id": str(foreign.pk),
            "officers-0-group": str(report.group.pk),
            "officers-0-name": "Renamed",
            "officers-0-role": "chair",
            "officers-0-order": "1",
        },
    )

    response = officer_client.post(url(report, "group"), data)

    assert response.status_code == 200
    assert response.context["forms"]["officers"].non_form_errors() == [FOREIGN_ROW]
    assert list(Officer.objects.values_list("pk", "group", "name")) == [
        (foreign.pk, foreign_report.group.pk, "Foreign Chair")
    ]
    report.group.refresh_from_db()
    assert report.group.version == 1
