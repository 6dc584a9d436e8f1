import datetime

from django.urls import reverse

from ssc_reports.models import Plan, PlannedTarget
from targets.models import KSR, Region
from tests import factories
from tests.planning.conftest import LABEL


def _url(name, *extra, acronym="TSG"):
    return reverse(f"plans:{name}", args=[acronym, LABEL, *extra])


def _ksr(planning, number):
    return KSR.objects.get(quadrennium=planning.quadrennium, number=number)


def test_officer_saves_mission_and_impact_with_history(client, plan, officer):
    client.force_login(officer)

    data = {"mission": "Save *shrews*", "projected_impact": "Fewer threatened shrews",
            "version": plan.version}  # fmt: skip

    response = client.post(_url("detail"), data)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.mission, plan.projected_impact, plan.status) == (
        "Save *shrews*", "Fewer threatened shrews", Plan.Status.DRAFT)  # fmt: skip
    assert plan.history.first().history_user == officer


def test_stale_save_answers_409_and_keeps_the_text(client, plan, officer):
    client.force_login(officer)
    client.post(_url("detail"), {"mission": "First", "projected_impact": "", "version": 1})

    response = client.post(
        _url("detail"), {"mission": "Mine", "projected_impact": "", "version": 1}
    )

    assert response.status_code == 409
    assert "Mine</textarea>" in response.content.decode()
    plan.refresh_from_db()
    assert plan.mission == "First"


def test_officer_adds_targets_with_codes_in_sequence(client, planning, plan, officer):
    client.force_login(officer)
    africa = Region.objects.get(code="africa")
    for title in ("Assess all shrews", "Assess all moles"):
        response = client.post(_url("target_add"), {"component": "assess", "title": title,
                                                    "ksr": _ksr(planning, 5).pk,
                                                    "regions": [africa.pk]})  # fmt: skip
        assert response.status_code == 302, response.context["form"].errors

    assert list(plan.targets.values_list("code", "title")) == [
        ("T-001", "Assess all shrews"), ("T-002", "Assess all moles")]  # fmt: skip
    assert PlannedTarget.history.filter(history_user=officer, history_type="+").count() == 2


def test_target_form_refuses_a_ksr_of_another_component_and_keeps_the_title(
    client, planning, plan, officer
):
    client.force_login(officer)
    act_ksr = KSR.objects.filter(quadrennium=planning.quadrennium, component="act").first()

    response = client.post(_url("target_add"), {"component": "assess", "title": "Keep me",
                                                "ksr": act_ksr.pk})  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 200
    assert f"Main KSR: KSR {act_ksr.number} belongs to Act" in page
    assert "Keep me</textarea>" in page
    assert not plan.targets.exists()


def test_a_ksr_of_the_old_quadrennium_is_refused(client, planning, plan, officer):
    client.force_login(officer)
    old = KSR.objects.get(quadrennium__label="2021-2025", number=5)

    response = client.post(_url("target_add"), {"component": "assess", "title": "T",
                                                "ksr": old.pk})  # fmt: skip

    assert response.status_code == 200
    assert "Main KSR: Select a valid choice" in response.content.decode()


def test_carry_forward_keeps_the_link_and_skips_finished_targets(
    client, planning, plan, officer, group, report
):
    unfinished = factories.make_target(group=group, code="T-007", component="act",
                                       title="Restore a marsh", ksr=factories.ksr(11))  # fmt: skip
    done = factories.make_target(group=group, code="T-008")
    factories.set_status(report=report, target=unfinished, status="on_track")
    factories.set_status(report=report, target=done, status="achieved")
    client.force_login(officer)

    page = client.get(_url("detail")).content.decode()
    assert "Restore a marsh" in page and "Target T-008" not in page
    assert "(Act, last status: On track)" in page  # the status's words, not its code
    response = client.post(_url("carry"), {"target": unfinished.pk})

    assert response.status_code == 302
    carried = plan.targets.get()
    assert (carried.code, carried.title, carried.component, carried.carried_from) == (
        "T-001", "Restore a marsh", "act", unfinished)  # fmt: skip
    assert carried.ksr == _ksr(planning, 11)
    assert list(carried.regions.values_list("code", flat=True)) == ["global"]
    assert "T-007 (2021-2025)" in client.get(_url("detail")).content.decode()
    # Carrying it again is refused.
    client.post(_url("carry"), {"target": unfinished.pk})
    assert plan.targets.count() == 1


