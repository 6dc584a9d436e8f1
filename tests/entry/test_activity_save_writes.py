"""An activity save writes only what changed: unchanged results (and an unchanged activity)
get no UPDATE and no history row; a changed result gets exactly one of each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, Result
from tests import factories


@pytest.fixture
def activity(report):
    target = factories.make_target(group=report.group, code="T-001")
    activity = factories.make_activity(report=report, target=target)
    for order, number in enumerate((2, 3, 4, 5)):  # in place, as a previous save left them
        factories.make_result(
            activity=activity, number=number, description=f"About {number}", order=order
        )
    return activity


def posted(activity, changes=None):
    """The activity form as the browser posts it back, with `changes` (index -> fields)."""
    results = list(activity.results.order_by("order", "pk"))
    data = {"category": activity.category_id, "ksr": activity.ksr_id,
            "version": activity.version, "results-TOTAL_FORMS": str(len(results)),
            "results-INITIAL_FORMS": str(len(results)), "results-MIN_NUM_FORMS": "0",
            "results-MAX_NUM_FORMS": "1000"}  # fmt: skip
    for index, result in enumerate(results):
        row = {"id": result.pk, "indicator": result.indicator_id,
               "value_number": str(result.value), "value_text": "",
               "description": result.description}  # fmt: skip
        row.update((changes or {}).get(index, {}))
        for key, value in row.items():
            data[f"results-{index}-{key}"] = value
    return data


def save(client, activity, data):
    url = reverse(
        "reports:activity_edit",
        args=[activity.report.group.acronym, activity.report.period.label, activity.pk],
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return [q["sql"] for q in queries.captured_queries]


def writes(sql, table):
    return [q for q in sql if q.startswith(("UPDATE", "INSERT")) and f'"{table}"' in q]


def test_unchanged_activity_save_writes_no_result_and_no_history(client, officer, activity):
    client.force_login(officer)
    history = (Result.history.count(), Activity.history.count())

    sql = save(client, activity, posted(activity))

    assert writes(sql, "activities_result") == []
    assert writes(sql, "activities_historicalresult") == []
    assert writes(sql, "activities_historicalactivity") == []
    assert (Result.history.count(), Activity.history.count()) == history


def test_one_changed_result_is_the_only_one_written(client, officer, activity):
    client.force_login(officer)
    third = activity.results.order_by("order", "pk")[2]
    history = Result.history.count()

    sql = save(client, activity, posted(activity, {2: {"description": "About four, revised"}}))

    assert len(writes(sql, "activities_result")) == 1
    assert Result.history.count() == history + 1
    assert Result.history.latest("history_date").id == third.pk
    third.refresh_from_db()
    assert third.description == "About four, revised"
    assert writes(sql, "activities_historicalactivity") == []  # the activity itself unchanged


def test_a_changed_activity_field_writes_the_activity_only(client, officer, activity):
    client.force_login(officer)
    history = (Result.history.count(), Activity.history.count())

    sql = save(client, activity, {**posted(activity), "ssc_grant_awarded": "on"})

    assert writes(sql, "activities_result") == []
    assert (Result.history.count(), Activity.history.count()) == (history[0], history[1] + 1)
    assert Activity.objects.get(pk=activity.pk).ssc_grant_awarded is True
