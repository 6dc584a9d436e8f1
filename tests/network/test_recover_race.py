"""Several workers on several machines look for stalled compilations at the same moment:
exactly one queues each one again.

Needs real row locks (SELECT ... FOR UPDATE) and concurrent connections: PostgreSQL only;
runs in CI's PostgreSQL pass
(`bash .ci/with-postgres.sh .venv/bin/python -m pytest tests/network/test_recover_race.py`).
"""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ssc_reports.models.compilation import Compilation
from ssc_reports.network.tasks import retry_stalled_compilations, start_compilation

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks and concurrent connections",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """Transactional tests empty the tables after each test, the migrations' reference data
    included: load it again (idempotent) before the test, as tests/review/test_concurrency.py
    does."""
    from django.apps import apps

    from ssc_reports.reference import load_reference_data

    load_reference_data(apps)


@pytest.fixture(autouse=True, scope="module")
def _reference_data_after(django_db_blocker):
    """...and after this module's last test (its table flush), for the tests that follow in
    the same process."""
    yield
    from django.apps import apps

    from ssc_reports.reference import load_reference_data

    with django_db_blocker.unblock():
        load_reference_data(apps)


def test_recover_by_several_workers_at_once_queues_it_again_once(settings):
    """Four workers look at the same moment, each in its own thread and database connection
    (on PostgreSQL: row locks; on SQLite: the compare-and-set update): one wins."""
    from tests.network.conftest import build_network

    settings.SSC_COMPILE_STALLED_AFTER = 2
    network = build_network()
    compilation = start_compilation(period=network.period)  # autocommit: enqueued now
    compilation.refresh_from_db()
    DBTaskResult.objects.filter(id=compilation.task_id).update(status="RUNNING")
    Compilation.objects.filter(pk=compilation.pk).update(
        status="running", heartbeat_at=timezone.now() - datetime.timedelta(seconds=3)
    )
    barrier = threading.Barrier(4)
    results, errors = [], []

    def look(name):
        try:
            barrier.wait()
            results.append((name, [c.pk for c in retry_stalled_compilations(by=name)]))
        except Exception as error:  # noqa: BLE001 - asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=look, args=(f"worker w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(len(retried) for _, retried in results) == [0, 0, 0, 1]
    compilation.refresh_from_db()
    assert (compilation.status, compilation.attempts) == ("queued", 2)
    assert compilation.log.count(" queued by worker w") == 1
    assert DBTaskResult.objects.filter(status="READY").count() == 1
