"""Demo data for local use: the SMSG 2024-2025 report and two demo accounts.

Only for DEBUG set-ups (`make run`); never run by migrations or in production."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from groups.models import Group, Membership, Role
from ssc_reports.demo.plans import LABEL as PLANNING_LABEL
from ssc_reports.demo.plans import demo_planning_round, load_smsg_plan
from ssc_reports.interchange.importer import import_report
from ssc_reports.models import Report

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo" / "smsg-2024-2025"
DEMO_PASSWORD = "demo-password"
DEMO_ACCOUNTS = [
    ("smsg-officer", "smsg-officer@example.org", "programme officer of SMSG"),
    ("ssc-staff", "ssc-staff@example.org", "SSC staff reviewer, admin access"),
]


@transaction.atomic
def load_demo() -> dict:
    """Import the SMSG demo report unless it exists, and create the demo accounts if missing.

    Side effects: a group, targets, report, images (on first run), two users, a membership;
    unless it exists, the 2026-2029 planning round (demo.plans) with SMSG's plan in draft.
    An existing demo report or planning round is left as it is, so edits made in the demo
    are kept.
    Returns {"report": Report, "created": [names of what was created]}."""
    created = []
    report = Report.objects.filter(group__acronym="SMSG", period__label="2024-2025").first()
    if report is None:
        report = import_report(DEMO_DIR / "report.json")
        created.append(f"report {report}")
    group = Group.objects.get(acronym="SMSG")
    users = get_user_model().objects
    officer = users.filter(username="smsg-officer").first()
    if officer is None:
        officer = users.create_user(
            username="smsg-officer", email="smsg-officer@example.org", password=DEMO_PASSWORD
        )
        created.append("user smsg-officer")
    _, made = Membership.objects.get_or_create(
        user=officer, group=group, defaults={"role": Role.PROGRAMME_OFFICER}
    )
    if made:
        created.append("membership smsg-officer in SMSG")
    staff = users.filter(username="ssc-staff").first()
    if staff is None:
        staff = users.create_superuser(
            username="ssc-staff", email="ssc-staff@example.org", password=DEMO_PASSWORD
        )
        created.append("user ssc-staff")
    planning, opened = demo_planning_round(staff=staff, today=timezone.localdate())
    if opened:
        created.append(f"planning round {PLANNING_LABEL}")
        load_smsg_plan(planning=planning, officer=officer)
        created.append("SMSG plan (draft)")
    return {"report": report, "created": created}
