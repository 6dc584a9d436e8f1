"""Every write service leaves history: who, when, before and after.

The test enumerates the public functions of the modules that write (WRITE_MODULES). Each one
is either exercised by a scenario below or listed in NOT_WRITES with the reason; a new
function fails `test_every_write_service_is_enumerated` until it is placed. Each scenario then
runs its service and checks, for every model with history, that the latest historical row of
every object equals the object as stored (a queryset `update()` or `bulk_create()` that
bypasses django-simple-history leaves them apart), that deleted objects have a deletion row,
and that the new history rows name the user who made the write.
"""

import datetime
import inspect
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone
from simple_history.models import HistoricalChanges, registered_models

from groups.models import Membership
from ssc_reports.models import Report, ReviewComment
from ssc_reports.models.review import Section
from targets.models import Region, Target, TargetStatus
from tests import factories

WRITE_MODULES = [
    "ssc_reports.entry.services",
    "ssc_reports.review.workflow",
    "ssc_reports.review.comments",
    "ssc_reports.review.lock",
    "ssc_reports.review.memberships",
    "ssc_reports.review.invitations",
    "ssc_reports.interchange.importer",
    "groups.preferences",
    "ssc_reports.planning.services",
]

# Functions of WRITE_MODULES that write nothing themselves, and why.
NOT_WRITES = {
    "ssc_reports.entry.services.claim_version": "bumps the version inside save_with_version, "
    "whose save writes the history row (scenario save_with_version)",
    "ssc_reports.entry.services.fingerprint": "reads",
    "ssc_reports.entry.services.target_in_use": "reads",
    "ssc_reports.review.comments.section_url": "reads",
    "ssc_reports.review.comments.comment_url": "reads",
    "ssc_reports.review.comments.comment_threads": "reads",
    "ssc_reports.review.comments.commented_sections": "reads",
    "ssc_reports.review.comments.open_thread_counts": "reads",
    "ssc_reports.review.lock.effective_deadline": "reads",
    "ssc_reports.review.lock.report_lock_state": "reads",
    "ssc_reports.review.lock.deadline_lock_state": "reads",
    "ssc_reports.review.lock.is_overdue": "reads",
    "ssc_reports.review.lock.can_edit_report": "reads",
    "ssc_reports.review.invitations.invitation_url": "reads",
    "groups.preferences.saved_language": "reads",
    "ssc_reports.planning.services.copy_reference_data": "copies KSRs, categories and "
    "indicators, tables without history; part of open_quadrennium (scenario)",
    "ssc_reports.planning.services.plan_lock_state": "reads",
    "ssc_reports.planning.services.can_edit_plan": "reads",
    "ssc_reports.planning.services.next_code": "reads",
    "ssc_reports.planning.services.latest_statuses": "reads",
    "ssc_reports.planning.services.carryable_targets": "reads",
    "ssc_reports.planning.services.plan_checklist": "reads",
    "ssc_reports.review.invitations.accept_invitation": "sets the user's own password and "
    "activates the account: Django's auth table, no report data (passwords are never recorded)",
}


def _history_models():
    return [m for m in apps.get_models() if m in set(registered_models.values())]


def _compared_fields(model):
    historical = model.history.model
    names = {f.name for f in historical._meta.concrete_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.name in names and f.attname in {hf.attname for hf in historical._meta.concrete_fields}
    ]


def history_disagreements() -> list[str]:
    """Every object whose stored row differs from its latest history row, or that vanished
    without a deletion row."""
    problems = []
    for model in _history_models():
        fields = _compared_fields(model)
        latest = {}
        for record in model.history.order_by("history_date", "history_id"):
            latest[record.id] = record
        live = {obj.pk: obj for obj in model._default_manager.all()}
        for pk, obj in live.items():
            record = latest.get(pk)
            if record is None or record.history_type == "-":
                problems.append(f"{model.__name__} {pk}: no history row")
                continue
            for f in fields:
                if f.attname == "id":
                    continue
                now, then = getattr(obj, f.attname), getattr(record, f.attname)
                if hasattr(now, "name") and not isinstance(now, str):
                    now, then = now.name, getattr(then, "name", then)
                if now != then:
                    problems.append(f"{model.__name__} {pk}.{f.name}: {then!r} in history, {now!r}")
        for pk, record in latest.items():
            if pk not in live and record.history_type != "-":
                problems.append(f"{model.__name__} {pk}: deleted without a history row")
    return problems


def _history_ids():
    return {
        model: set(model.history.values_list("history_id", flat=True))
        for model in _history_models()
    }


def _new_history(before):
    rows = []
    for model, ids in before.items():
        rows += list(model.history.exclude(history_id__in=ids))
    return rows


# -- scenarios: each returns (callable that writes, the user it writes as) ---------------


