import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from groups.models import Membership
from ssc_reports.models import Plan, PlannedTarget, PlanningRound, Report
from targets.models import KSR


def full_dump() -> str:
    buffer = io.StringIO()
    call_command("dumpdata", stdout=buffer)
    return buffer.getvalue()


def test_load_demo_creates_report_and_accounts(db, settings):
    settings.DEBUG = True
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    report = Report.objects.get(group__acronym="SMSG", period__label="2024-2025")
    assert report.status == Report.Status.DRAFT
    users = get_user_model().objects
    officer = users.get(username="smsg-officer")
    assert officer.email == "smsg-officer@example.org"
    assert officer.check_password("demo-password")
    assert (officer.is_staff, officer.is_superuser) == (False, False)
    membership = Membership.objects.get(user=officer)
    assert (membership.group.acronym, membership.role) == ("SMSG", "programme_officer")
    staff = users.get(username="ssc-staff")
    assert (staff.is_staff, staff.is_superuser) == (True, True)
    assert staff.check_password("demo-password")
    assert out.getvalue().endswith(
        "Demo log-ins (password for both: demo-password):\n"
        "  smsg-officer   programme officer of SMSG\n"
        "  ssc-staff      SSC staff reviewer, admin access\n\n"
    )


def test_load_demo_twice_changes_nothing(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    dump_once = full_dump()
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    assert full_dump() == dump_once
    assert out.getvalue().startswith("The demo data is already loaded; nothing changed.\n")


def test_load_demo_keeps_edits_to_the_demo_report(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    Report.objects.update(acknowledgements="Edited in the demo.")

    call_command("load_demo", stdout=io.StringIO())

    assert Report.objects.get().acknowledgements == "Edited in the demo."


def test_load_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    dump_before = full_dump()

    with pytest.raises(CommandError) as info:
        call_command("load_demo", stdout=io.StringIO())

    assert str(info.value) == (
        "load_demo only runs with DEBUG=true: demo accounts never exist in production."
    )
    assert full_dump() == dump_before
    assert not get_user_model().objects.exists()


def test_load_demo_opens_planning_with_the_smsg_plan_in_draft(db, settings, mailoutbox):
    settings.DEBUG = True
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    assert "planning round 2026-2029, SMSG plan (draft)." in out.getvalue()
    planning = PlanningRound.objects.get(quadrennium__label="2026-2029")
    staff = get_user_model().objects.get(username="ssc-staff")
    officer = get_user_model().objects.get(username="smsg-officer")
    assert (planning.previous.label, planning.opened_by) == ("2021-2025", staff)
    assert (planning.quadrennium.start, planning.quadrennium.end) == (
        datetime.date(2026, 1, 1),
        datetime.date(2029, 12, 31),
    )
    assert planning.deadline == timezone.localdate() + datetime.timedelta(days=60)
    # open_quadrennium's copy: the same KSR numbers as 2021-2025.
    assert list(planning.quadrennium.ksrs.values_list("number", flat=True)) == list(
        KSR.objects.filter(quadrennium=planning.previous).values_list("number", flat=True)
    )
    plan = Plan.objects.get(planning=planning, group__acronym="SMSG")
    assert plan.status == Plan.Status.DRAFT
    assert plan.projected_impact.startswith("By 2029 the IUCN SSC Small Mammal Specialist Group")
    targets = list(plan.targets.order_by("code"))
    assert [t.code for t in targets] == ["T-001", "T-002", "T-003"]
    assert [t.carried_from is not None for t in targets] == [False, False, True]
    carried = targets[2]
    assert carried.carried_from.quadrennium.label == "2021-2025"
    assert carried.title == carried.carried_from.title
    assert all(t.ksr.quadrennium_id == planning.quadrennium_id for t in targets)
    assert all(t.regions.exists() for t in targets)
    # Written by the officer through the services: events and history name the officer.
    assert list(plan.events.values_list("by__username", "old_status", "new_status")) == [
        ("smsg-officer", "not_started", "draft")
    ]
    assert set(
        PlannedTarget.history.filter(plan_id=plan.pk).values_list("history_user", flat=True)
    ) == {officer.pk}
    assert mailoutbox == []
    # The officer sees the plan filled in.
    client = Client()
    client.force_login(officer)
    page = client.get(plan.get_absolute_url())
    assert page.status_code == 200
    assert carried.title in page.content.decode()


def test_load_demo_keeps_an_edited_plan(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    Plan.objects.filter(group__acronym="SMSG").update(mission="Edited in the demo.")

    call_command("load_demo", stdout=io.StringIO())

    assert PlanningRound.objects.count() == 1
    plan = Plan.objects.get(group__acronym="SMSG")
    assert (plan.mission, plan.targets.count()) == ("Edited in the demo.", 3)
