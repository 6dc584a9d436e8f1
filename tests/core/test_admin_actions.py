"""Admin actions write through the services, so they leave the same history as the staff pages."""

from django.urls import reverse

from activities.models import CatalogueChange, Indicator
from activities.services import propose_indicator
from tests import factories


def test_mark_reviewed_in_the_admin_writes_one_catalogue_entry_per_waiting_indicator(client, db):
    admin = factories.make_user(username="admin", staff=True, is_superuser=True)
    report = factories.make_report()
    waiting = propose_indicator(
        report=report,
        category=factories.category("Membership"),
        ksr=factories.ksr(2),
        text="Number of new members from Africa",
        kind="quantitative",
        by=None,
    )
    reviewed = factories.indicator("Number of SSC members recruited")  # standard: nothing to review
    client.force_login(admin)

    response = client.post(
        reverse("admin:activities_indicator_changelist"),
        {"action": "mark_reviewed", "_selected_action": [waiting.pk, reviewed.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "1 indicator marked as reviewed." in response.content.decode()
    assert Indicator.objects.get(pk=waiting.pk).needs_review is False
    entry = CatalogueChange.objects.get(action=CatalogueChange.Action.EDITED)
    assert (entry.by, entry.indicator, entry.summary, entry.changes) == (
        admin,
        waiting,
        "Reviewed “Number of new members from Africa” and kept it as it is.",
        [["waiting_for_review", {"word": "yes"}, {"word": "no"}]],
    )
    assert (entry.summary_key, entry.summary_params) == (
        "reviewed",
        {"text": "Number of new members from Africa"},
    )
