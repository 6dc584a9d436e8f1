"""The record in a real browser: the officer changes statuses from the targets list (and
confirms last year's others with one click); the reviewer sees both labels in the timeline,
comments and returns; the officer replies and resolves the thread, resubmits; the reviewer
sees the reply and approves; both see "Approved"."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ssc_reports.entry.services import start_report
from ssc_reports.models import Report
from tests import factories
from tests.browser.conftest import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

COMMENT = "Is T-002 still only on track?"
REPLY = "Yes: the second survey starts in June."


@pytest.fixture
def world(transactional_db):
    group = factories.make_group(
        acronym="RECSG", name="IUCN SSC Record Specialist Group", mission="Keep them all."
    )
    factories.make_officer(group=group, name="Ada Chair")
    officer = factories.make_user(username="olga", email="olga@example.org")
    factories.make_member(group=group, user=officer)
    factories.make_user(username="sam", email="sam@example.org", staff=True)
    last = factories.make_report(
        group=group,
        period=factories.make_period(label="2023-2024"),
        status="approved",
        approved_pdf="approved/last-year.pdf",  # its final PDF is made (else groups lock)
    )
    t1 = factories.make_target(group=group, code="T-001", title="Assess every species")
    t2 = factories.make_target(group=group, code="T-002", title="Plan for every species")
    factories.set_status(report=last, target=t1, status="on_track")
    factories.set_status(report=last, target=t2, status="on_track")
    period = factories.make_period(deadline=timezone.localdate() + datetime.timedelta(days=30))
    report = start_report(group=group, period=period)
    report.projected_impact = "Every species assessed."
    report.save()
    activity = factories.make_activity(report=report, target=t1)
    factories.make_result(activity=activity, number=42, description="Forty-two assessments.")
    return {"report": report, "t1": t1, "t2": t2}


def test_record_walk(live_server, new_page, shot, world):
    base = f"{live_server.url}/reports/RECSG/2024-2025"
    review = f"{live_server.url}/staff/review/RECSG/2024-2025/"
    timeline = f"{live_server.url}/review/RECSG/2024-2025/timeline/"
    officer = new_page()
    staff = new_page()

    # The officer sees last year's statuses as such; changes one from the list, confirms
    # the other with one click.
    login(officer, live_server, "olga@example.org", factories.PASSWORD)
    officer.goto(f"{base}/targets/")
    expect(officer.locator("[data-from-last-year]")).to_have_count(2)
    officer.get_by_label("Status of T-001 in 2024-2025").select_option("achieved")
    officer.get_by_role("button", name="Save statuses").click()
    expect(officer.get_by_text("Statuses saved (1 changed).")).to_be_visible()
    expect(officer.locator("[data-from-last-year]")).to_have_count(1)
    officer.get_by_role("button", name="Confirm all statuses from last year").click()
    expect(officer.get_by_text("1 status from last year confirmed for 2024-2025.")).to_be_visible()
    expect(officer.locator("[data-from-last-year]")).to_have_count(0)
    shot(officer, "statuses-confirmed")
    officer.goto(f"{base}/submit/")
    officer.get_by_role("button", name="Submit the report").click()
    expect(officer.locator("#report-state")).to_have_attribute("data-state", "submitted")
    expect(officer.locator(".section-nav").get_by_role("link", name="Submit")).to_have_count(0)

    # The reviewer sees the status change in the timeline, in the users' words.
    login(staff, live_server, "sam", factories.PASSWORD)
    staff.goto(f"{timeline}?section=targets")
    change = staff.locator(".timeline-entry", has_text="Status of target T-001 changed").first
    expect(change.locator(".change-before")).to_have_text("On track")
    expect(change.locator(".change-after")).to_have_text("Achieved")
    expect(staff.locator("#timeline")).not_to_contain_text("Ksr")
    shot(staff, "timeline")

    # ... comments on the targets and returns the report.
    staff.goto(review)
    staff.get_by_label("Section").select_option("targets")
    staff.get_by_label("Comment").fill(COMMENT)
    staff.get_by_role("button", name="Add comment").click()
    expect(staff.get_by_text("Comment added.")).to_be_visible()
    staff.get_by_label("Reason (the group reads it)").fill("One question on the targets.")
    staff.get_by_role("button", name="Return to the group").click()
    expect(staff.locator("#report-status")).to_have_text("Returned")

    # The officer replies in the thread and marks it resolved.
    officer.goto(f"{base}/")
    expect(officer.locator('[data-open-threads="targets"]')).to_have_text("1 unresolved comment")
    officer.locator("#report-state").get_by_role("link", name="Targets").click()
    thread = officer.locator(".review-comment", has_text=COMMENT)
    thread.get_by_label("Reply to this comment").fill(REPLY)
    thread.get_by_role("button", name="Reply").click()
    expect(officer.get_by_text("Reply sent.")).to_be_visible()
    thread = officer.locator(".review-comment", has_text=COMMENT)
    expect(thread.locator(".comment-reply")).to_contain_text(REPLY)
    thread.get_by_role("button", name="Mark resolved").click()
    expect(officer.get_by_text("Thread marked resolved.")).to_be_visible()
    expect(officer.locator(".review-comment", has_text=COMMENT)).to_have_attribute(
        "data-resolved", "true"
    )
    shot(officer, "thread-resolved")
    officer.goto(f"{base}/submit/")
    officer.get_by_role("button", name="Submit the report").click()
    expect(officer.locator("#report-state")).to_have_attribute("data-state", "submitted")

    # The reviewer reads the reply and approves.
    staff.goto(review)
    expect(staff.locator("#section-targets .comment-reply")).to_contain_text(REPLY)
    staff.get_by_role("button", name="Approve").click()
    expect(staff.locator("#report-status")).to_have_text("Approved")
    shot(staff, "approved")

    # Both see "Approved".
    officer.goto(f"{base}/preview/")
    expect(officer.locator("#report-state")).to_contain_text("Approved by SSC.")
    expect(officer.locator("body")).not_to_contain_text("DRAFT")
    shot(officer, "approved-preview")
    staff.goto(timeline)
    expect(staff.locator("#timeline")).to_contain_text("Submitted → Approved")
    assert Report.objects.get(pk=world["report"].pk).status == Report.Status.APPROVED
