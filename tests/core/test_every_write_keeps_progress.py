"""Every write service keeps each report's stored progress (last edit, completeness, what is
missing: ssc_reports.entry.progress) equal to a fresh computation.

The services are those of tests/core/test_every_write_recorded.py (a new one fails its
enumeration test until it has a scenario there), plus the catalogue's writes that move or
rename what a report's progress shows. Each scenario's write leaves history rows, so a service
that forgets to call refresh_report_progress leaves at least one report's last edit behind
and fails here."""

import pytest

from activities import services as catalogue
from activities.models import ActivityCategory
from ssc_reports.entry.progress import refresh_report_progress, stale_report_progress
from ssc_reports.models import Report
from tests import factories
from tests.core.test_every_write_recorded import SCENARIOS, world  # noqa: F401 - fixture

CATALOGUE_SCENARIOS = {
    "activities.services.update_category",
    "activities.services.merge_category",
    "activities.services.merge_indicator",
}


def _catalogue(name, w):
    activity = w["activity"]
    if name == "activities.services.update_category":
        # An activity without results names its category in what the report lacks.
        activity.results.all().delete()
        category = activity.category
        return lambda: catalogue.update_category(
            category=category,
            by=w["staff"],
            name="Red List assessments (renamed)",
            definition=category.definition,
            provisional=category.provisional,
        )
    if name == "activities.services.merge_category":
        activity.results.all().delete()
        into = (
            ActivityCategory.objects.filter(component=activity.category.component, retired=False)
            .exclude(pk=activity.category_id)
            .order_by("pk")
            .first()
        )
        return lambda: catalogue.merge_category(
            category=activity.category, into=into, by=w["staff"]
        )
    result = activity.results.get()
    into = result.indicator
    moved = catalogue.propose_indicator(
        report=w["report"],
        category=activity.category,
        ksr=activity.ksr,
        text="Species assessed by the group",
        kind=into.kind,
        by=w["officer"],
    )
    result.indicator = moved
    result.save()
    return lambda: catalogue.merge_indicator(indicator=moved, into=into, by=w["staff"])


def test_the_check_catches_a_write_that_forgets_the_refresh(world):  # noqa: F811
    refresh_report_progress(everything=True)
    assert stale_report_progress() == {}
    factories.make_activity(report=world["report"], target=world["other"])

    assert list(stale_report_progress()) == [world["report"].pk]


@pytest.mark.parametrize("service", sorted(SCENARIOS) + sorted(CATALOGUE_SCENARIOS))
def test_write_service_keeps_stored_progress(service, world, django_capture_on_commit_callbacks):  # noqa: F811
    if service in CATALOGUE_SCENARIOS:
        write = _catalogue(service, world)
    else:
        write, _user = SCENARIOS[service](world)
    refresh_report_progress(everything=True)  # what the fixtures' factories wrote
    assert stale_report_progress() == {}

    with django_capture_on_commit_callbacks(execute=True):
        write()

    assert stale_report_progress() == {}
    assert not Report.objects.filter(last_edited_at=None).exists()
