"""Each e-mail is written in its recipient's saved language (English when none)."""

import datetime

import pytest
from django.core import mail

from groups.models import UserPreference
from ssc_reports.review import notifications
from ssc_reports.review.comments import add_review_comment
from ssc_reports.review.reminders import send_reminders
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(report, officer):
    """The group's officers: `officer` (officer@example.org) reads French, `ana` Spanish,
    `bob` saved nothing."""
    UserPreference.objects.create(user=officer, language="fr")
    ana = factories.make_member(group=report.group, user=factories.make_user(username="ana"))
    UserPreference.objects.create(user=ana, language="es")
    factories.make_member(group=report.group, user=factories.make_user(username="bob"))
    return report


def _by_recipient():
    return {tuple(message.to): message for message in mail.outbox}


def test_returned_report_email_is_sent_in_each_officers_language(officers, staff_user):
    report = officers
    add_review_comment(report=report, by=staff_user, section="targets", text="T-001?")
    mail.outbox.clear()

    sent = notifications.notify_returned(report_id=report.pk, reason="Ajoutez des résultats.")

    assert sent == 3
    messages = _by_recipient()
    assert sorted(messages) == [
        ("ana@example.org",),
        ("bob@example.org",),
        ("officer@example.org",),
    ]
    french, spanish, english = (
        messages[("officer@example.org",)],
        messages[("ana@example.org",)],
        messages[("bob@example.org",)],
    )
    assert french.subject == (
        "[SSC Reports] Votre rapport 2024-2025 a été renvoyé pour modifications"
    )
    assert "Motif :\nAjoutez des résultats." in french.body
    assert "- Objectifs (1 commentaire) :" in french.body
    assert spanish.subject == "[SSC Reports] Su informe 2024-2025 ha sido devuelto para cambios"
    assert "Motivo:\nAjoutez des résultats." in spanish.body
    assert "- Metas (1 comentario):" in spanish.body
    assert english.subject == "[SSC Reports] Your 2024-2025 report was returned for changes"
    assert "- Targets (1 comment):" in english.body


def test_submitted_email_to_reviewers_by_language(report, officer, staff_user):
    UserPreference.objects.create(user=staff_user, language="es")
    factories.make_user(username="reviewer2", staff=True)

    notifications.notify_submitted(report_id=report.pk)

    messages = _by_recipient()
    assert messages[("staff@example.org",)].subject == (
        "[SSC Reports] TSG ha enviado su informe 2024-2025"
    )
    assert messages[("reviewer2@example.org",)].subject == (
        "[SSC Reports] TSG submitted its 2024-2025 report"
    )


def test_invitation_in_the_invited_users_language(report):
    user = factories.make_user(username="newcomer")
    UserPreference.objects.create(user=user, language="fr")

    notifications.send_invitation(user_id=user.pk, group_id=report.group.pk)

    (message,) = mail.outbox
    assert message.to == ["newcomer@example.org"]
    assert message.subject == "[SSC Reports] Vous pouvez maintenant faire rapport pour TSG"
    assert message.body.startswith("Bonjour,")


def test_reminder_in_each_officers_language_with_dates_in_it(officers):
    report = officers
    deadline = report.period.submission_deadline
    today = deadline - datetime.timedelta(days=7)

    assert send_reminders(today=today) == 1

    messages = _by_recipient()
    assert len(messages) == 3
    french = messages[("officer@example.org",)]
    spanish = messages[("ana@example.org",)]
    english = messages[("bob@example.org",)]
    with_date = {
        "fr": f"{deadline.day} ",
        "es": f"{deadline.day} de ",
    }
    assert french.subject.startswith("[SSC Reports] TSG : votre rapport 2024-2025 est attendu le ")
    assert with_date["fr"] in french.subject
    assert spanish.subject.startswith("[SSC Reports] TSG: su informe 2024-2025 vence el ")
    assert with_date["es"] in spanish.subject
    assert english.subject.startswith("[SSC Reports] TSG: your 2024-2025 report is due ")
