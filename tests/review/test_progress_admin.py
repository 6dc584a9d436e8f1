"""The admin's writes refresh the reports' stored progress as the services do
(ssc_reports.entry.progress.RefreshProgressAdmin)."""

import pytest

from ssc_reports.entry.progress import refresh_report_progress, stale_report_progress
from targets.models import Target
from tests import factories


@pytest.fixture
def admin_client_(client, db):
    client.force_login(factories.make_user(staff=True, is_superuser=True))
    return client


def test_admin_deletions_refresh_progress(admin_client_, complete_report):
    refresh_report_progress(everything=True)
    activity = complete_report.activities.get()

    response = admin_client_.post(
        f"/admin/activities/activity/{activity.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert stale_report_progress() == {}
    complete_report.refresh_from_db()
    assert (complete_report.completeness, complete_report.missing) == (
        75,
        [{"key": "no_activity", "params": {}}],
    )
    response = admin_client_.post(
        "/admin/targets/target/",
        {
            "action": "delete_selected",
            "_selected_action": [t.pk for t in Target.objects.all()],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert stale_report_progress() == {}
    complete_report.refresh_from_db()
    assert complete_report.missing == [
        {"key": "no_target", "params": {}},
        {"key": "no_activity", "params": {}},
    ]
