"""The compilation's planning step (which reports, under which keys) makes the same number
of queries for 1 and for 50 approved groups; the keys are those of each report alone."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ssc_reports.network.compile import approved_reports, plan_parts
from ssc_reports.pdf.keys import part_key
from tests import factories


def _approved_groups(period, n, *, first=0):
    for i in range(first, first + n):
        group = factories.make_group(acronym=f"A{i:03d}", name=f"Group {i:03d}")
        factories.make_officer(group=group)
        report = factories.make_report(group=group, period=period, status="approved")
        for code, component in (("T-001", "assess"), ("T-002", "plan")):
            target = factories.make_target(group=group, code=code, component=component)
            factories.set_status(report=report, target=target)
        activity = factories.make_activity(report=report, target=target)
        factories.make_result(activity=activity, number=i + 1)
        factories.make_result(activity=activity, number=i + 2)
        factories.make_photo(report=report)


def _plan_queries(period):
    with CaptureQueriesContext(connection) as queries:
        parts = plan_parts(approved_reports(period))
    return len(queries), parts


def test_planning_makes_the_same_number_of_queries_for_1_and_50_groups(db):
    period = factories.make_period()
    _approved_groups(period, 1)
    one, parts = _plan_queries(period)
    assert len(parts) == 1

    _approved_groups(period, 49, first=1)
    fifty, parts = _plan_queries(period)

    assert len(parts) == 50
    assert one == fifty


def test_planned_keys_are_each_reports_own_key(db):
    period = factories.make_period()
    _approved_groups(period, 3)

    reports = approved_reports(period)
    parts = plan_parts(reports)

    assert [part.key for part in parts] == [part_key(report) for report in reports]
    assert len({part.key for part in parts}) == 3