@pytest.fixture
def world(db, settings, tmp_path):
    """A group with an officer, staff, a previous report and a current draft report."""
    settings.MEDIA_ROOT = tmp_path / "media"
    group = factories.make_group(acronym="REC", name="IUCN SSC Record Specialist Group")
    officer = factories.make_member(group=group, user=factories.make_user(username="recorder"))
    staff = factories.make_user(username="reviewer", staff=True)
    previous = factories.make_report(
        group=group,
        period=factories.make_period(label="2023-2024"),
        status=Report.Status.APPROVED,
    )
    report = factories.make_report(
        group=group,
        period=factories.make_period(
            label="2024-2025", deadline=timezone.localdate() + datetime.timedelta(days=30)
        ),
    )
    target = factories.make_target(group=group, code="T-001")
    other = factories.make_target(group=group, code="T-002")
    factories.set_status(report=previous, target=target, status="on_track")
    factories.set_status(report=report, target=target, status="on_track")
    activity = factories.make_activity(report=report, target=target)
    factories.make_result(activity=activity, number=3)
    photo = factories.make_photo(report=report)
    return {
        "group": group,
        "officer": officer,
        "staff": staff,
        "previous": previous,
        "report": report,
        "target": target,
        "other": other,
        "activity": activity,
        "photo": photo,
    }


def _submitted(w):
    Report.objects.filter(pk=w["report"].pk).update(status=Report.Status.SUBMITTED)
    Report.history.filter(id=w["report"].pk).update(status=Report.Status.SUBMITTED)
    w["report"].refresh_from_db()


def _approved(w):
    Report.objects.filter(pk=w["report"].pk).update(status=Report.Status.APPROVED)
    Report.history.filter(id=w["report"].pk).update(status=Report.Status.APPROVED)
    w["report"].refresh_from_db()


def _comment(w):
    from ssc_reports.review.comments import add_review_comment

    return add_review_comment(
        report=w["report"], by=w["staff"], section=Section.TARGETS, text="Check T-001."
    )


def _services():
    e = import_module("ssc_reports.entry.services")
    wf = import_module("ssc_reports.review.workflow")
    c = import_module("ssc_reports.review.comments")
    lock = import_module("ssc_reports.review.lock")
    m = import_module("ssc_reports.review.memberships")
    imp = import_module("ssc_reports.interchange.importer")
    return e, wf, c, lock, m, imp


