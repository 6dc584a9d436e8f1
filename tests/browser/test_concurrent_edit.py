"""Two officers edit the same section at once: the second save is refused with a clear
message and keeps their text; drafts survive a reload; leaving unsaved work asks first."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ssc_reports.models import Report
from tests import factories
from tests.browser.conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

CONFLICT = "Someone else saved this section while you were editing"


@pytest.fixture
def report(transactional_db):
    group = factories.make_group(acronym="SMSG", name="IUCN SSC Small Mammal Specialist Group")
    for username in ("ana", "ben"):
        factories.make_member(group=group, user=factories.make_user(username=username))
    # The deadline is ahead: reports lock for the group after it (issue 5).
    period = factories.make_period(deadline=timezone.localdate() + datetime.timedelta(days=60))
    return factories.make_report(group=group, period=period)


def test_second_of_two_concurrent_saves_is_refused_and_keeps_text(
    live_server, new_page, shot, report
):
    impact_url = f"{live_server.url}/reports/SMSG/2024-2025/impact/"
    ana, ben = new_page(), new_page()
    for page, username in ((ana, "ana"), (ben, "ben")):
        login(page, live_server, username, factories.PASSWORD)
        page.goto(impact_url)
    label = "Projected impact for the quadrennium"
    ana.get_by_label(label).fill("Ana's impact: 18 species.")
    ben.get_by_label(label).fill("Ben's impact: three regions.")

    ana.get_by_role("button", name="Save").click()
    expect(ana.get_by_text("Projected impact saved.")).to_be_visible()
    ben.get_by_role("button", name="Save").click()

    expect(ben.get_by_text(CONFLICT)).to_be_visible()
    expect(ben.get_by_label(label)).to_have_value("Ben's impact: three regions.")
    expect(ben.locator("[data-conflict]")).to_contain_text("Ana's impact: 18 species.")
    shot(ben, "second-save-refused")
    report.refresh_from_db()
    assert report.projected_impact == "Ana's impact: 18 species."

    # Having seen Ana's text, Ben merges and saves deliberately.
    ben.get_by_label(label).fill("Ana's impact: 18 species. Ben's: three regions.")
    ben.get_by_role("button", name="Save").click()
    expect(ben.get_by_text("Projected impact saved.")).to_be_visible()
    assert Report.objects.get(pk=report.pk).projected_impact == (
        "Ana's impact: 18 species. Ben's: three regions."
    )


def test_unsaved_text_kept_as_draft_and_leaving_asks_first(live_server, new_page, shot, report):
    impact_url = f"{live_server.url}/reports/SMSG/2024-2025/impact/"
    page = new_page()
    login(page, live_server, "ana", factories.PASSWORD)
    page.goto(impact_url)
    field = page.get_by_label("Projected impact for the quadrennium")
    field.fill("Typed but not saved")

    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", accept)
    page.goto(impact_url)  # leaving: the browser asks first

    assert dialogs == ["beforeunload"]
    expect(field).to_have_value("Typed but not saved")
    expect(page.get_by_text("Restored your unsaved draft")).to_be_visible()
    shot(page, "draft-restored")

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Projected impact saved.")).to_be_visible()
    page.goto(impact_url)  # nothing unsaved: no question, no draft note
    assert dialogs == ["beforeunload"]
    expect(page.get_by_text("Restored your unsaved draft")).to_have_count(0)
    expect(field).to_have_value("Typed but not saved")
    assert Report.objects.get(pk=report.pk).projected_impact == "Typed but not saved"


def test_deleting_an_activity_asks_first(live_server, new_page, report):
    target = factories.make_target(group=report.group, code="T-001")
    activity = factories.make_activity(report=report, target=target)
    factories.make_result(activity=activity)
    page = new_page()
    login(page, live_server, "ana", factories.PASSWORD)
    page.goto(f"{live_server.url}/reports/SMSG/2024-2025/activities/")
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_role("button", name="Delete T-001 Red List").click()
    expect(page.locator(f'[data-activity="{activity.pk}"]')).to_be_visible()
    assert report.activities.count() == 1

    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_role("button", name="Delete T-001 Red List").click()
    expect(page.get_by_text("Activity T-001 / Red List deleted with its results.")).to_be_visible()
    assert report.activities.count() == 0
    assert questions == ["Delete this activity and its 1 result? This cannot be undone."] * 2
