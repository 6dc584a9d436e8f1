"""Running the background worker in the test process: django-tasks-db's own Worker, in batch
mode (it runs every queued task, then returns), as `run_worker` runs them.

The worker closes stale database connections between tasks (close_old_connections); in the
test process that connection holds the test's transaction, so that hygiene step is left out
here (tests/pdf/test_pdf_worker_process.py runs a real `run_worker` process)."""

from unittest import mock

from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult


def run_queued_tasks() -> list[DBTaskResult]:
    """Run every queued task; return all task results (status, return value or error)."""
    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        worker.run()
    return list(DBTaskResult.objects.order_by("enqueued_at"))
