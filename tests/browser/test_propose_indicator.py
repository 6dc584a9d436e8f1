"""An officer under an Act target finds no indicator that fits, proposes one from the activity
form and saves the activity; the proposal is the group's and flagged for staff."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Indicator, Result
from tests import factories
from tests.browser.conftest import login, unlabelled_fields

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INDICATOR = re.compile(r"^Indicator")
PROPOSED = "Number of artificial burrows dug"


@pytest.fixture
def act_world(transactional_db):
    group = factories.make_group(acronym="SMSG", name="IUCN SSC Small Mammal Specialist Group")
    user = factories.make_user(username="rosie", email="rosie@example.org")
    factories.make_member(group=group, user=user)
    period = factories.make_period(deadline=timezone.localdate() + datetime.timedelta(days=60))
    report = factories.make_report(group=group, period=period)
    title = "Initiate active conservation efforts for key species."
    factories.make_target(group=group, code="T-008", component="act", title=title)
    return report


def test_officer_proposes_an_indicator_and_saves_the_activity(
    live_server, new_page, shot, act_world
):
    page = new_page()
    login(page, live_server, "rosie", factories.PASSWORD)
    page.goto(f"{live_server.url}/reports/SMSG/2024-2025/activities/")
    page.get_by_role("link", name="Add activity for T-008").click()

    page.get_by_label("Activity category").select_option(label="Conservation action")
    page.get_by_label("Key Species Result (KSR)").select_option(
        label="KSR 10: Conservation actions convened and mobilised"
    )
    row = page.locator("[data-result-row]").nth(0)
    select = row.get_by_role("combobox", name=INDICATOR)
    expect(row.get_by_label("Proposed indicator")).to_be_hidden()
    select.select_option(label="Number of species benefiting from conservation actions")
    expect(row.get_by_text("Definition: Species (or subspecies)")).to_be_visible()
    # Nothing fits: the last option shows the fields of the proposal.
    select.select_option(label="None fits: propose a new indicator…")
    expect(row.get_by_label("Proposed indicator")).to_be_visible()
    row.get_by_label("Proposed indicator").fill(PROPOSED)
    row.get_by_role("radio", name="a text").check()
    expect(row.get_by_label("Result (a number)")).to_be_hidden()
    row.get_by_role("radio", name="a number").check()
    expect(row.get_by_label("Result (a text)")).to_be_hidden()
    row.get_by_label("Result (a number)").fill("40")
    row.get_by_label("Result description").fill("Burrows for the Hispaniolan solenodon.")
    assert unlabelled_fields(page) == []
    shot(page, "proposal-filled")
    page.get_by_role("button", name="Save activity").click()

    expect(page.get_by_text("Activity saved.")).to_be_visible()
    expect(page.get_by_text(f"{PROPOSED}: 40")).to_be_visible()
    shot(page, "activities")
    proposal = Indicator.objects.get(text=PROPOSED)
    assert (proposal.status, proposal.needs_review, proposal.proposed_by) == (
        "proposed", True, act_world.group,
    )  # fmt: skip
    assert Result.objects.get(activity__report=act_world).indicator == proposal

    # Usable at once: the next activity offers it after the catalogue's indicators.
    page.get_by_role("link", name="Add activity for T-008").click()
    page.get_by_label("Activity category").select_option(label="Conservation action")
    options = page.locator("[data-result-row] select[data-indicator] option:not([hidden])")
    expect(options).to_have_text(
        [
            "Choose an indicator",
            "Number of conservation actions implemented",
            "Number of sites where conservation actions were implemented",
            "Number of species benefiting from conservation actions",
            "Other result (describe)",
            PROPOSED,
            "None fits: propose a new indicator…",
        ]
    )
