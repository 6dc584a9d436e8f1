"""Planning the next quadrennium in a real browser: staff open 2026-2029; the officer writes
the mission and projected impact, plans three targets and carries an unfinished one forward,
then submits; staff approve the plan; staff open the first period of the new quadrennium and
the officer's report starts from the four approved targets, with no status."""

import datetime

import pytest
from playwright.sync_api import expect

from ssc_reports.entry.services import start_report
from targets.models import Target
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    group = factories.make_group(acronym="PWSG", name="IUCN SSC Plan Walk Specialist Group",
                                 mission="Save the shrews.")  # fmt: skip
    officer = factories.make_user(username="pia", email="pia@example.org")
    factories.make_member(group=group, user=officer)
    factories.make_user(username="sam", email="sam@example.org", staff=True)
    report = start_report(group=group, period=factories.make_period(label="2024-2025"))
    unfinished = factories.make_target(
        group=group, code="T-004", component="act", title="Restore the marsh", ksr=factories.ksr(10)
    )
    factories.set_status(report=report, target=unfinished, status="on_track")
    done = factories.make_target(group=group, code="T-005", title="Finished work")
    factories.set_status(report=report, target=done, status="achieved")
    return {"group": group, "unfinished": unfinished}


def _add_target(page, component, title, ksr_number, region):
    ksr = factories.ksr(ksr_number)  # the copy in 2026-2029 reads the same
    ksr_label = f"{ksr} ({ksr.get_component_display()})"
    page.get_by_role("link", name="Add a target").click()
    page.get_by_label("Component", exact=True).select_option(component)
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Main KSR", exact=True).select_option(label=ksr_label)
    page.get_by_label(region, exact=True).check()
    page.get_by_role("button", name="Save the target").click()
    expect(page.get_by_text("Target saved.")).to_be_visible()


def test_plan_walk(live_server, new_page, shot, world):
    staff = new_page()
    officer = new_page()

    # Staff open the quadrennium from the planning page.
    login(staff, live_server, "sam", factories.PASSWORD)
    staff.goto(f"{live_server.url}/staff/plans/")
    staff.get_by_role("link", name="Open a quadrennium").click()
    staff.get_by_label("Label").fill("2026-2029")
    staff.get_by_label("First day").fill("2026-01-01")
    staff.get_by_label("Last day").fill("2029-12-31")
    staff.get_by_label("Copy the reference data of").select_option("2021-2025")
    deadline = datetime.date.today() + datetime.timedelta(days=30)
    staff.get_by_label("Planning deadline").fill(deadline.isoformat())
    staff.get_by_role("button", name="Open the quadrennium").click()
    expect(staff.locator("tr[data-group=PWSG]")).to_contain_text("Not started")

    # The officer plans.
    login(officer, live_server, "pia", factories.PASSWORD)
    officer.get_by_role("link", name="PWSG: plan for 2026-2029").click()
    officer.get_by_label("Mission", exact=True).fill("Save every shrew.")
    officer.get_by_label("Projected impact", exact=True).fill("No shrew more threatened in 2029.")
    officer.get_by_role("button", name="Save", exact=True).click()
    expect(officer.get_by_text("Mission and projected impact saved.")).to_be_visible()
    _add_target(officer, "assess", "Assess every shrew", 5, "Africa")
    _add_target(officer, "network", "Grow the membership", 1, "Global")
    _add_target(officer, "communicate", "Tell the shrews' story", 12, "Asia")
    expect(officer.get_by_text("Finished work")).to_have_count(0)
    officer.get_by_role("button", name="Carry forward T-004").click()
    expect(officer.get_by_text("Target T-004 carried forward.")).to_be_visible()
    rows = officer.locator("#plan-targets tbody tr")
    expect(rows).to_have_count(4)
    expect(officer.locator("tr[data-code=T-004]")).to_contain_text("T-004 (2021-2025)")
    shot(officer, "officer-plan")
    officer.get_by_role("button", name="Submit the plan to SSC").click()
    expect(officer.locator("[data-state=submitted]")).to_be_visible()

    # Staff approve it.
    staff.goto(f"{live_server.url}/staff/plans/2026-2029/")
    expect(staff.locator("tr[data-group=PWSG]")).to_contain_text("Submitted")
    staff.get_by_role("link", name="IUCN SSC Plan Walk Specialist Group").click()
    staff.get_by_role("button", name="Approve the plan").click()
    expect(staff.locator("#plan-state[data-state=approved]")).to_be_visible()
    shot(staff, "staff-approved")
    staff.goto(f"{live_server.url}/staff/plans/2026-2029/")
    expect(staff.locator("#by-component tr[data-key=assess]")).to_contain_text("25.00\u00a0%")
    shot(staff, "staff-overview")

    # Staff open the first period of the new quadrennium; the report starts from the plan.
    staff.goto(f"{live_server.url}/staff/periods/new/")
    staff.get_by_label("Label").fill("2026-2027")
    staff.get_by_label("Start").fill("2026-01-01")
    staff.get_by_label("End").fill("2027-03-31")
    staff.get_by_label("Submission deadline").fill("2027-05-31")
    staff.get_by_role("button", name="Open the period").click()

    officer.goto(f"{live_server.url}/reports/PWSG/2026-2027/targets/")
    for code in ("T-001", "T-002", "T-003", "T-004"):
        expect(officer.get_by_text(f"{code} ", exact=False).first).to_be_visible()
    expect(officer.get_by_text("No status for 2026-2027")).to_have_count(4)
    expect(officer.get_by_text("Restore the marsh")).to_have_count(1)
    shot(officer, "officer-first-period")
    new = Target.objects.get(group=world["group"], quadrennium__label="2026-2029", code="T-004")
    assert new.carried_from == world["unfinished"]
