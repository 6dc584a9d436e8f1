import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from ssc_reports.entry.services import start_report
from ssc_reports.models import Plan, PlanEvent
from ssc_reports.planning.services import (
    PlanningError,
    add_planned_target,
    approve_plan,
    carry_forward,
    extend_plan,
    return_plan,
    save_plan_texts,
    submit_plan,
)
from ssc_reports.review.memberships import open_period
from targets.models import KSR, Region, Target, TargetStatus
from tests import factories
from tests.planning.conftest import LABEL


def _fill(plan, officer, *, with_carry=None):
    planning = plan.planning
    save_plan_texts(plan=plan, version=plan.version, mission="Mission", by=officer,
                    projected_impact="Impact of the plan")  # fmt: skip
    ksr5 = KSR.objects.get(quadrennium=planning.quadrennium, number=5)
    add_planned_target(plan=plan, component="assess", title="Assess shrews", ksr=ksr5,
                       regions=[Region.objects.get(code="africa")], by=officer)  # fmt: skip
    if with_carry is not None:
        carry_forward(plan=plan, target=with_carry, by=officer)
    plan.refresh_from_db()
    return plan


def test_submit_return_approve_with_events(client, plan, officer, staff_user):
    _fill(plan, officer)
    submit_plan(plan=plan, by=officer)
    client.force_login(staff_user)

    client.post(reverse("plans_staff:return", args=[LABEL, "TSG"]), {"reason": "More regions"})

    plan.refresh_from_db()
    assert plan.status == Plan.Status.RETURNED
    submit_plan(plan=plan, by=officer)
    client.post(reverse("plans_staff:approve", args=[LABEL, "TSG"]))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED
    assert list(PlanEvent.objects.filter(plan=plan).values_list(
        "old_status", "new_status", "by__username", "reason")) == [
        ("not_started", "draft", "officer", ""),
        ("draft", "submitted", "officer", ""),
        ("submitted", "returned", "staff", "More regions"),
        ("returned", "submitted", "officer", ""),
        ("submitted", "approved", "staff", ""),
    ]  # fmt: skip
    assert plan.history.first().history_user == staff_user
    page = client.get(reverse("plans_staff:round", args=[LABEL])).content.decode()
    assert 'data-group="TSG" data-state="approved"' in page


def test_return_needs_a_reason(plan, officer, staff_user):
    _fill(plan, officer)
    submit_plan(plan=plan, by=officer)

    with pytest.raises(PlanningError) as caught:
        return_plan(plan=plan, by=staff_user, reason="  ")

    assert caught.value.field == "reason"
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUBMITTED


def test_officer_cannot_approve(client, plan, officer):
    _fill(plan, officer)
    submit_plan(plan=plan, by=officer)
    client.force_login(officer)

    response = client.post(reverse("plans_staff:approve", args=[LABEL, "TSG"]))

    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUBMITTED


def test_approved_targets_start_the_first_period_of_the_quadrennium(
    plan, officer, staff_user, group, report
):
    old = factories.make_target(group=group, code="T-003", component="act", title="Marsh")
    factories.set_status(report=report, target=old, status="on_track")
    _fill(plan, officer, with_carry=old)
    submit_plan(plan=plan, by=officer)

    targets = approve_plan(plan=plan, by=staff_user)

    assert [(t.code, t.title, t.component, t.carried_from_id, t.ksr.number) for t in targets] == [
        ("T-001", "Assess shrews", "assess", None, 5),
        ("T-002", "Marsh", "act", old.pk, 10),
    ]
    assert {t.quadrennium.label for t in targets} == {LABEL}
    assert list(targets[0].regions.values_list("code", flat=True)) == ["africa"]
    assert targets[1].history.get(history_type="+").history_user == staff_user
    period = open_period(
        label="2026-2027",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2027, 3, 31),
        submission_deadline=datetime.date(2027, 5, 31),
        by=staff_user,
    )
    assert period.quadrennium.label == LABEL

    first = start_report(group=group, period=period, by=officer)

    assert first.projected_impact == "Impact of the plan"
    assert list(Target.objects.of_report(first).order_by("code").values_list("code", flat=True)) \
        == ["T-001", "T-002"]  # fmt: skip
    assert not TargetStatus.objects.filter(report=first).exists()
    assert Target.objects.get(pk=targets[1].pk).carried_from == old


def test_approval_refuses_codes_the_group_has_already(plan, officer, staff_user, group, planning):
    _fill(plan, officer)
    submit_plan(plan=plan, by=officer)
    Target.objects.create(group=group, quadrennium=planning.quadrennium, code="T-001",
                          component="assess", title="Imported")  # fmt: skip

    with pytest.raises(PlanningError, match="T-001"):
        approve_plan(plan=plan, by=staff_user)

    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUBMITTED
    assert Target.objects.filter(quadrennium=planning.quadrennium).count() == 1


def test_a_target_carried_forward_can_only_be_retired(plan, officer, group):
    from ssc_reports.entry.services import TargetInUseError, delete_target

    old = factories.make_target(group=group, code="T-009", component="act", title="Never reported")
    carry_forward(plan=plan, target=old, by=officer)

    with pytest.raises(TargetInUseError):
        delete_target(target=old, by=officer)

    assert Target.objects.filter(pk=old.pk).exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "An extension must end after the deadline (5 March 2027)."),
        ("fr", "Une prolongation doit se terminer après l’échéance (5 mars 2027)."),
        ("es", "Una prórroga debe terminar después del plazo (5 de marzo de 2027)."),
    ],
)
def test_an_extension_before_the_deadline_names_it_in_the_readers_language(
    plan, staff_user, planning, language, message
):
    planning.deadline = datetime.date(2027, 3, 5)
    planning.save()

    with translation.override(language), pytest.raises(PlanningError) as refused:
        extend_plan(plan=plan, by=staff_user, until=datetime.date(2027, 3, 1))

    assert (refused.value.message, refused.value.field) == (message, "until")
    plan.refresh_from_db()
    assert plan.extended_until is None
