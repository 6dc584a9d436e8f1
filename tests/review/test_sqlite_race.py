"""On SQLite (no row locks), a workflow transition that loses a race to another answers as on
PostgreSQL: it sees the new state and raises ReportStateError, never "database is locked"
(issue 10). tests/review/test_concurrency.py is the PostgreSQL counterpart."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from ssc_reports.models import Report, ReportEvent
from ssc_reports.review import db_retry
from ssc_reports.review.workflow import (
    ReportStateError,
    approve_report,
    return_report,
    submit_report,
)
from tests import factories

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite behaviour"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    from django.apps import apps

    from ssc_reports.reference import load_reference_data

    load_reference_data(apps)


@pytest.fixture
def submitted(db):
    group = factories.make_group(acronym="RSG")
    officer = factories.make_member(group=group, user=factories.make_user(username="r-officer"))
    period = factories.make_period(deadline=timezone.localdate() + datetime.timedelta(days=30))
    report = factories.make_report(group=group, period=period)
    submit_report(report=report, by=officer)
    return report


def _in_thread(action, outcome):
    def run():
        try:
            action()
            outcome.append("ok")
        except ReportStateError as error:
            outcome.append(error)
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            outcome.append(repr(error))
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _hold_approval(monkeypatch):
    """approve_report waits inside its transaction (while rendering) until released."""
    inside, release = threading.Event(), threading.Event()

    def slow_render(report, **kwargs):
        inside.set()
        release.wait(30)
        return b"%PDF-1.7\n%%EOF\n"

    monkeypatch.setattr("ssc_reports.pdf.render.render_report_pdf", slow_render)
    return inside, release


def test_return_losing_to_approve_on_sqlite_answers_like_postgresql(submitted, monkeypatch):
    staff_a, staff_b = factories.make_user(staff=True), factories.make_user(staff=True)
    inside, release = _hold_approval(monkeypatch)
    approved, returned = [], []

    first = _in_thread(lambda: approve_report(report=submitted, by=staff_a), approved)
    assert inside.wait(30)
    second = _in_thread(
        lambda: return_report(report=submitted, by=staff_b, reason="Fix it"), returned
    )
    second.join(0.5)  # the return meets the approval's transaction
    release.set()
    first.join(60)
    second.join(60)

    assert approved == ["ok"]
    assert [str(error) for error in returned] == [
        "The RSG 2024-2025 report is approved: only a submitted report can be returned."
    ]
    submitted.refresh_from_db()
    assert submitted.status == Report.Status.APPROVED
    assert list(ReportEvent.objects.order_by("pk").values_list("new_status", flat=True)) == [
        Report.Status.SUBMITTED,
        Report.Status.APPROVED,
    ]


def test_transition_still_locked_answers_with_a_message(submitted, monkeypatch):
    monkeypatch.setattr(db_retry, "RETRY_FOR_SECONDS", 0.3)
    staff_a, staff_b = factories.make_user(staff=True), factories.make_user(staff=True)
    inside, release = _hold_approval(monkeypatch)
    approved, returned = [], []

    first = _in_thread(lambda: approve_report(report=submitted, by=staff_a), approved)
    assert inside.wait(30)
    second = _in_thread(
        lambda: return_report(report=submitted, by=staff_b, reason="Fix it"), returned
    )
    second.join(30)
    release.set()
    first.join(60)

    assert [str(error) for error in returned] == [db_retry.STILL_LOCKED]
    assert approved == ["ok"]
