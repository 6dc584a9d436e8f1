"""python manage.py run_worker: THE way to start the background worker (`make worker`).

django-tasks-db's worker (`db_worker`, same options), which also recovers compilations whose
worker died: at its start, and then every SSC_WORKER_RECOVER_EVERY seconds (`--recover-every`)
while it is idle, it calls `retry_stalled_compilations()`, which queues again, as a new
attempt, every compilation without progress for SSC_COMPILE_STALLED_AFTER seconds. The
database backend leaves the task of a killed worker RUNNING for ever; this is what finishes
its compilation without a staff click or a cron job.

The periodic check runs in a thread, but never while a task runs in this worker: the
compilation forks its rendering processes, and a child must not inherit a database
connection or a lock held by another thread. The thread closes its connection after each
check. A busy worker does not need to look: a worker that is free (or the next one to
start) does.
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.db import connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from ssc_reports.network.tasks import retry_stalled_compilations

logger = logging.getLogger("ssc_reports.tasks")


class RecoveringWorker(db_worker.Worker):
    def __init__(self, *, recover_every: float, **kwargs):
        super().__init__(**kwargs)
        self.recover_every = recover_every
        self._lock = threading.Lock()
        self._busy = False

    def recover(self) -> list:
        """Queue again the compilations whose worker died (unless a task runs here)."""
        with self._lock:
            if self._busy:
                return []
            try:
                retried = retry_stalled_compilations(by=f"worker {self.worker_id}")
            except Exception:  # noqa: BLE001 - logged; tried again at the next check
                logger.exception("Looking for stalled compilations failed")
                return []
        for compilation in retried:
            logger.warning(
                "Compilation %s (%s) had stalled: queued again as attempt %s.",
                compilation.pk,
                compilation.period.label,
                compilation.attempts,
            )
        return retried

    def _recover_periodically(self) -> None:
        while True:
            time.sleep(self.recover_every)
            try:
                self.recover()
            finally:
                connections.close_all()  # this thread's connections only

    def run_task(self, db_task_result) -> None:
        with self._lock:  # waits for a check in progress to finish
            self._busy = True
        try:
            super().run_task(db_task_result)
        finally:
            self._busy = False

    def run(self) -> None:
        self.recover()
        if self.recover_every > 0:
            threading.Thread(
                target=self._recover_periodically, name="recover-stalled", daemon=True
            ).start()
        super().run()


class Command(db_worker.Command):
    help = (
        "Run the background worker (django-tasks-db's db_worker) and queue again, at start and "
        "periodically, every compilation whose worker died."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--recover-every",
            type=db_worker.valid_interval,
            default=settings.SSC_WORKER_RECOVER_EVERY,
            help="Seconds between two looks for stalled compilations; 0: only at start "
            "(default: SSC_WORKER_RECOVER_EVERY, %(default)r).",
        )

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        recover_every,
        **options,
    ) -> None:
        # db_worker.Command.handle() with RecoveringWorker instead of Worker.
        self.configure_logging(verbosity)
        if not logger.hasHandlers():
            logger.addHandler(logging.StreamHandler(self.stdout))
        if reload and batch:
            db_worker.logger.warning(
                "Warning: --reload and --batch cannot be specified together. Disabling autoreload."
            )
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise db_worker.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = RecoveringWorker(
            recover_every=recover_every,
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
