"""The staff tables in pages, in a real browser: the planning round, the groups and the
exports page with more than a page of rows pass axe-core (WCAG 2.x A/AA) with their page
links and sortable headers shown, and following a header then a page link keeps the filter."""

import datetime

import pytest

from groups.models import Group
from ssc_reports.models import Plan
from ssc_reports.planning.services import open_quadrennium
from tests import factories
from tests.browser.conftest import login
from tests.browser.test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def network(transactional_db):
    staff = factories.make_user(username="staff", staff=True)
    period = factories.make_period()
    kinds = list(Group.Kind.values)
    for i in range(30):
        group = factories.make_group(acronym=f"B{i:02d}", name=f"Browser group {i:02d}",
                                     kind=kinds[i % 2])  # fmt: skip
        factories.make_report(group=group, period=period)
    planning = open_quadrennium(
        label="2026-2029",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2029, 12, 31),
        copy_from="2021-2025",
        deadline=datetime.date.today() + datetime.timedelta(days=60),
        by=staff,
    )
    Plan.objects.filter(planning=planning, group__acronym__in=["B01", "B02"]).update(status="draft")
    return staff


@pytest.mark.parametrize(
    "path",
    [
        "/staff/plans/2026-2029/?page=2&sort=-state",
        "/staff/groups/?sort=-group&page=2",
        "/staff/network/2024-2025/exports/?page=2",
    ],
)
def test_paged_tables_have_no_wcag_violation(live_server, browser, network, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        page = context.new_page()
        login(page, live_server, "staff", factories.PASSWORD)

        page.goto(live_server.url + path)

        assert page.locator("nav .pagination").count() == 1
        assert axe_violations(page) == []
    finally:
        context.close()


def test_round_table_sort_and_pages_keep_the_filter(live_server, new_page, network):
    page = new_page()
    login(page, live_server, "staff", factories.PASSWORD)
    page.goto(live_server.url + "/staff/plans/2026-2029/")

    page.select_option("#f-status", "not_started")
    page.click("form[role=search] button[type=submit]")
    page.click("#plan-states thead a:text-is('Group')")  # sorted by group: now descending
    rows = page.locator("#plan-states tbody tr")

    assert page.locator("#plan-states th[aria-sort=descending]").inner_text().startswith("Group")
    assert rows.count() == 25
    assert rows.first.get_attribute("data-group") == "B29"
    page.click("#plan-pages a[rel=next]")
    assert [rows.nth(i).get_attribute("data-group") for i in range(rows.count())] == [
        "B04",
        "B03",
        "B00",
    ]
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.state)")) == {"not_started"}
