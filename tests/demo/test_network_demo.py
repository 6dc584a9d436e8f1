"""`load_demo --network`: 200 made-up groups of every kind beside SMSG, three approved periods
of history and this period's reports in every state; idempotent; refused without DEBUG."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count

from activities.models import Result
from groups.models import Group, GroupKind, Membership
from ssc_reports.demo.network import CURRENT_PERIOD, HISTORY_PERIODS, network_acronyms
from ssc_reports.entry.progress import stale_report_progress
from ssc_reports.models import DeadlineExtension, Report, ReportEvent, ReviewComment
from targets.models import Component, Region, Target, TargetStatus


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Group, Report, Target, TargetStatus, Result, ReportEvent, ReviewComment)
    }


@pytest.mark.django_db(transaction=False)
def test_load_demo_network_builds_every_kind_and_state_once(settings):
    settings.DEBUG = True
    out = io.StringIO()

    call_command("load_demo", "--network", stdout=out)

    assert "Created the demo network: 200 groups, 770 reports." in out.getvalue()
    network = Group.objects.filter(acronym__in=network_acronyms())
    assert network.count() == 200
    assert Group.objects.filter(acronym="SMSG").exists()
    assert set(network.values_list("kind", flat=True)) == set(GroupKind.values)
    # Every group of the network has a log-in of its own, with the demo password.
    assert Membership.objects.filter(group__in=network).values("group").distinct().count() == 200
    officer = get_user_model().objects.get(username="officer-birrla")
    assert officer.check_password("demo-password")
    assert list(officer.memberships.values_list("group__acronym", flat=True)) == ["BIRRLA"]

    by_period = {
        (row["period__label"], row["status"]): row["n"]
        for row in Report.objects.filter(group__in=network)
        .values("period__label", "status")
        .annotate(n=Count("pk"))
    }
    for label in HISTORY_PERIODS:
        assert by_period[(label, Report.Status.APPROVED)] == 200
    current = {status: by_period.get((CURRENT_PERIOD, status), 0) for status in Report.Status}
    assert current == {"approved": 40, "submitted": 40, "returned": 20, "draft": 70}
    assert 200 - sum(current.values()) == 30  # not started
    returned = Report.objects.filter(period__label=CURRENT_PERIOD, status="returned")
    assert ReviewComment.objects.filter(report__in=returned).count() == 20
    assert ReportEvent.objects.filter(report__in=returned, new_status="returned").count() == 20
    submitted = Report.objects.filter(period__label=CURRENT_PERIOD, status="submitted")
    assert ReportEvent.objects.filter(report__in=submitted, snapshot__isnull=True).count() == 0
    assert DeadlineExtension.objects.filter(report__status="draft").exists()

    # Targets in every component and region; results in every history period.
    targets = Target.objects.filter(group__in=network)
    assert set(targets.values_list("component", flat=True)) == set(Component.values)
    assert set(targets.values_list("regions", flat=True)) == set(
        Region.objects.values_list("pk", flat=True)
    )
    for label in [*HISTORY_PERIODS, CURRENT_PERIOD]:
        assert Result.objects.filter(activity__report__period__label=label).count() > 500
    assert (
        Report.history.filter(group__in=network).count()
        == Report.objects.filter(group__in=network).count()
    )
    # Bulk-created without the write services, the reports' stored progress is set anyway.
    assert stale_report_progress() == {}
    assert Report.objects.filter(completeness=100).count() > 700

    before = counts()
    again = io.StringIO()
    call_command("load_demo", "--network", stdout=again)

    assert "The demo network is already loaded; nothing changed." in again.getvalue()
    assert counts() == before


def test_load_demo_network_refused_without_debug(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only runs with DEBUG=true"):
        call_command("load_demo", "--network", stdout=io.StringIO())

    assert Group.objects.count() == 0
