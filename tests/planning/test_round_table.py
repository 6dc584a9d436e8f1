"""The staff round page's table of every group's plan: filters (state, kind of group, search),
sorting by each column over all rows in the database, pages of 25 whose links keep the
filters and the sort, totals per state over every group, and the same number of queries for
1 and 50 groups."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups.models import Group
from ssc_reports.listing.tables import PAGE_SIZE
from ssc_reports.models import Plan, PlanComment, PlanEvent, PlannedTarget, PlanningRound
from ssc_reports.planning.services import open_quadrennium
from targets.models import KSR
from tests import factories

LABEL = "2026-2029"
URL = f"/staff/plans/{LABEL}/"
STATES = ["not_started", "draft", "submitted", "returned", "approved"]
KINDS = list(Group.Kind.values)
KIND_LABELS = dict(Group.Kind.choices)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _open(staff_user) -> PlanningRound:
    return open_quadrennium(
        label=LABEL,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2029, 12, 31),
        copy_from="2021-2025",
        deadline=datetime.date.today() + datetime.timedelta(days=60),
        by=staff_user,
    )


def _plan_groups(planning, n, *, first=0):
    """n groups with a plan each: state, kind, targets (i % 4) and comments (i % 3) vary;
    a returned plan has two returns, the last one's reason "why <i>"."""
    ksr = KSR.objects.filter(quadrennium=planning.quadrennium).order_by("number").first()
    for i in range(first, first + n):
        group = factories.make_group(
            acronym=f"P{i:03d}", name=f"Plan group {(i * 37) % 101:03d}", kind=KINDS[i % 5]
        )
        state = STATES[i % 5]
        plan = Plan.objects.create(planning=planning, group=group, status=state)
        for t in range(i % 4):
            PlannedTarget.objects.create(
                plan=plan, code=f"T-{t + 1:03d}", component="assess", title="A target", ksr=ksr
            )
        for _ in range(i % 3):
            PlanComment.objects.create(plan=plan, text="A comment")
        if state == "returned":
            PlanEvent.objects.create(plan=plan, old_status="submitted", new_status="returned",
                                     reason="first reason")  # fmt: skip
            PlanEvent.objects.create(plan=plan, old_status="submitted", new_status="returned",
                                     reason=f"why {i}")  # fmt: skip


@pytest.fixture
def network(db, staff_user):
    """60 groups with a plan in every state, and 2 groups made after the round was opened
    (no plan: not started, 0 targets)."""
    planning = _open(staff_user)
    _plan_groups(planning, 60)
    factories.make_group(acronym="LATE", name="Late group", kind=Group.Kind.TASK_FORCE)
    factories.make_group(acronym="ZLATE", name="Zz late group", kind=Group.Kind.TASK_FORCE)
    return planning


def _expected(sort="group", **filters):
    """The table's rows computed in Python from the database, independently of the page."""
    rows = []
    for group in Group.objects.all():
        plan = group.plans.filter(planning__quadrennium__label=LABEL).first()
        rows.append(
            {
                "acronym": group.acronym,
                "name": group.name,
                "kind": group.kind,
                "state": plan.status if plan else "not_started",
                "targets": plan.targets.count() if plan else 0,
                "comments": plan.comments.count() if plan else 0,
            }
        )
    if filters.get("status"):
        rows = [r for r in rows if r["state"] == filters["status"]]
    if filters.get("group_kind"):
        rows = [r for r in rows if r["kind"] == filters["group_kind"]]
    if filters.get("q"):
        q = filters["q"].lower()
        rows = [r for r in rows if q in r["name"].lower() or q in r["acronym"].lower()]
    kind_order = sorted(KIND_LABELS, key=lambda k: str(KIND_LABELS[k]).casefold())
    keys = {
        "group": lambda r: r["name"].lower(),
        "kind": lambda r: kind_order.index(r["kind"]),
        "state": lambda r: STATES.index(r["state"]),
        "targets": lambda r: r["targets"],
        "comments": lambda r: r["comments"],
    }
    key = keys[sort.lstrip("-")]
    # ties in name order whichever the direction (and pk after the name: acronyms here)
    rows.sort(key=lambda r: (r["name"].lower(), Group.objects.get(acronym=r["acronym"]).pk))
    rows.sort(key=key, reverse=sort.startswith("-"))
    return [r["acronym"] for r in rows]


def _page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def _acronyms(response):
    return [row.acronym for row in response.context["rows"]]


def test_first_and_second_page_by_group_name(staff_client, network):
    expected = _expected()
    assert len(expected) == 62

    first = _page(staff_client)
    second = _page(staff_client, page=2)
    last = _page(staff_client, page=3)

    assert _acronyms(first) == expected[:PAGE_SIZE]
    assert _acronyms(second) == expected[PAGE_SIZE : 2 * PAGE_SIZE]
    assert _acronyms(last) == expected[2 * PAGE_SIZE :]
    assert len(_acronyms(last)) == 12
    assert first.context["sort"] == "group"
    html = first.content.decode()
    assert html.count('<tr data-group="') == PAGE_SIZE
    assert "62 of 62 groups shown. This page: 1–25." in html


