"""An officer does the whole job in a real browser: log in, group information, a target, an
activity with two results, a photo, a validation error fixed without retyping, preview,
submit, and the report read-only afterwards."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Indicator, Result
from ssc_reports.models import Report
from tests import factories
from tests.browser.conftest import PHONE, has_no_horizontal_scroll, login, unlabelled_fields

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

NUMBER_INDICATOR = "Number of new global Red List assessments completed"
TEXT_INDICATOR = "Main outcome of the Red List work"
INDICATOR = re.compile(r"^Indicator")


@pytest.fixture
def setup_world(transactional_db):
    group = factories.make_group(acronym="SMSG", name="IUCN SSC Small Mammal Specialist Group")
    user = factories.make_user(username="rosie", email="rosie@example.org")
    factories.make_member(group=group, user=user)
    # The deadline is ahead: reports lock for the group after it (issue 5).
    factories.make_period(deadline=timezone.localdate() + datetime.timedelta(days=60))
    Indicator.objects.create(
        text=TEXT_INDICATOR,
        category=factories.category("Red List"),
        kind=Indicator.Kind.QUALITATIVE,
        definition="What the Red List work changed, in a sentence or two.",
    )
    return group


def check_phone(page, shot, step):
    """At 375 px the page needs no horizontal scroll; every field has a label."""
    assert unlabelled_fields(page) == [], step
    page.set_viewport_size(PHONE)
    assert has_no_horizontal_scroll(page), f"{step}: horizontal scroll at 375 px"
    shot(page, f"{step}-375px")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_officer_fills_in_and_submits_report(live_server, new_page, shot, setup_world, tmp_path):
    page = new_page()
    base = f"{live_server.url}/reports/SMSG/2024-2025"

    # Log in with the e-mail address, start the report from the home page.
    login(page, live_server, "rosie@example.org", factories.PASSWORD)
    shot(page, "home")
    page.get_by_role("button", name="Start the 2024-2025 report").click()
    expect(page.get_by_role("heading", name="SMSG report 2024-2025")).to_be_visible()
    shot(page, "overview-empty")
    check_phone(page, shot, "overview")

    # Group information with one officer added through the formset button.
    page.get_by_role("link", name="Group information").first.click()
    page.get_by_label("Mission statement").fill("Serve as the global authority on *small mammals*.")
    page.get_by_label("Number of members").fill("140")
    page.get_by_label("Website").fill("https://small-mammals.org")
    page.get_by_label("Social links").fill(
        "https://www.facebook.com/iucnsmsg\nhttps://twitter.com/IUCN_SMSG"
    )
    page.get_by_role("button", name="Add an officer").click()
    page.get_by_label("Name").fill("Rosie Kennerley")
    page.get_by_label("Role").select_option(label="Co-Chair")
    page.get_by_label("Affiliation").fill("Durrell Wildlife Conservation Trust")
    shot(page, "group-filled")
    check_phone(page, shot, "group")
    page.get_by_role("button", name="Save group information").click()
    expect(page.get_by_text("Group information saved.")).to_be_visible()

    # Projected impact.
    page.goto(f"{base}/impact/")
    impact = page.get_by_label("Projected impact for the quadrennium")
    impact.click()
    page.keyboard.type("Initiate action for 18 species.")
    impact.press("Tab")  # keyboard only: Tab to the Save button, Enter to press it
    expect(page.get_by_role("button", name="Save")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Projected impact saved.")).to_be_visible()

    # A target with this period's status.
    page.goto(f"{base}/targets/")
    page.get_by_role("link", name="Add a target").click()
    expect(page.get_by_label("Code")).to_have_value("T-001")
    page.get_by_label("Component").select_option(label="Assess")
    page.get_by_label("Title").fill("Catalogue and publish species Red List assessments.")
    page.get_by_label("Global").check()
    page.get_by_label("Status in 2024-2025").select_option(label="On track")
    shot(page, "target-form")
    page.get_by_role("button", name="Save target").click()
    expect(page.get_by_text("Target saved.")).to_be_visible()
    check_phone(page, shot, "targets")
    page.get_by_label("Status of T-001 in 2024-2025").select_option(label="Achieved")
    page.get_by_role("button", name="Save statuses").click()
    expect(page.get_by_text("Statuses saved (1 changed).")).to_be_visible()
    page.get_by_label("Status of T-001 in 2024-2025").select_option(label="On track")
    page.get_by_role("button", name="Save statuses").click()
    shot(page, "targets")

    # An activity with two results; the number is left out first: the error shows beside the
    # field and everything else typed is still there.
    page.goto(f"{base}/activities/")
    page.get_by_role("link", name="Add activity for T-001").click()
    page.get_by_label("Activity category").select_option(label="Red List")
    page.get_by_label("Key Species Result (KSR)").select_option(index=2)
    page.get_by_label("SSC grant awarded").check()
    first = page.locator("[data-result-row]").nth(0)
    first.get_by_role("combobox", name=INDICATOR).select_option(label=NUMBER_INDICATOR)
    expect(first.get_by_label("Result (a text)")).to_be_hidden()
    first.get_by_label("Result description").fill("23 new assessments in 2024, 2 in 2025.")
    page.get_by_role("button", name="Add a result").click()
    second = page.locator("[data-result-row]").nth(1)
    second.get_by_label("Search indicators").fill("main outcome")
    second.get_by_role("combobox", name=INDICATOR).select_option(label=TEXT_INDICATOR)
    expect(second.get_by_text("Definition: What the Red List work changed")).to_be_visible()
    expect(second.get_by_label("Result (a number)")).to_be_hidden()
    second.get_by_label("Result (a text)").fill("Mexico and Sulawesi lists updated")
    second.get_by_label("Result description").fill("Regional workshops fed the assessments.")
    page.get_by_role("button", name="Save activity").click()

    expect(page.get_by_text("This indicator needs a number.")).to_be_visible()
    expect(
        page.locator("[data-result-row]").nth(0).get_by_label("Result (a number)")
    ).to_be_focused()
    shot(page, "activity-validation-error")
    check_phone(page, shot, "activity-error")
    first = page.locator("[data-result-row]").nth(0)
    second = page.locator("[data-result-row]").nth(1)
    expect(page.get_by_label("Activity category")).to_have_value(
        str(factories.category("Red List").pk)
    )
    expect(page.get_by_label("SSC grant awarded")).to_be_checked()
    expect(first.get_by_label("Result description")).to_have_value(
        "23 new assessments in 2024, 2 in 2025."
    )
    expect(second.get_by_label("Result (a text)")).to_have_value(
        "Mexico and Sulawesi lists updated"
    )
    expect(second.get_by_label("Result description")).to_have_value(
        "Regional workshops fed the assessments."
    )
    first.get_by_label("Result (a number)").fill("25")
    page.get_by_role("button", name="Save activity").click()
    expect(page.get_by_text("Activity saved.")).to_be_visible()
    shot(page, "activities")
    check_phone(page, shot, "activities")
    values = sorted(
        str(r.value) for r in Result.objects.filter(activity__report__group=setup_world)
    )
    assert values == ["25", "Mexico and Sulawesi lists updated"]

    # A photo; a file that is not an image is refused first.
    page.goto(f"{base}/photos/")
    fake = tmp_path / "notes.png"
    fake.write_bytes(b"this is not a picture")
    page.get_by_label("Image").set_input_files(str(fake))
    page.get_by_label("Caption").fill("A *Solenodon* at night")
    page.get_by_role("button", name="Upload photo").click()
    expect(page.get_by_text("The file is not a readable PNG, JPEG or WebP image.")).to_be_visible()
    expect(page.get_by_label("Caption")).to_have_value("A *Solenodon* at night")
    real = tmp_path / "solenodon.png"
    real.write_bytes(factories.png_bytes(400, 300))
    page.get_by_label("Image").set_input_files(str(real))
    page.get_by_label("Credit").fill("J. Doe")
    page.get_by_label("Section", exact=True).select_option(label="Assess")
    page.get_by_role("button", name="Upload photo").click()
    expect(page.get_by_text("Photo added.")).to_be_visible()
    shot(page, "photos")
    check_phone(page, shot, "photos")

    # Preview in section order.
    page.goto(f"{base}/preview/")
    preview = page.locator(".report-preview")
    expect(preview.get_by_role("heading", name="Mission statement")).to_be_visible()
    expect(preview.locator("em", has_text="small mammals")).to_be_visible()
    expect(preview.get_by_text("Mexico and Sulawesi lists updated")).to_be_visible()
    shot(page, "preview")
    check_phone(page, shot, "preview")

    # Submit from the checklist.
    page.goto(f"{base}/submit/")
    shot(page, "submit-checklist")
    check_phone(page, shot, "submit")
    page.get_by_role("button", name="Submit the report").click()
    expect(page.get_by_text("the 2024-2025 report is submitted")).to_be_visible()
    shot(page, "submitted")
    assert Report.objects.get(group=setup_world).status == Report.Status.SUBMITTED

    # Read-only afterwards.
    page.goto(f"{base}/group/")
    expect(page.locator("#report-state")).to_contain_text("SSC staff are reviewing it")
    expect(page.get_by_label("Mission statement")).to_be_disabled()
    expect(page.get_by_role("button", name="Save group information")).to_have_count(0)
    page.goto(f"{base}/targets/")
    expect(page.get_by_role("link", name="Add a target")).to_have_count(0)
    shot(page, "read-only")