def test_submit_is_blocked_until_the_checklist_is_complete(client, planning, plan, officer):
    client.force_login(officer)

    client.post(_url("submit"))

    plan.refresh_from_db()
    assert plan.status == Plan.Status.NOT_STARTED
    page = client.get(_url("detail")).content.decode()
    assert "The plan is not complete: Mission, Projected impact, At least one target" in page


def test_plan_locks_after_the_deadline_unless_extended(client, planning, plan, officer, staff_user):
    planning.deadline = datetime.date.today() - datetime.timedelta(days=1)
    planning.save()
    client.force_login(officer)

    response = client.post(_url("detail"), {"mission": "x", "projected_impact": "", "version": 1})
    assert response.status_code == 403
    assert 'data-lock-state="deadline"' in client.get(_url("detail")).content.decode()

    client.force_login(staff_user)
    until = datetime.date.today() + datetime.timedelta(days=5)
    client.post(reverse("plans_staff:extension", args=[LABEL, "TSG"]), {"until": until})
    client.force_login(officer)

    response = client.post(_url("detail"), {"mission": "x", "projected_impact": "", "version": 1})
    assert response.status_code == 302


def test_plan_page_queries_do_not_grow_with_targets(
    client, planning, plan, officer, django_assert_max_num_queries
):
    from ssc_reports.planning.services import add_planned_target

    client.force_login(officer)
    add_planned_target(plan=plan, component="assess", title="one", ksr=_ksr(planning, 5),
                       regions=list(Region.objects.all()[:2]), by=officer)  # fmt: skip
    with django_assert_max_num_queries(40) as one:
        client.get(_url("detail"))
    for n in range(10):
        add_planned_target(plan=plan, component="assess", title=f"t{n}", ksr=_ksr(planning, 5),
                           regions=list(Region.objects.all()[:2]), by=officer)  # fmt: skip

    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(_url("detail"))


def test_staff_set_the_planning_deadline(client, planning, plan, officer, staff_user):
    client.force_login(staff_user)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)

    response = client.post(reverse("plans_staff:deadline", args=[LABEL]), {"deadline": yesterday})

    assert response.status_code == 302
    planning.refresh_from_db()
    assert planning.deadline == yesterday
    assert planning.history.first().history_user == staff_user
    client.post(reverse("plans_staff:deadline", args=[LABEL]), {"deadline": "31/02/2026"})
    planning.refresh_from_db()
    assert planning.deadline == yesterday
    client.force_login(officer)
    page = client.get(_url("detail")).content.decode()
    assert 'data-lock-state="deadline"' in page and 'name="mission"' not in page


def test_comments_by_staff_and_officers_on_a_target(client, planning, plan, officer, staff_user):
    from ssc_reports.models import PlanComment
    from ssc_reports.planning.services import add_planned_target

    target = add_planned_target(plan=plan, component="assess", title="one", by=officer,
                                ksr=_ksr(planning, 5))  # fmt: skip
    client.force_login(staff_user)
    client.post(_url("comment"), {"text": "Which species?", "target": target.pk})
    client.force_login(officer)
    client.post(_url("comment"), {"text": "All shrews.", "target": "999999"})
    client.post(_url("comment"), {"text": "   "})

    assert list(PlanComment.objects.values_list("author__username", "text", "target__code")) == [
        ("staff", "Which species?", "T-001"), ("officer", "All shrews.", None)]  # fmt: skip
    page = client.get(_url("detail")).content.decode()
    assert "Which species?" in page and "· T-001" in page


def test_staff_forms_show_the_saved_dates(client, planning, plan, staff_user):
    client.force_login(staff_user)

    page = client.get(reverse("plans_staff:round", args=[LABEL])).content.decode()

    assert f'name="deadline" value="{planning.deadline.isoformat()}"' in page
