"""Running the background worker in the test process: django-tasks-db's own Worker, in batch
mode (it runs every queued task, then returns), as `run_worker` runs them."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queued_tasks() -> list[DBTaskResult]:
    """Run every queued task; return their results (status, return value or error)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
    return list(DBTaskResult.objects.order_by("enqueued_at"))
