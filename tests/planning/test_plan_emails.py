"""Plans e-mail like reports: reviewers hear of a submission, the group's officers of a
return (with the reason) and an approval, each in the language they saved, after commit."""

import pytest

from groups.models import Membership
from groups.preferences import save_language
from ssc_reports.planning.services import PlanningError, approve_plan, return_plan, submit_plan
from tests import factories
from tests.planning.conftest import LABEL
from tests.planning.test_review_and_approval import _fill

PLAN_URL = f"http://testserver/plans/TSG/{LABEL}/"


def test_submit_return_approve_each_send_one_e_mail(
    plan, officer, staff_user, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "http://testserver"
    _fill(plan, officer)

    with django_capture_on_commit_callbacks(execute=True):
        submit_plan(plan=plan, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        return_plan(plan=plan, by=staff_user, reason="Add a target for Asia.")
    with django_capture_on_commit_callbacks(execute=True):
        submit_plan(plan=plan, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        approve_plan(plan=plan, by=staff_user)

    assert [(m.subject, m.to) for m in mailoutbox] == [
        (f"[SSC Reports] TSG submitted its plan for {LABEL}", ["staff@example.org"]),
        (f"[SSC Reports] Your plan for {LABEL} was returned", ["officer@example.org"]),
        (f"[SSC Reports] TSG submitted its plan for {LABEL}", ["staff@example.org"]),
        (f"[SSC Reports] Your plan for {LABEL} was approved", ["officer@example.org"]),
    ]
    submitted, returned, _again, approved = (m.body for m in mailoutbox)
    assert "IUCN SSC Test Specialist Group (TSG) submitted its plan" in submitted
    assert PLAN_URL in submitted
    assert "Add a target for Asia." in returned and PLAN_URL in returned
    assert (
        f"SSC staff approved your plan for {LABEL}. Its target is now your group's target "
        "for the quadrennium" in " ".join(approved.split())
    )


def test_a_refused_transition_sends_nothing(
    plan, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PlanningError):
        submit_plan(plan=plan, by=officer)  # an empty plan: the checklist refuses

    assert mailoutbox == []


def test_officers_read_the_return_in_their_saved_language(
    plan, group, officer, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    french = factories.make_user(username="agent", email="agent@example.org")
    Membership.objects.create(group=group, user=french)
    save_language(user=french, language="fr")
    _fill(plan, officer)
    submit_plan(plan=plan, by=officer)

    with django_capture_on_commit_callbacks(execute=True):
        return_plan(plan=plan, by=staff_user, reason="Ajoutez une région.")

    by_address = {tuple(m.to): m for m in mailoutbox}
    assert by_address[("officer@example.org",)].subject == (
        f"[SSC Reports] Your plan for {LABEL} was returned"
    )
    french_mail = by_address[("agent@example.org",)]
    assert french_mail.subject == f"[SSC Reports] Votre plan pour {LABEL} a été renvoyé"
    assert "Ajoutez une région." in french_mail.body
