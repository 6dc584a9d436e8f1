"""The staff pages "Groups and officers" and "Reporting periods": pages of 25 in the database
whose links keep the search, the kind and the sort, and the same number of queries for 1 and
50 groups."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups.models import Group
from ssc_reports.listing.tables import PAGE_SIZE
from tests import factories

GROUPS = "/staff/groups/"
PERIODS = "/staff/periods/"
KINDS = list(Group.Kind.values)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _groups(n, *, first=0):
    for i in range(first, first + n):
        group = factories.make_group(
            acronym=f"G{i:03d}", name=f"Group {(i * 37) % 101:03d}", kind=KINDS[i % 3]
        )
        for _ in range(i % 3):
            factories.make_member(group=group)


def _acronyms(response):
    assert response.status_code == 200
    return [group.acronym for group in response.context["groups"]]


def _by_name(groups):
    return [g.acronym for g in sorted(groups, key=lambda g: (g.name.lower(), g.pk))]


def test_groups_in_pages_of_25_by_name(staff_client, db):
    _groups(60)
    expected = _by_name(Group.objects.all())

    assert _acronyms(staff_client.get(GROUPS)) == expected[:PAGE_SIZE]
    assert _acronyms(staff_client.get(GROUPS, {"page": 2})) == expected[PAGE_SIZE : 2 * PAGE_SIZE]
    assert _acronyms(staff_client.get(GROUPS, {"page": 3})) == expected[2 * PAGE_SIZE :]
    html = staff_client.get(GROUPS, {"page": 2}).content.decode()
    assert "60 of 60 groups shown. This page: 26–50." in html
    assert 'href="?page=3" rel="next"' in html


def test_groups_search_kind_and_sort_by_members(staff_client, db):
    _groups(60)
    kind = KINDS[1]  # i % 3 == 1: one member each
    params = {"kind": kind, "q": "group 0", "sort": "-members"}

    response = staff_client.get(GROUPS, params)

    chosen = Group.objects.filter(kind=kind, name__icontains="group 0")
    assert _acronyms(response) == _by_name(chosen)  # all one member: ties in name order
    assert {g.members_count_ for g in response.context["groups"]} == {1}
    members = _acronyms(staff_client.get(GROUPS, {"sort": "-members", "q": "G00"}))
    assert members == [
        "G002",
        "G005",
        "G008",
        "G001",
        "G004",
        "G007",
        "G000",
        "G003",
        "G006",
        "G009",
    ]


def test_group_page_links_keep_search_kind_and_sort(staff_client, db):
    _groups(60)

    html = staff_client.get(
        GROUPS, {"q": "group", "sort": "-group", "page": "1", "x": "1"}
    ).content.decode()

    assert 'href="?q=group&amp;sort=-group&amp;page=2" rel="next"' in html
    assert '<th scope="col" aria-sort="descending"><a href="?q=group&amp;sort=group">Group' in html
    assert '<th scope="col"><a href="?q=group&amp;sort=kind">Kind</a></th>' in html


def test_groups_bad_input(staff_client, db):
    _groups(3)

    response = staff_client.get(
        GROUPS, {"kind": "nope", "sort": "evil", "q": "x" * 500, "page": "z"}
    )

    assert response.context["params"] == {"kind": "", "q": "x" * 100}
    assert response.context["sort"] == "group"
    assert _acronyms(response) == []
    assert "No group matches." in response.content.decode()


def test_periods_newest_first_in_pages(staff_client, db):
    for year in range(1970, 2030):
        factories.make_period(
            label=f"{year}-x", start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31)
        )

    first = staff_client.get(PERIODS)
    second = staff_client.get(PERIODS, {"page": 2})

    assert [p.label for p in first.context["periods"]] == [f"{y}-x" for y in range(2029, 2004, -1)]
    assert [p.label for p in second.context["periods"]] == [f"{y}-x" for y in range(2004, 1979, -1)]
    assert 'href="?page=3" rel="next"' in second.content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", [GROUPS, GROUPS + "?q=G0&sort=-members&kind=specialist_group", PERIODS]
)
def test_same_number_of_queries_at_1_and_50_groups(staff_client, period, url):
    _groups(1)
    one = _count(staff_client, url)
    _groups(49, first=1)
    fifty = _count(staff_client, url)

    assert one == fifty
