import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from groups.models import Membership
from ssc_reports.models import Report


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
