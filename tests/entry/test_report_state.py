"""The report's state is told once and truthfully: one banner for state and lock; an approved
report shows its approved PDF and no draft wording; the Submit tab only when submitting is
possible."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from ssc_reports.models import Report

PAGES = ["", "group/", "impact/", "targets/", "activities/", "photos/", "preview/", "submit/"]
BASE = "/reports/TSG/2024-2025/"


def _set_status(report, status):
    Report.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()


def _banners(html: str) -> int:
    return html.count('role="region" aria-label="State of the report"') + html.count(
        'role="status" data-lock-state'
    )


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "approved"])
@pytest.mark.parametrize("page", PAGES)
def test_one_banner_tells_state_and_lock(client, report, officer, status, page):
    _set_status(report, status)
    client.force_login(officer)

    html = client.get(BASE + page).content.decode()

    assert _banners(html) == 1
    assert f'data-state="{status}"' in html


def test_approved_preview_has_no_draft_wording_and_offers_the_approved_pdf(client, report, officer):
    _set_status(report, "approved")
    report.approved_pdf.save("approved.pdf", ContentFile(b"%PDF-1.7"), save=True)
    client.force_login(officer)

    html = client.get(BASE + "preview/").content.decode()

    text = re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", "", html, flags=re.S))
    assert "DRAFT" not in html
    assert "draft" not in text.lower()
    assert "Approved by SSC." in html
    assert 'href="/review/TSG/2024-2025/approved.pdf"' in html
    assert "Download the approved PDF" in html


def test_draft_preview_says_draft(client, report, officer):
    client.force_login(officer)

    html = client.get(BASE + "preview/").content.decode()

    assert "DRAFT</span> This is how the report reads now." in html


@pytest.mark.parametrize(
    ("status", "shown"),
    [("draft", True), ("returned", True), ("submitted", False), ("approved", False)],
)
def test_submit_tab_only_when_submitting_is_possible(client, report, officer, status, shown):
    _set_status(report, status)
    client.force_login(officer)

    html = client.get(BASE).content.decode()

    assert (f'href="{BASE}submit/">Submit</a>' in html) is shown


def test_submit_tab_hidden_after_the_deadline(client, report, officer):
    period = report.period
    period.submission_deadline = timezone.localdate() - datetime.timedelta(days=1)
    period.save()
    client.force_login(officer)

    html = client.get(BASE).content.decode()

    assert f'href="{BASE}submit/">Submit</a>' not in html
    assert "The deadline" in html and "has passed: editing is locked." in html
    assert _banners(html) == 1


def test_submit_tab_hidden_for_staff(client, report, staff_user):
    client.force_login(staff_user)

    html = client.get(BASE).content.decode()

    assert f'href="{BASE}submit/">Submit</a>' not in html
    assert "Staff see reports read-only" in html
