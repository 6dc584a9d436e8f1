"""Staff reopen an approved plan (approved -> returned, with a reason, e-mailed to the group's
officers in their language); the targets its approval made stay, and the next approval updates
them instead of adding copies."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from groups.models import Membership
from groups.preferences import save_language
from ssc_reports.models import Plan, PlanEvent, PlannedTarget
from ssc_reports.planning.services import (
    PlanningError,
    add_planned_target,
    approve_plan,
    delete_planned_target,
    reopen_plan,
    submit_plan,
    update_planned_target,
)
from targets.models import KSR, Region, Target
from tests import factories
from tests.planning.conftest import LABEL
from tests.planning.test_review_and_approval import _fill

REOPEN_URL = reverse("plans_staff:reopen", args=[LABEL, "TSG"])


@pytest.fixture
def approved(plan, officer, staff_user):
    _fill(plan, officer)
    submit_plan(plan=plan, by=officer)
    approve_plan(plan=plan, by=staff_user)
    plan.refresh_from_db()
    return plan


def new_targets(plan):
    return Target.objects.filter(group=plan.group, quadrennium=plan.planning.quadrennium)


def test_reopen_plan_returns_it_with_the_reason_and_keeps_its_targets(
    approved, staff_user, officer
):
    target = new_targets(approved).get()

    reopen_plan(plan=approved, by=staff_user, reason="Add the Asian populations.")

    approved.refresh_from_db()
    assert approved.status == Plan.Status.RETURNED and approved.is_editable
    event = PlanEvent.objects.filter(plan=approved).last()
    assert (event.old_status, event.new_status, event.by, event.reason) == (
        "approved", "returned", staff_user, "Add the Asian populations."
    )  # fmt: skip
    assert approved.history.first().history_user == staff_user
    assert list(new_targets(approved)) == [target]
    assert PlannedTarget.objects.get(plan=approved).approved_as == target


def test_second_approval_updates_the_approved_targets_and_adds_the_new_ones(
    approved, staff_user, officer
):
    first = new_targets(approved).get()
    rows = first.history.count()
    reopen_plan(plan=approved, by=staff_user, reason="Name Asia too.")
    planned = PlannedTarget.objects.get(plan=approved)
    asia, africa = Region.objects.get(code="asia"), Region.objects.get(code="africa")
    update_planned_target(target=planned, version=planned.version, component="assess",
                          title="Assess every shrew of Africa and Asia", ksr=planned.ksr,
                          regions=[africa, asia], by=officer)  # fmt: skip
    ksr = KSR.objects.get(quadrennium=approved.planning.quadrennium, number=5)
    added = add_planned_target(plan=approved, component="assess", title="Assess moles",
                               ksr=ksr, regions=[asia], by=officer)  # fmt: skip
    submit_plan(plan=approved, by=officer)

    targets = approve_plan(plan=approved, by=staff_user)

    assert [t.code for t in targets] == ["T-001", "T-002"]
    assert new_targets(approved).count() == 2
    first.refresh_from_db()
    assert first.title == "Assess every shrew of Africa and Asia"
    assert set(first.regions.values_list("code", flat=True)) == {"africa", "asia"}
    assert first.history.first().history_user == staff_user
    added.refresh_from_db()
    assert added.approved_as == targets[1] and added.approved_as.title == "Assess moles"
    assert first.history.count() == rows + 2  # its fields, then its regions


def test_second_approval_without_changes_writes_no_target(approved, staff_user, officer):
    target = new_targets(approved).get()
    rows = target.history.count()
    reopen_plan(plan=approved, by=staff_user, reason="Check it.")
    submit_plan(plan=approved, by=officer)

    approve_plan(plan=approved, by=staff_user)

    assert list(new_targets(approved)) == [target]
    assert target.history.count() == rows


def test_a_target_removed_from_the_reopened_plan_stays_the_group_target(
    approved, staff_user, officer
):
    target = new_targets(approved).get()
    reopen_plan(plan=approved, by=staff_user, reason="Replace the target.")
    delete_planned_target(target=PlannedTarget.objects.get(plan=approved), by=officer)
    ksr = KSR.objects.get(quadrennium=approved.planning.quadrennium, number=5)

    added = add_planned_target(plan=approved, component="assess", title="Assess moles",
                               ksr=ksr, regions=[Region.objects.get(code="asia")],
                               by=officer)  # fmt: skip
    submit_plan(plan=approved, by=officer)
    approve_plan(plan=approved, by=staff_user)

    # The new target takes a code of its own, not the approved T-001's.
    assert added.code == "T-002"
    assert list(new_targets(approved).order_by("code").values_list("code", "title")) == [
        ("T-001", target.title),
        ("T-002", "Assess moles"),
    ]


@pytest.mark.parametrize("status", ["not_started", "draft", "submitted", "returned"])
def test_reopen_refuses_a_plan_that_is_not_approved(plan, staff_user, status):
    Plan.objects.filter(pk=plan.pk).update(status=status)

    with pytest.raises(PlanningError, match="Only an approved plan can be reopened."):
        reopen_plan(plan=plan, by=staff_user, reason="Why")

    assert Plan.objects.get(pk=plan.pk).status == status
    assert not PlanEvent.objects.filter(plan=plan).exists()


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_reopen_needs_a_reason(approved, staff_user, reason):
    with pytest.raises(PlanningError) as caught:
        reopen_plan(plan=approved, by=staff_user, reason=reason)

    assert (caught.value.field, caught.value.message) == ("reason", "Say why the plan is reopened.")
    assert Plan.objects.get(pk=approved.pk).status == Plan.Status.APPROVED


def test_an_officer_cannot_reopen(approved, officer):
    with pytest.raises(PermissionDenied):
        reopen_plan(plan=approved, by=officer, reason="Let me edit")

    assert Plan.objects.get(pk=approved.pk).status == Plan.Status.APPROVED


def test_reopen_e_mails_the_officers_in_their_language(
    approved, group, staff_user, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "http://testserver"
    french = factories.make_user(username="agent", email="agent@example.org")
    Membership.objects.create(group=group, user=french)
    save_language(user=french, language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        reopen_plan(plan=approved, by=staff_user, reason="Ajoutez l'Asie.")

    by_address = {tuple(m.to): m for m in mailoutbox}
    assert set(by_address) == {("officer@example.org",), ("agent@example.org",)}
    english = by_address[("officer@example.org",)]
    assert (
        english.subject == f"[SSC Reports] Your approved plan for {LABEL} was reopened for changes"
    )
    assert (
        f"SSC staff reopened your approved plan for {LABEL} for changes. The reason they gave:"
        in " ".join(english.body.split())
    )
    assert "Ajoutez l'Asie." in english.body
    assert f"http://testserver/plans/TSG/{LABEL}/" in english.body
    french_mail = by_address[("agent@example.org",)]
    assert french_mail.subject == (
        f"[SSC Reports] Votre plan approuvé pour {LABEL} a été rouvert pour modifications"
    )
    assert "Ajoutez l'Asie." in french_mail.body


def test_staff_reopen_from_the_plan_page(client, approved, staff_user, mailoutbox):
    client.force_login(staff_user)
    page = client.get(approved.get_absolute_url()).content.decode()
    assert 'id="reopen-plan"' in page and 'id="id_reopen_reason"' in page

    response = client.post(REOPEN_URL, {"reason": "Name Asia too."}, follow=True)

    assert response.redirect_chain == [(approved.get_absolute_url(), 302)]
    html = response.content.decode()
    assert "Plan reopened: the group can change it and submit it again." in html
    assert "Name Asia too." in html  # the reason the group reads on its plan page
    assert Plan.objects.get(pk=approved.pk).status == Plan.Status.RETURNED
    assert 'id="reopen-plan"' not in html


def test_staff_reopen_without_a_reason_says_so_and_changes_nothing(client, approved, staff_user):
    client.force_login(staff_user)

    response = client.post(REOPEN_URL, {"reason": " "}, follow=True)

    assert "Say why the plan is reopened." in response.content.decode()
    assert Plan.objects.get(pk=approved.pk).status == Plan.Status.APPROVED


def test_officer_sees_no_reopen_form_and_cannot_post_it(client, approved, officer):
    client.force_login(officer)

    assert 'id="reopen-plan"' not in client.get(approved.get_absolute_url()).content.decode()
    assert client.post(REOPEN_URL, {"reason": "Let me edit"}).status_code == 404
    assert Plan.objects.get(pk=approved.pk).status == Plan.Status.APPROVED


def test_migration_links_plans_approved_before_it_to_their_targets(approved):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("ssc_reports.migrations.0016_planned_target_approved_as")
    PlannedTarget.objects.update(approved_as=None)  # as approved before the field existed
    planned = PlannedTarget.objects.get(plan=approved)

    migration.link_approved_targets(apps, None)

    planned.refresh_from_db()
    assert planned.approved_as == new_targets(approved).get()
    latest = planned.history.first()
    assert (latest.approved_as_id, latest.title, latest.history_type) == (
        planned.approved_as_id, planned.title, "~"
    )  # fmt: skip
