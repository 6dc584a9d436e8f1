"""Two staff deciding on the same report at the same moment: the row lock lets exactly one
transition through; the other sees the new state and gets a clear ReportStateError.

Needs real row locks (SELECT ... FOR UPDATE): PostgreSQL only; runs in CI's PostgreSQL pass
(`bash .ci/with-postgres.sh .venv/bin/python -m pytest tests/review`)."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from ssc_reports.models import Report, ReportEvent
from ssc_reports.review.workflow import (
    ReportStateError,
    approve_report,
    return_report,
    submit_report,
)
from tests import factories

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks (SQLite serialises whole-database writes)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """Transactional tests empty the tables after each test, the migrations' reference data
    included: load it again (idempotent), as tests/browser/conftest.py does."""
    from django.apps import apps

    from ssc_reports.reference import load_reference_data

    load_reference_data(apps)


def _race(actions):
    """Run each action in its own thread and database connection, released together."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=30)
            action()
            outcomes[index] = "ok"
        except ReportStateError as error:
            outcomes[index] = error
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.fixture
def race_report(db):
    group = factories.make_group(acronym="RSG")
    officer = factories.make_member(group=group, user=factories.make_user(username="r-officer"))
    target = factories.make_target(group=group, code="T-001")
    period = factories.make_period(deadline=timezone.localdate() + datetime.timedelta(days=30))
    report = factories.make_report(group=group, period=period)
    factories.set_status(report=report, target=target)
    activity = factories.make_activity(report=report, target=target)
    factories.make_result(activity=activity, number=3)
    submit_report(report=report, by=officer)
    return report


def test_concurrent_approve_and_return_exactly_one_wins(race_report):
    first = factories.make_user(username="reviewer-a", staff=True)
    second = factories.make_user(username="reviewer-b", staff=True)

    outcomes = _race(
        [
            lambda: approve_report(report=race_report, by=first),
            lambda: return_report(report=race_report, by=second, reason="Needs work."),
        ]
    )

    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    loser = next(o for o in outcomes if o != "ok")
    assert isinstance(loser, ReportStateError), loser
    report = Report.objects.get(pk=race_report.pk)
    if outcomes[0] == "ok":
        assert report.status == Report.Status.APPROVED
        assert report.approved_pdf.name == ""  # rendered by the worker, not the approval
        from tests.pdf.worker import run_queued_tasks

        run_queued_tasks()
        assert Report.objects.get(pk=report.pk).approved_pdf.name != ""
        assert str(loser) == (
            "The RSG 2024-2025 report is approved: only a submitted report can be returned."
        )
    else:
        assert report.status == Report.Status.RETURNED
        assert report.approved_pdf.name == ""
        assert str(loser) == (
            "The RSG 2024-2025 report is returned: only a submitted report can be approved."
        )
    decisions = ReportEvent.objects.filter(report=report, old_status=Report.Status.SUBMITTED)
    assert decisions.count() == 1


def test_concurrent_returns_exactly_one_wins(race_report):
    first = factories.make_user(username="reviewer-a", staff=True)
    second = factories.make_user(username="reviewer-b", staff=True)

    outcomes = _race(
        [
            lambda: return_report(report=race_report, by=first, reason="From A."),
            lambda: return_report(report=race_report, by=second, reason="From B."),
        ]
    )

    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    loser = next(o for o in outcomes if o != "ok")
    assert str(loser) == (
        "The RSG 2024-2025 report is returned: only a submitted report can be returned."
    )
    events = ReportEvent.objects.filter(report=race_report, new_status=Report.Status.RETURNED)
    assert events.count() == 1
    assert Report.objects.get(pk=race_report.pk).status == Report.Status.RETURNED
