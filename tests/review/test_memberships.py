import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from freezegun import freeze_time

from groups.models import Membership
from ssc_reports.models import Report, ReportingPeriod
from ssc_reports.review.memberships import add_member, open_period, remove_member
from tests import factories

User = get_user_model()


def _invitation_path(message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/invitation/\S+/)", message.body).group(1)


@pytest.fixture
def invited(group, staff_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        add_member(group=group, email="New.Officer@Example.org", by=staff_user)
    return User.objects.get(email__iexact="new.officer@example.org")


def test_add_member_creates_inactive_user_and_sends_invitation(invited, group):
    assert invited.is_active is False
    assert invited.has_usable_password() is False
    assert Membership.objects.filter(user=invited, group=group).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["New.Officer@example.org"]
    assert message.subject == "[SSC Reports] You can now report for TSG"
    assert "expires in 7 days" in message.body


def test_add_member_existing_user_is_not_invited(
    group, staff_user, other_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = add_member(group=group, email="OTHER@example.org", by=staff_user)

    assert membership.user == other_officer
    assert mail.outbox == []


def test_add_member_refuses_duplicate_and_bad_address(group, staff_user, officer):
    with pytest.raises(ValidationError) as info:
        add_member(group=group, email="officer@example.org", by=staff_user)
    assert info.value.message_dict == {
        "email": ["officer@example.org is already an officer of TSG."]
    }
    with pytest.raises(ValidationError) as info:
        add_member(group=group, email="not an address", by=staff_user)
    assert info.value.message_dict == {"email": ["Enter a valid e-mail address."]}


def test_add_member_refuses_officer(group, officer):
    with pytest.raises(PermissionDenied):
        add_member(group=group, email="friend@example.org", by=officer)
    assert not User.objects.filter(email="friend@example.org").exists()


def test_remove_member_keeps_the_user(group, staff_user, officer):
    remove_member(membership=Membership.objects.get(user=officer), by=staff_user)

    assert not Membership.objects.filter(user=officer).exists()
    assert User.objects.filter(pk=officer.pk).exists()


def test_invitation_link_sets_password_once(client, invited):
    path = _invitation_path(mail.outbox[0])

    response = client.get(path, follow=True)
    assert "Set your password" in response.content.decode()
    set_password_url = response.redirect_chain[-1][0]
    response = client.post(
        set_password_url,
        {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"},
        follow=True,
    )

    invited.refresh_from_db()
    assert invited.is_active is True
    assert invited.check_password("a-long-new-passphrase")
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    login = client.post(
        "/accounts/login/",
        {"username": "New.Officer@example.org", "password": "a-long-new-passphrase"},
    )
    assert login.status_code == 302
    client.logout()
    second = client.get(path, follow=True)
    assert 'id="invitation-invalid"' in second.content.decode()


def test_invitation_link_expires(client, invited, settings):
    path = _invitation_path(mail.outbox[0])
    later = datetime.datetime.now() + datetime.timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 60
    )

    with freeze_time(later):
        response = client.get(path, follow=True)

    assert 'id="invitation-invalid"' in response.content.decode()
    invited.refresh_from_db()
    assert invited.is_active is False


def test_members_page_adds_and_removes(
    client, staff_user, group, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/groups/TSG/members/",
            {"email": "chair@example.org", "role": "chair"},
            follow=True,
        )
    assert [str(m) for m in response.context["messages"]] == [
        "chair@example.org was added to TSG and invited by e-mail."
    ]
    membership = Membership.objects.get(user__email="chair@example.org")
    assert membership.role == "chair"

    response = client.post(f"/staff/groups/TSG/members/{membership.pk}/remove/", follow=True)

    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert "chair@example.org can no longer edit the reports of TSG." in response.content.decode()


def test_members_page_keeps_typed_address_on_error(client, staff_user, group):
    client.force_login(staff_user)
    response = client.post("/staff/groups/TSG/members/", {"email": "chair@", "role": "chair"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="chair@"' in html
    assert "Enter a valid email address." in html


def test_open_period_starts_every_groups_report_with_carry_over(staff_user, report, group):
    report.acknowledgements = "Thanks"
    report.save()
    target = factories.make_target(group=group, code="T-001")
    factories.set_status(report=report, target=target, status="achieved")
    other = factories.make_group(acronym="NEW")

    period = open_period(
        label="2025-2026",
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2026, 3, 31),
        submission_deadline=datetime.date(2026, 5, 31),
        by=staff_user,
    )

    new = Report.objects.get(group=group, period=period)
    assert new.acknowledgements == "Thanks"
    assert new.target_statuses.get().status == "achieved"
    assert Report.objects.filter(group=other, period=period).exists()
    assert new.status == Report.Status.DRAFT


def test_open_period_refuses_bad_dates_and_duplicates(staff_user, period):
    with pytest.raises(ValidationError) as info:
        open_period(
            label="2024-2025",
            start=datetime.date(2025, 1, 1),
            end=datetime.date(2024, 3, 31),
            submission_deadline=datetime.date(2024, 3, 1),
            by=staff_user,
        )
    assert set(info.value.message_dict) == {"label", "end", "submission_deadline"}
    assert ReportingPeriod.objects.count() == 1


def test_period_create_page(client, staff_user, group):
    client.force_login(staff_user)
    response = client.post(
        "/staff/periods/new/",
        {
            "label": "2025-2026",
            "start": "2025-01-01",
            "end": "2026-03-31",
            "submission_deadline": "2026-05-31",
        },
    )
    assert response.status_code == 302
    assert response.url == "/staff/?period=2025-2026"
    assert Report.objects.filter(group=group, period__label="2025-2026").count() == 1


def test_period_create_page_shows_error_beside_field(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/staff/periods/new/",
        {"label": "2025", "start": "2025-01-01", "end": "2026-03-31", "submission_deadline": ""},
    )
    html = response.content.decode()
    assert "A period label looks like 2025-2026." in html
    assert 'value="2025"' in html
    assert not ReportingPeriod.objects.exists()