@pytest.mark.parametrize(
    "sort",
    [
        "group",
        "-group",
        "kind",
        "-kind",
        "state",
        "-state",
        "targets",
        "-targets",
        "comments",
        "-comments",
    ],  # fmt: skip
)
def test_each_sort_over_all_pages(staff_client, network, sort):
    shown = []
    for number in (1, 2, 3):
        shown += _acronyms(_page(staff_client, sort=sort, page=number))

    assert shown == _expected(sort)


def test_filters_state_kind_and_search(staff_client, network):
    response = _page(staff_client, status="draft", group_kind="red_list_authority")
    # i % 5 == 1 for both: draft and the second kind
    assert _acronyms(response) == _expected(status="draft", group_kind="red_list_authority")
    assert sorted(_acronyms(response)) == [f"P{i:03d}" for i in range(1, 60, 5)]

    searched = _page(staff_client, q="  late ")
    assert _acronyms(searched) == ["LATE", "ZLATE"]
    assert [row.state for row in searched.context["rows"]] == ["not_started", "not_started"]
    assert [row.targets for row in searched.context["rows"]] == [0, 0]

    by_acronym = _page(staff_client, q="p00", sort="-targets")
    assert _acronyms(by_acronym) == _expected("-targets", q="p00")
    assert len(_acronyms(by_acronym)) == 10


def test_totals_count_every_group_whatever_the_filter_or_page(staff_client, network):
    response = _page(staff_client, status="approved", page=2)

    totals = {key: count for _label, key, count in response.context["totals"]}
    assert totals == {
        "not_started": 12 + 2,
        "draft": 12,
        "submitted": 12,
        "returned": 12,
        "approved": 12,
    }
    assert response.context["total"] == 62
    # 12 approved plans: one page; page 2 asked for gives the last page, the first
    assert _acronyms(response) == _expected(status="approved")
    html = response.content.decode()
    assert (
        '<a href="?status=returned">Returned: <strong data-state-total="returned">12</strong>'
        in html
    )
    assert 'aria-current="true">Approved: <strong data-state-total="approved">12</strong>' in html
    assert 'id="plan-pages"' not in html  # one page: no page links


def test_page_links_keep_the_filters_and_the_sort(staff_client, network):
    one_page = _page(staff_client, status="not_started", sort="-comments")
    assert _acronyms(one_page) == _expected("-comments", status="not_started")
    assert 'id="plan-pages"' not in one_page.content.decode()  # 14 rows: no page links

    response = _page(staff_client, sort="-state", q="group", page=2)
    html = response.content.decode()

    assert _acronyms(response) == _expected("-state", q="group")[PAGE_SIZE : 2 * PAGE_SIZE]
    links = re.findall(r'href="(\?[^"]*page=\d+)"( rel="\w+"| aria-current="page")?', html)
    assert links == [
        ("?sort=-state&amp;q=group&amp;page=1", ' rel="prev"'),
        ("?sort=-state&amp;q=group&amp;page=1", ""),
        ("?sort=-state&amp;q=group&amp;page=2", ' aria-current="page"'),
        ("?sort=-state&amp;q=group&amp;page=3", ""),
        ("?sort=-state&amp;q=group&amp;page=3", ' rel="next"'),
    ]
    # the headers keep the filters, drop the page, and turn the sorted column around
    assert '<th scope="col" aria-sort="descending"><a href="?q=group&amp;sort=state">State' in html
    assert '<th scope="col"><a href="?q=group&amp;sort=targets">Targets</a></th>' in html
    assert "62 of 62 groups shown. This page: 26–50." in html


def test_returned_plans_show_their_last_reason(staff_client, network):
    response = _page(staff_client, status="returned")

    reasons = {row.acronym: row.reason for row in response.context["rows"]}
    assert reasons == {f"P{i:03d}": f"why {i}" for i in range(3, 60, 5)}
    drafts = _page(staff_client, status="draft")
    assert {row.reason for row in drafts.context["rows"]} == {""}


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-3"},
        {"sort": "name;drop"},
        {"status": "bogus", "group_kind": "<script>"},
        {"q": "x" * 5000, "status": ""},
    ],
)
def test_bad_input_shows_a_page_not_an_error(staff_client, network, params):
    response = _page(staff_client, **params)

    if "q" in params:
        assert response.context["plan_filter"].q == "x" * 100
        assert _acronyms(response) == []
        assert "No group matches." in response.content.decode()
    elif params.get("page") == "-3":  # not a page: Django's Paginator gives the last one
        assert _acronyms(response) == _expected()[2 * PAGE_SIZE :]
    else:
        assert _acronyms(response) == _expected()[:PAGE_SIZE]
        assert response.context["sort"] == "group"
    assert "<script>" not in response.content.decode().split("<main", 1)[-1].split("</main>")[0]


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "query", ["", "?sort=-targets", "?status=submitted&group_kind=task_force&q=P&sort=comments"]
)
def test_same_number_of_queries_at_1_and_50_groups(staff_client, staff_user, query):
    planning = _open(staff_user)
    # the first group's plan is submitted with targets, so the overview counts it too
    _plan_groups(planning, 1, first=7)
    one = _count(staff_client, URL + query)
    _plan_groups(planning, 49, first=100)
    fifty = _count(staff_client, URL + query)

    assert Group.objects.count() == 50
    assert one == fifty
