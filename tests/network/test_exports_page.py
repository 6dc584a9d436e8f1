"""The exports page lists the period's reports the filters keep (the same filters as the
downloads), in the exports' order (kind of group, then name), 25 a page, with page links that
keep the filters, in the same number of queries for 1 and 50 groups."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups.models import Group
from ssc_reports.listing.tables import PAGE_SIZE
from ssc_reports.models import Report
from tests import factories

URL = "/staff/network/2024-2025/exports/"
KINDS = list(Group.Kind.values)
STATUSES = ["draft", "submitted", "approved"]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _reports(period, n, *, first=0):
    for i in range(first, first + n):
        group = factories.make_group(
            acronym=f"E{i:03d}", name=f"Export group {(i * 37) % 101:03d}", kind=KINDS[i % 2]
        )
        factories.make_report(group=group, period=period, status=STATUSES[i % 3])


def _expected(period, **filters):
    reports = Report.objects.filter(period=period, **filters).select_related("group")
    ordered = sorted(reports, key=lambda r: (KINDS.index(r.group.kind), r.group.name.lower(), r.pk))
    return [r.group.acronym for r in ordered]


def _shown(response):
    assert response.status_code == 200
    return [report.group.acronym for report in response.context["reports"]]


def test_reports_in_pages_in_the_exports_order(staff_client, period):
    _reports(period, 60)
    factories.make_group(acronym="NONE")  # no report: not listed
    expected = _expected(period)

    assert len(expected) == 60
    assert _shown(staff_client.get(URL)) == expected[:PAGE_SIZE]
    second = staff_client.get(URL, {"page": 2})
    assert _shown(second) == expected[PAGE_SIZE : 2 * PAGE_SIZE]
    assert _shown(staff_client.get(URL, {"page": 3})) == expected[2 * PAGE_SIZE :]
    html = second.content.decode()
    assert "This page: 26–50." in html
    assert 'href="?page=3" rel="next"' in html
    assert html.count('<tr data-group="') == PAGE_SIZE


def test_the_filters_apply_to_the_list_and_its_page_links(staff_client, period):
    _reports(period, 60)

    response = staff_client.get(URL, {"status": "approved", "q": "group", "x": "dropped"})

    expected = _expected(period, status="approved")
    assert len(expected) == 20
    assert _shown(response) == expected
    html = response.content.decode()
    assert 'id="report-export-pages"' not in html  # 20 rows: one page
    kind = KINDS[0]
    many = staff_client.get(URL, {"kind": kind, "page": "2", "x": "dropped"})
    assert _shown(many) == _expected(period, group__kind=kind)[PAGE_SIZE:]
    assert 'href="?kind=specialist_group&amp;page=1" rel="prev"' in many.content.decode()


def test_bad_filters_list_every_report(staff_client, period):
    _reports(period, 3)

    response = staff_client.get(URL, {"status": "<b>", "kind": "x", "page": "nope"})

    assert _shown(response) == _expected(period)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", ["", "?status=draft&q=E0"])
def test_same_number_of_queries_at_1_and_50_groups(staff_client, period, query):
    _reports(period, 1)
    one = _count(staff_client, URL + query)
    _reports(period, 49, first=1)
    fifty = _count(staff_client, URL + query)

    assert one == fifty
