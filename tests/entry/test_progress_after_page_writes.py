"""A report's stored progress (ssc_reports.entry.progress) follows each kind of write made
through the officers' pages and the admin: after every save it equals a fresh computation, its
completeness climbs section by section and its last edit is the write's history row."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity, Result
from groups.models import Group, Officer
from ssc_reports.entry.progress import refresh_report_progress, stale_report_progress
from ssc_reports.models import Photo, Report
from targets.models import Target
from tests import factories


def url(report, name, *args):
    return reverse(f"reports:{name}", args=[report.group.acronym, report.period.label, *args])


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def _posted(client, address, data):
    response = client.post(address, data)
    assert response.status_code == 302, response.content.decode()[:1500]
    assert stale_report_progress() == {}
    return Report.objects.get()


def test_progress_follows_every_section_saved_from_the_pages(officer_client, report):
    refresh_report_progress(everything=True)  # the factory's report
    report.refresh_from_db()
    assert report.completeness == 0
    assert report.missing == [  # stored as keys, written in the viewer's language when shown
        {"key": "mission_empty", "params": {}},
        {"key": "no_officer", "params": {}},
        {"key": "impact_empty", "params": {}},
        {"key": "no_target", "params": {}},
        {"key": "no_activity", "params": {}},
    ]

    group = _posted(
        officer_client,
        url(report, "group"),
        {"version": report.group.version, "mission": "Conserve small mammals.",
         "members_count": "", "website": "", "social_links": "",
         "officers-TOTAL_FORMS": "1", "officers-INITIAL_FORMS": "0",
         "officers-MIN_NUM_FORMS": "0", "officers-MAX_NUM_FORMS": "1000",
         "officers-0-name": "Ann Chair", "officers-0-role": "chair", "officers-0-order": "1"},
    )  # fmt: skip
    assert (group.completeness, group.last_edited_at) == (
        25,
        Officer.history.latest("history_date").history_date,  # saved after the group's row
    )
    assert group.last_edited_at > Group.history.earliest("history_date").history_date

    impact = _posted(
        officer_client, url(report, "impact"), {"version": 1, "projected_impact": "More."}
    )
    assert impact.completeness == 50
    assert impact.last_edited_at > group.last_edited_at

    targets = _posted(
        officer_client,
        url(report, "target_add"),
        {"code": "T-001", "component": "assess", "title": "Publish assessments",
         "regions": [], "status": "on_track"},
    )  # fmt: skip
    assert targets.completeness == 75
    assert targets.missing == [{"key": "no_activity", "params": {}}]

    target = Target.objects.get(code="T-001")
    indicator = factories.indicator("Number of new global Red List assessments completed")
    activities = _posted(
        officer_client,
        url(report, "activity_add", target.pk),
        {"category": factories.category("Red List").pk, "ksr": factories.ksr(6).pk,
         "results-TOTAL_FORMS": "1", "results-INITIAL_FORMS": "0",
         "results-MIN_NUM_FORMS": "0", "results-MAX_NUM_FORMS": "1000",
         "results-0-indicator": indicator.pk, "results-0-value_number": "25"},
    )  # fmt: skip
    assert (activities.completeness, activities.missing) == (100, [])
    assert activities.last_edited_at == Result.history.latest("history_date").history_date

    photo = _posted(
        officer_client,
        url(report, "photos"),
        {"image": SimpleUploadedFile("p.png", factories.png_bytes(), "image/png"),
         "caption": "c", "credit": ""},
    )  # fmt: skip
    assert photo.last_edited_at == Photo.history.latest("history_date").history_date
    assert photo.last_edited_at > activities.last_edited_at

    activity = Activity.objects.get()
    deleted = _posted(
        officer_client, url(report, "activity_delete", activity.pk), {"version": activity.version}
    )
    assert (deleted.completeness, deleted.missing) == (75, [{"key": "no_activity", "params": {}}])