def _scenarios():
    e, wf, c, lock, m, imp = _services()

    def start_report(w):
        period = factories.make_period(label="2025-2026")
        return lambda: e.start_report(group=w["group"], period=period, by=w["officer"]), w[
            "officer"
        ]

    def save_with_version(w):
        group = w["group"]

        def save():
            group.mission = "A new mission."
            group.save()

        return lambda: e.save_with_version(instance=group, version=group.version, save=save), None

    def save_new_part(w):
        return lambda: e.save_new_part(
            report=w["report"], save=lambda: factories.make_photo(report=w["report"])
        ), None

    def set_target_status(w):
        return lambda: e.set_target_status(
            report=w["report"], target=w["target"], status="achieved", by=w["officer"]
        ), w["officer"]

    def set_target_statuses(w):
        return lambda: e.set_target_statuses(
            report=w["report"],
            changes={w["target"].pk: ("on_track", "achieved"), w["other"].pk: ("", "on_track")},
            by=w["officer"],
        ), w["officer"]

    def confirm_target_statuses(w):
        TargetStatus.objects.filter(report=w["report"]).update(confirmed=False)
        TargetStatus.history.filter(report_id=w["report"].pk).update(confirmed=False)
        return lambda: e.confirm_target_statuses(report=w["report"], by=w["officer"]), w["officer"]

    def retire_target(w):
        return lambda: e.retire_target(target=w["target"], by=w["officer"]), w["officer"]

    def reinstate_target(w):
        Target.objects.filter(pk=w["other"].pk).update(retired=True)
        Target.history.filter(id=w["other"].pk).update(retired=True)
        return lambda: e.reinstate_target(target=w["other"], by=w["officer"]), w["officer"]

    def delete_target(w):
        return lambda: e.delete_target(target=w["other"], by=w["officer"]), w["officer"]

    def delete_activity(w):
        return lambda: e.delete_activity(activity=w["activity"], by=w["officer"]), w["officer"]

    def delete_photo(w):
        return lambda: e.delete_photo(photo=w["photo"], by=w["officer"]), w["officer"]

    def set_pdf_language(w):
        return lambda: e.set_pdf_language(report=w["report"], language="fr", by=w["officer"]), w[
            "officer"
        ]

    def save_language(w):
        from groups.preferences import save_language as save

        # Both writes: the first choice creates the preference, the second changes it.
        def choose():
            save(user=w["officer"], language="es")
            save(user=w["officer"], language="fr")

        return choose, w["officer"]

    def submit_report(w):
        return lambda: wf.submit_report(report=w["report"], by=w["officer"]), w["officer"]

    def return_report(w):
        _submitted(w)
        return lambda: wf.return_report(report=w["report"], by=w["staff"], reason="Fix."), w[
            "staff"
        ]

    def approve_report(w):
        _submitted(w)
        return lambda: wf.approve_report(report=w["report"], by=w["staff"]), w["staff"]

    def reopen_report(w):
        _approved(w)
        return lambda: wf.reopen_report(report=w["report"], by=w["staff"], reason="Again."), w[
            "staff"
        ]

    def add_review_comment(w):
        return lambda: _comment(w), w["staff"]

    def reply_to_comment(w):
        comment = _comment(w)
        return lambda: c.reply_to_comment(comment=comment, by=w["officer"], text="Done."), w[
            "officer"
        ]

    def resolve_review_comment(w):
        comment = _comment(w)
        return lambda: c.resolve_review_comment(comment=comment, by=w["officer"]), w["officer"]

    def grant_extension(w):
        until = w["report"].period.submission_deadline + datetime.timedelta(days=10)
        return lambda: lock.grant_extension(report=w["report"], by=w["staff"], until=until), w[
            "staff"
        ]

    def revoke_extension(w):
        until = w["report"].period.submission_deadline + datetime.timedelta(days=10)
        lock.grant_extension(report=w["report"], by=w["staff"], until=until)
        return lambda: lock.revoke_extension(report=w["report"], by=w["staff"]), w["staff"]

    def open_period(w):
        return lambda: m.open_period(
            label="2025-2026",
            start=datetime.date(2025, 1, 1),
            end=datetime.date(2025, 12, 31),
            submission_deadline=None,
            by=w["staff"],
        ), w["staff"]

    def ensure_reports(w):
        factories.make_group(acronym="NEW", name="IUCN SSC New Specialist Group")
        period = w["report"].period
        return lambda: m.ensure_reports(period=period, by=w["staff"]), w["staff"]

    def add_member(w):
        return lambda: m.add_member(group=w["group"], email="new@example.org", by=w["staff"]), w[
            "staff"
        ]

    def remove_member(w):
        membership = Membership.objects.get(group=w["group"])
        return lambda: m.remove_member(membership=membership, by=w["staff"]), w["staff"]

    def import_report(w):
        return lambda: imp.import_report(factories.SMSG_DEMO_DIR / "report.json"), None

    return (
        {
            "ssc_reports.entry.services." + f.__name__: f
            for f in (
                start_report,
                save_with_version,
                save_new_part,
                set_target_status,
                set_target_statuses,
                confirm_target_statuses,
                retire_target,
                reinstate_target,
                delete_target,
                delete_activity,
                delete_photo,
                set_pdf_language,
            )
        }
        | {
            "ssc_reports.review.workflow." + f.__name__: f
            for f in (submit_report, return_report, approve_report, reopen_report)
        }
        | {
            "ssc_reports.review.comments." + f.__name__: f
            for f in (add_review_comment, reply_to_comment, resolve_review_comment)
        }
        | {"ssc_reports.review.lock." + f.__name__: f for f in (grant_extension, revoke_extension)}
        | {
            "ssc_reports.review.memberships." + f.__name__: f
            for f in (open_period, ensure_reports, add_member, remove_member)
        }
        | {"ssc_reports.interchange.importer.import_report": import_report}
        | {"groups.preferences.save_language": save_language}
    )


