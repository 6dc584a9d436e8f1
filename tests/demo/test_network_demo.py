"""`load_demo --network`: 200 made-up groups of every kind beside SMSG, three approved periods
of history and this period's reports in every state; idempotent; refused without DEBUG."""

import io
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import Client

from activities.models import Result
from groups.models import Group, GroupKind, Membership
from ssc_reports.demo.network import CURRENT_PERIOD, HISTORY_PERIODS, network_acronyms
from ssc_reports.demo.plans import LABEL as PLANNING_LABEL
from ssc_reports.demo.plans import RETURN_REASON
from ssc_reports.entry.progress import stale_report_progress
from ssc_reports.models import (
    DeadlineExtension,
    Plan,
    PlanEvent,
    PlannedTarget,
    PlanningRound,
    Report,
    ReportEvent,
    ReviewComment,
)
from targets.models import Component, Region, Target, TargetStatus


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            Group,
            Report,
            Target,
            TargetStatus,
            Result,
            ReportEvent,
            ReviewComment,
            Plan,
            PlannedTarget,
            PlanEvent,
        )
    }


@pytest.mark.django_db(transaction=False)
def test_load_demo_network_builds_every_kind_and_state_once(settings, mailoutbox):
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

    assert_plans_in_every_state(out.getvalue())
    assert mailoutbox == []  # the demo writes through the services without their e-mails

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


def assert_plans_in_every_state(output: str) -> None:
    """2026-2029 planning after `load_demo --network`: the staff round page's totals, the
    overview's shares, and what the planning services wrote for each state."""
    assert (
        "Plans for 2026-2029: 100 not started, 30 draft, 30 submitted, 10 returned, "
        "30 approved." in output
    )
    planning = PlanningRound.objects.get(quadrennium__label=PLANNING_LABEL)
    staff = get_user_model().objects.get(username="ssc-staff")
    client = Client()
    client.force_login(staff)

    page = client.get(f"/staff/plans/{PLANNING_LABEL}/")

    assert page.status_code == 200
    # SMSG's draft (the plain demo's) beside the network's 200 plans.
    assert {key: count for _label, key, count in page.context["totals"]} == {
        "not_started": 100,
        "draft": 31,
        "submitted": 30,
        "returned": 10,
        "approved": 30,
    }
    html = page.content.decode()
    assert 'Not started: <strong data-state-total="not_started">100</strong>' in html
    assert 'Approved: <strong data-state-total="approved">30</strong>' in html
    # every group's plan in pages of 25: 201 groups, 9 pages
    assert (page.context["page"].paginator.count, len(page.context["rows"])) == (201, 25)
    assert page.context["page"].paginator.num_pages == 9
    returned = client.get(f"/staff/plans/{PLANNING_LABEL}/", {"status": "returned"})
    assert [row.state for row in returned.context["rows"]] == ["returned"] * 10
    assert {row.reason for row in returned.context["rows"]} == {RETURN_REASON}

    # The overview counts the submitted and approved plans' targets, in shares of 100 %.
    overview = page.context["overview"]
    counted = PlannedTarget.objects.filter(
        plan__planning=planning, plan__status__in=["submitted", "approved"]
    )
    assert overview.total == counted.count() > 100
    assert overview.groups == 60
    assert sum(row.count for row in overview.by_component) == overview.total
    assert sum(row.share for row in overview.by_component) == Decimal("100.00")
    assert all(row.count > 0 and row.share > 0 for row in overview.by_component)
    assert all(row.previous_share > 0 for row in overview.by_component)
    assert sum(row.share for row in overview.by_kind) == Decimal("100.00")
    assert sum(row.count for row in overview.by_region) >= overview.total

    plans = Plan.objects.filter(planning=planning, group__acronym__in=network_acronyms())
    # Not started: untouched. Every other plan: texts, 2 or 3 new targets, each with a region.
    assert set(
        plans.filter(status="not_started").annotate(n=Count("targets")).values_list("n", "version")
    ) == {(0, 1)}
    started = plans.exclude(status="not_started")
    assert all(plan.projected_impact.startswith("By 2029") for plan in started)
    new_targets = Counter(
        PlannedTarget.objects.filter(plan__in=started, carried_from=None).values_list(
            "plan_id", flat=True
        )
    )
    assert set(new_targets.values()) == {2, 3}
    assert not PlannedTarget.objects.filter(plan__in=started, regions=None).exists()
    # Every draft carries one unfinished 2021-2025 target forward.
    drafts = plans.filter(status="draft")
    carried = PlannedTarget.objects.filter(plan__in=drafts).exclude(carried_from=None)
    assert carried.count() == 30
    assert set(carried.values_list("carried_from__quadrennium__label", flat=True)) == {"2021-2025"}
    # The events of each state, by the group's officer or the staff reviewer.
    events = Counter(
        (event.old_status, event.new_status, event.by.username.startswith("officer-"))
        for event in PlanEvent.objects.filter(plan__in=plans).select_related("by")
    )
    assert events == {
        ("not_started", "draft", True): 100,
        ("draft", "submitted", True): 70,
        ("submitted", "returned", False): 10,
        ("submitted", "approved", False): 30,
    }
    # Approval made each approved plan's targets the group's targets of 2026-2029.
    approved = plans.filter(status="approved")
    assert Target.objects.filter(quadrennium=planning.quadrennium).count() == (
        PlannedTarget.objects.filter(plan__in=approved).count()
    )
    # History rows name the user who wrote.
    assert not PlannedTarget.history.filter(
        plan_id__in=list(started.values_list("pk", flat=True)), history_user=None
    ).exists()
    assert stale_report_progress() == {}
