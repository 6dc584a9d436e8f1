"""The staff dashboard and the filtered exports answer in the same number of queries for 1
and 50 groups, and find each report's last edit by index probes, never by walking the
history tables (their cost does not grow with the years of history)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ssc_reports.entry.progress import with_last_edits
from ssc_reports.models import Report, ReportEvent
from tests import factories

DASHBOARD = "/staff/"
LAST_EDIT_INDEXES = [
    "ssc_hist_activity_last_edit",
    "ssc_hist_result_last_edit",
    "ssc_hist_tstatus_last_edit",
    "ssc_hist_photo_last_edit",
    "ssc_hist_report_last_edit",
    "ssc_hist_group_last_edit",
    "ssc_hist_officer_last_edit",
    "ssc_hist_target_last_edit",
]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _groups(period, n, *, first=0):
    for i in range(first, first + n):
        group = factories.make_group(acronym=f"N{i:03d}")
        factories.make_officer(group=group)
        report = factories.make_report(group=group, period=period)
        target = factories.make_target(group=group, code="T-001")
        factories.set_status(report=report, target=target)
        activity = factories.make_activity(report=report, target=target)
        factories.make_result(activity=activity, number=i + 1)
        factories.make_photo(report=report)
        ReportEvent.objects.create(report=report, old_status="submitted", new_status="returned")


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        DASHBOARD,
        DASHBOARD + "?overdue=yes&q=N0",
        "/staff/network/2024-2025/exports/results.csv?overdue=no&q=N",
        "/staff/network/2024-2025/exports/target-statuses.csv?q=N00",
    ],
    ids=["dashboard", "dashboard-filtered", "results-export", "statuses-export"],
)
def test_same_number_of_queries_at_1_and_50_groups(staff_client, period, url):
    _groups(period, 1)
    one = _count(staff_client, url)
    _groups(period, 49, first=1)
    fifty = _count(staff_client, url)

    assert one == fifty


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's EXPLAIN QUERY PLAN")
def test_last_edit_probes_indexes_and_scans_no_history_table(period):
    _groups(period, 3)
    sql, params = with_last_edits(Report.objects.filter(period=period)).query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]

    for index in LAST_EDIT_INDEXES:
        assert any(index in step for step in plan), (index, plan)
    assert not [step for step in plan if step.startswith("SCAN") and "historical" in step]


@pytest.mark.parametrize(
    "url",
    [
        DASHBOARD + "?sort=-last_edit&overdue=no",
        "/staff/network/2024-2025/exports/results.csv?overdue=yes&q=N0",
    ],
)
def test_dashboard_and_filtered_exports_read_no_history_table(staff_client, period, url):
    _groups(period, 3)

    with CaptureQueriesContext(connection) as queries:
        assert staff_client.get(url).status_code == 200

    assert queries.captured_queries
    assert [q["sql"] for q in queries.captured_queries if "historical" in q["sql"]] == []