def _planning_scenarios():
    p = import_module("ssc_reports.planning.services")
    from targets.models import KSR

    def opened(w):
        planning = p.open_quadrennium(
            label="2026-2029",
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2029, 12, 31),
            copy_from="2021-2025",
            by=w["staff"],
        )
        plan = planning.plans.get(group=w["group"])
        ksr = KSR.objects.get(quadrennium=planning.quadrennium, number=5)
        return planning, plan, ksr

    def with_target(w):
        planning, plan, ksr = opened(w)
        target = p.add_planned_target(
            plan=plan, component="assess", title="Assess", ksr=ksr, by=w["officer"],
            regions=list(Region.objects.filter(code="africa")))  # fmt: skip
        plan.refresh_from_db()
        return planning, plan, target

    def submitted(w):
        planning, plan, target = with_target(w)
        p.save_plan_texts(plan=plan, version=plan.version, mission="M", projected_impact="I",
                          by=w["officer"])  # fmt: skip
        return planning, p.submit_plan(plan=plan, by=w["officer"]), target

    def open_quadrennium(w):
        return lambda: opened(w), w["staff"]

    def set_planning_deadline(w):
        planning = opened(w)[0]
        day = datetime.date(2026, 3, 1)
        return lambda: p.set_planning_deadline(planning=planning, deadline=day, by=w["staff"]), (
            w["staff"]
        )

    def plan_for(w):
        planning = opened(w)[0]
        group = factories.make_group(acronym="NEW")
        return lambda: p.plan_for(group=group, planning=planning, by=w["staff"]), w["staff"]

    def save_plan_texts(w):
        plan = opened(w)[1]
        version = plan.version

        def write():
            p.save_plan_texts(
                plan=plan, version=version, mission="M", projected_impact="I", by=w["officer"]
            )

        return write, w["officer"]

    def add_planned_target(w):
        _, plan, ksr = opened(w)
        return lambda: p.add_planned_target(plan=plan, component="assess", title="A", ksr=ksr,
                                            by=w["officer"]), w["officer"]  # fmt: skip

    def update_planned_target(w):
        _, _, target = with_target(w)
        return lambda: p.update_planned_target(
            target=target, version=target.version, component="assess", title="B",
            ksr=target.ksr, regions=[], by=w["officer"]), w["officer"]  # fmt: skip

    def delete_planned_target(w):
        _, _, target = with_target(w)
        return lambda: p.delete_planned_target(target=target, by=w["officer"]), w["officer"]

    def carry_forward(w):
        plan = opened(w)[1]
        return lambda: p.carry_forward(plan=plan, target=w["target"], by=w["officer"]), w["officer"]

    def submit_plan(w):
        _, plan, _ = with_target(w)
        p.save_plan_texts(plan=plan, version=plan.version, mission="M", projected_impact="I",
                          by=w["officer"])  # fmt: skip
        return lambda: p.submit_plan(plan=plan, by=w["officer"]), w["officer"]

    def return_plan(w):
        plan = submitted(w)[1]
        return lambda: p.return_plan(plan=plan, by=w["staff"], reason="Why"), w["staff"]

    def approve_plan(w):
        plan = submitted(w)[1]
        return lambda: p.approve_plan(plan=plan, by=w["staff"]), w["staff"]

    def reopen_plan(w):
        plan = submitted(w)[1]
        p.approve_plan(plan=plan, by=w["staff"])
        return lambda: p.reopen_plan(plan=plan, by=w["staff"], reason="Why"), w["staff"]

    def add_plan_comment(w):
        plan = opened(w)[1]
        return lambda: p.add_plan_comment(plan=plan, by=w["staff"], text="Hm"), w["staff"]

    def extend_plan(w):
        plan = opened(w)[1]
        day = datetime.date(2026, 3, 1)
        return lambda: p.extend_plan(plan=plan, by=w["staff"], until=day), w["staff"]

    return {
        "ssc_reports.planning.services." + f.__name__: f
        for f in (open_quadrennium, set_planning_deadline, plan_for, save_plan_texts,
                  add_planned_target, update_planned_target, delete_planned_target,
                  carry_forward, submit_plan, return_plan, approve_plan, reopen_plan,
                  add_plan_comment, extend_plan)
    }  # fmt: skip


SCENARIOS = _scenarios() | _planning_scenarios()


def test_every_write_service_is_enumerated():
    found = set()
    for name in WRITE_MODULES:
        module = import_module(name)
        for attr, value in vars(module).items():
            if attr.startswith("_") or not inspect.isfunction(value):
                continue
            if value.__module__ != name:
                continue
            found.add(f"{name}.{attr}")
    unplaced = found - set(SCENARIOS) - set(NOT_WRITES)
    assert not unplaced, f"write services without a history scenario: {sorted(unplaced)}"
    assert not (set(SCENARIOS) | set(NOT_WRITES)) - found


def test_history_check_catches_an_update_that_bypasses_history(world):
    TargetStatus.objects.filter(report=world["report"]).update(status="achieved")

    assert history_disagreements() == [
        f"TargetStatus {TargetStatus.objects.get(report=world['report']).pk}.status: "
        "'on_track' in history, 'achieved'"
    ]


@pytest.mark.parametrize("service", sorted(SCENARIOS))
def test_write_service_leaves_history(service, world, django_capture_on_commit_callbacks):
    assert history_disagreements() == []
    write, user = SCENARIOS[service](world)
    before = _history_ids()

    with django_capture_on_commit_callbacks(execute=True):
        write()

    assert history_disagreements() == []
    new_rows = _new_history(before)
    assert new_rows, f"{service} wrote no history row"
    if user is not None:
        assert {row.history_user_id for row in new_rows} == {user.pk}
    assert isinstance(new_rows[0], HistoricalChanges)
    assert ReviewComment  # imported for scenarios
