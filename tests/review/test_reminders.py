import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from freezegun import freeze_time

from ssc_reports.models import Report
from ssc_reports.models.review import SentReminder
from ssc_reports.review.lock import grant_extension
from ssc_reports.review.reminders import due_step
from tests import factories

DEADLINE = datetime.date(2025, 5, 31)


@pytest.fixture
def network(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REPORT_REMINDER_DAYS = [30, 7, 1, -1, -7]
    period = factories.make_period(deadline=DEADLINE)
    reports = {}
    for acronym, status in [
        ("DSG", Report.Status.DRAFT),
        ("RSG", Report.Status.RETURNED),
        ("SSG", Report.Status.SUBMITTED),
        ("ASG", Report.Status.APPROVED),
    ]:
        group = factories.make_group(acronym=acronym)
        factories.make_member(group=group, user=factories.make_user(username=f"{acronym}-a"))
        factories.make_member(group=group, user=factories.make_user(username=f"{acronym}-b"))
        reports[acronym] = factories.make_report(group=group, period=period, status=status)
    return reports


def _run():
    mail.outbox.clear()
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return sorted((m.to[0].split("-")[0], m.subject) for m in mail.outbox)


@pytest.mark.parametrize(
    ("today", "step"),
    [
        ("2025-04-30", None),
        ("2025-05-01", 30),
        ("2025-05-23", 30),
        ("2025-05-24", 7),
        ("2025-05-30", 1),
        ("2025-05-31", 1),
        ("2025-06-01", -1),
        ("2025-06-07", -7),
        ("2025-09-01", -7),
    ],
)
def test_due_step_is_the_latest_step_reached(today, step):
    assert due_step(DEADLINE, datetime.date.fromisoformat(today), [30, 7, 1, -1, -7]) == step


def test_send_reminders_twice_sends_each_digest_once(network):
    with freeze_time("2025-05-24 09:00"):
        first = _run()
        second = _run()

    assert first == [
        ("DSG", "[SSC Reports] DSG: your 2024-2025 report is due 31 May 2025"),
        ("RSG", "[SSC Reports] RSG: your 2024-2025 report is due 31 May 2025"),
    ]
    assert second == []
    assert list(SentReminder.objects.values_list("report__group__acronym", "step")) == [
        ("DSG", 7),
        ("RSG", 7),
    ]


def test_send_reminders_one_digest_per_group_to_all_its_officers(network):
    with freeze_time("2025-05-24 09:00"):
        _run()
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115

    dsg = [m for m in mail.outbox if m.to[0].startswith("DSG")]
    assert len(dsg) == 1
    assert dsg[0].to == ["DSG-a@example.org", "DSG-b@example.org"]
    assert "due in 7 days, on 31 May 2025" in dsg[0].body
    assert "Still missing:" in dsg[0].body
    assert "- The mission statement is empty." in dsg[0].body
    assert "http://127.0.0.1:8000/reports/DSG/2024-2025/" in dsg[0].body


def test_send_reminders_hourly_through_the_season_sends_each_step_once(network):
    sent = []
    day = datetime.datetime(2025, 4, 20, 0, 30)
    while day < datetime.datetime(2025, 6, 20):
        with freeze_time(day):
            sent += [(day.date().isoformat(), group) for group, _ in _run()]
        day += datetime.timedelta(hours=6)

    dsg_days = [d for d, group in sent if group == "DSG"]
    assert dsg_days == ["2025-05-01", "2025-05-24", "2025-05-30", "2025-06-01", "2025-06-07"]
    assert len(sent) == 10  # DSG and RSG, five steps each; never SSG or ASG


def test_send_reminders_after_deadline_says_overdue(network):
    with freeze_time("2025-06-01 08:00"):
        _run()

    message = next(m for m in mail.outbox if m.to[0].startswith("DSG"))
    assert message.subject == "[SSC Reports] DSG: your 2024-2025 report is overdue"
    assert "was due on 31 May 2025, 1 day ago" in message.body


def test_send_reminders_follows_an_extension(network, staff_user):
    grant_extension(report=network["DSG"], by=staff_user, until=datetime.date(2025, 6, 30))

    with freeze_time("2025-06-01 08:00"):
        sent = _run()

    assert sent == [
        ("DSG", "[SSC Reports] DSG: your 2024-2025 report is due 30 June 2025"),
        ("RSG", "[SSC Reports] RSG: your 2024-2025 report is overdue"),
    ]
    assert SentReminder.objects.get(report=network["DSG"]).step == 30


def test_send_reminders_skips_closed_periods(network):
    network["DSG"].period.is_open = False
    network["DSG"].period.save()

    with freeze_time("2025-05-24 09:00"):
        assert _run() == []
