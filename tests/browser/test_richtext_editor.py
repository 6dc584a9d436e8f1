"""The rich-text editor in a real browser (static/js/richtext_editor.js): the toolbar types the
Markdown subset, the preview shows what the app's renderer makes of it, everything works from
the keyboard, and without JavaScript the textarea is as before."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def impact_url(live_server, transactional_db):
    group = factories.make_group(acronym="ESG", name="IUCN SSC Editor Specialist Group")
    factories.make_member(group=group, user=factories.make_user(username="eve"))
    period = factories.make_period(deadline=timezone.localdate() + datetime.timedelta(days=60))
    factories.make_report(group=group, period=period)
    return f"{live_server.url}/reports/ESG/2024-2025/impact/"


def test_toolbar_inserts_markdown_and_the_preview_renders_it(live_server, new_page, impact_url):
    page = new_page()
    login(page, live_server, "eve", factories.PASSWORD)
    page.goto(impact_url)
    textarea = page.locator("#id_projected_impact")
    toolbar = page.get_by_role("toolbar", name="Formatting")

    textarea.fill("Protect ")
    textarea.press("End")
    toolbar.get_by_role("button", name="Italic").click()
    page.keyboard.type("Ursus arctos")  # replaces the selected placeholder
    textarea.press("End")
    page.keyboard.type(" with ")
    toolbar.get_by_role("button", name="Bold").click()
    page.keyboard.type("care")

    assert textarea.input_value() == "Protect *Ursus arctos* with **care**"
    preview = page.locator("#id_projected_impact-preview")
    expect(preview).to_have_attribute("aria-live", "polite")
    expect(preview.locator("p")).to_have_text("Protect Ursus arctos with care")
    expect(preview.locator("em")).to_have_text("Ursus arctos")
    expect(preview.locator("strong")).to_have_text("care")


def test_list_and_link_from_the_keyboard(live_server, new_page, impact_url):
    page = new_page()
    login(page, live_server, "eve", factories.PASSWORD)
    page.goto(impact_url)
    textarea = page.locator("#id_projected_impact")
    textarea.fill("First\nSecond")
    textarea.press("Control+a")

    page.get_by_role("button", name="Bulleted list").focus()
    page.keyboard.press("Enter")
    textarea.press("End")
    page.keyboard.type("\n\nSee ")
    page.get_by_role("button", name="Link").focus()
    page.keyboard.press("Space")
    page.keyboard.type("https://example.org")  # replaces the selected "https://"

    assert textarea.input_value() == "- First\n- Second\n\nSee [link text](https://example.org)"
    preview = page.locator("#id_projected_impact-preview")
    expect(preview.locator("li")).to_have_text(["First", "Second"])
    expect(preview.locator("a")).to_have_attribute("href", "https://example.org")


def test_without_javascript_the_plain_textarea_saves(live_server, browser, impact_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    login(page, live_server, "eve", factories.PASSWORD)
    page.goto(impact_url)

    assert page.get_by_role("toolbar").count() == 0
    page.locator("#id_projected_impact").fill("*Plain* works.")
    page.get_by_role("button", name="Save").first.click()

    expect(page.locator("#id_projected_impact")).to_have_value("*Plain* works.")
    context.close()
