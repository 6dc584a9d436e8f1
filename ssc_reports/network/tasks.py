"""Background compilation of the SSC Species Report with Django's tasks API (django-tasks).

The database backend keeps the queue in the database, so nothing beyond it is needed; start a
worker with `python manage.py run_worker` (`make worker`): django-tasks-db's worker, which
also queues again, at its start and every SSC_WORKER_RECOVER_EVERY seconds, every compilation
whose worker died (see ssc_reports/management/commands/run_worker.py). Several workers on
several machines can share one PostgreSQL database: each task is claimed by exactly one of
them, and each stalled compilation is queued again by exactly one of them.

Services (keyword-only, transactional):
- start_compilation(period=, by=): a new Compilation, its task enqueued after commit.
- retry_compilation(compilation=, by=): enqueue again a failed or stalled compilation
  (its worker was killed, or the machine stopped); parts already rendered are reused.
- retry_stalled_compilations(by=): the same for every stalled one (what `run_worker` does;
  also `compile_species_report --retry-stalled`).

A compilation attempt owns its row by its attempt number: a superseded attempt (the row was
retried while it was still alive) stops at its next progress report.
"""

import logging
import shutil
import tempfile
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ssc_reports.models.compilation import Compilation
from ssc_reports.network.compile import CompilationError, Superseded, compile_period
from ssc_reports.storage import publish, scratch_dir

logger = logging.getLogger("ssc_reports.tasks")


def output_name(period, content_hash: str) -> str:
    """The stored name of the period's compiled report with content `content_hash`: keyed by
    its content, so a name is written once and a complete file is never replaced."""
    return f"compilations/ssc-species-report-{period.label}-{content_hash[:16]}.pdf"


def store_compiled(period, source: Path, content_hash: str) -> str:
    """Store the compiled PDF `source` (a scratch file); returns its stored name."""
    with source.open("rb") as stream:
        return publish(output_name(period, content_hash), File(stream, name=source.name))


def _append_log(compilation_id: int, line: str) -> None:
    compilation = Compilation.objects.get(pk=compilation_id)
    stamp = timezone.now().strftime("%Y-%m-%d %H:%M:%S UTC")
    compilation.log = (compilation.log + f"{stamp} {line}\n")[-20000:]
    compilation.save(update_fields=["log"])


def _enqueue(compilation: Compilation) -> None:
    attempt = compilation.attempts

    def enqueue():
        result = compile_species_report_task.enqueue(compilation.pk, attempt)
        Compilation.objects.filter(pk=compilation.pk, attempts=attempt).update(
            task_id=str(result.id)
        )

    transaction.on_commit(enqueue)


@transaction.atomic
def start_compilation(*, period, by=None) -> Compilation:
    compilation = Compilation.objects.create(period=period, requested_by=by, attempts=1)
    _enqueue(compilation)
    return compilation


def _forget_dead_task(task_id: str) -> None:
    """Mark the dead attempt's task result failed, so the queue does not show it running."""
    if not task_id:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED", finished_at=timezone.now()
    )


@transaction.atomic
def retry_compilation(*, compilation: Compilation, by=None) -> Compilation:
    """Enqueue a failed or stalled compilation again, as a new attempt.

    Raises CompilationError when it is complete or still alive, including when another
    worker retried it, or its attempt reported progress, since it was read.
    """
    compilation = Compilation.objects.select_for_update().get(pk=compilation.pk)
    if compilation.status == Compilation.Status.DONE:
        raise CompilationError("This compilation is complete; start a new one instead.")
    if compilation.status != Compilation.Status.FAILED and not compilation.is_stalled():
        raise CompilationError("This compilation is still running.")
    why = compilation.error or "its worker stopped (no progress)"
    seen = {
        "attempts": compilation.attempts,
        "status": compilation.status,
        "heartbeat_at": compilation.heartbeat_at,
    }
    compilation.attempts += 1
    compilation.status = Compilation.Status.QUEUED
    compilation.error = ""
    compilation.heartbeat_at = timezone.now()
    stamp = timezone.now().strftime("%Y-%m-%d %H:%M:%S UTC")
    who = f" by {by}" if by else ""
    compilation.log += f"{stamp} attempt {compilation.attempts} queued{who}: {why}\n"
    # Compare and set: select_for_update() serialises retries on PostgreSQL; on a database
    # without row locks (SQLite) the row must still be the one read, or someone else won.
    if not Compilation.objects.filter(pk=compilation.pk, **seen).update(
        attempts=compilation.attempts,
        status=compilation.status,
        error=compilation.error,
        heartbeat_at=compilation.heartbeat_at,
        log=compilation.log,
    ):
        raise CompilationError("This compilation was retried, or made progress, meanwhile.")
    _forget_dead_task(compilation.task_id)
    _enqueue(compilation)
    return compilation


def _waiting_task_ids(task_ids) -> set[str]:
    """The tasks still waiting in the queue for a free worker (not dead: not to be retried)."""
    from django_tasks_db.models import DBTaskResult

    ids = [task_id for task_id in task_ids if task_id]
    return {
        str(pk)
        for pk in DBTaskResult.objects.filter(id__in=ids, status="READY").values_list(
            "id", flat=True
        )
    }


def retry_stalled_compilations(*, by=None) -> list[Compilation]:
    """Enqueue again every compilation whose worker died: queued or running, no progress for
    SSC_COMPILE_STALLED_AFTER seconds, and its task not merely waiting for a free worker.

    Safe to run at the same time from several workers: each compilation is queued again once
    (the others' retry_compilation() finds it no longer stalled and skips it).
    """
    stalled = [
        compilation
        for compilation in Compilation.objects.filter(
            status__in=[Compilation.Status.QUEUED, Compilation.Status.RUNNING]
        ).select_related("period")
        if compilation.is_stalled()
    ]
    waiting = _waiting_task_ids(compilation.task_id for compilation in stalled)
    retried = []
    for compilation in stalled:
        if compilation.task_id in waiting:
            continue
        try:
            retried.append(retry_compilation(compilation=compilation, by=by))
        except CompilationError:
            continue  # another worker queued it again first, or it made progress
    return retried


def run_compilation(compilation_id: int, attempt: int) -> dict:
    """Compile the period of `compilation_id` (the work of the task). Returns a summary."""
    now = timezone.now()
    claimed = Compilation.objects.filter(
        pk=compilation_id,
        attempts=attempt,
        status__in=[Compilation.Status.QUEUED, Compilation.Status.RUNNING],
    ).update(status=Compilation.Status.RUNNING, started_at=now, heartbeat_at=now)
    if not claimed:
        logger.info("Compilation %s attempt %s was superseded; skipped.", compilation_id, attempt)
        return {"skipped": True}
    compilation = Compilation.objects.select_related("period__quadrennium").get(pk=compilation_id)
    scratch = Path(tempfile.mkdtemp(prefix="compilation-", dir=scratch_dir("compilations")))
    output = scratch / "compiled.pdf"

    def mine():
        return Compilation.objects.filter(pk=compilation_id, attempts=attempt)

    def on_start(total):
        if not mine().update(total=total, heartbeat_at=timezone.now()):
            raise Superseded

    def on_progress(done, total):
        if not mine().update(done=done, total=total, heartbeat_at=timezone.now()):
            raise Superseded

    try:
        result = compile_period(
            compilation.period, output, on_start=on_start, on_progress=on_progress
        )
        name = store_compiled(compilation.period, output, result.content_hash)
    except Superseded:
        logger.info("Compilation %s attempt %s was superseded.", compilation_id, attempt)
        return {"superseded": True}
    except Exception as error:
        message = f"{type(error).__name__}: {error}"
        logger.exception("Compilation %s failed", compilation_id)
        mine().update(
            status=Compilation.Status.FAILED, error=message[:2000], finished_at=timezone.now()
        )
        _append_log(compilation_id, f"attempt {attempt} failed: {message}")
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    mine().update(
        status=Compilation.Status.DONE,
        done=len(result.parts),
        total=len(result.parts),
        rendered=result.rendered,
        reused=result.reused,
        pages=result.pages,
        file=name,
        content_hash=result.content_hash,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    for line in result.log:
        _append_log(compilation_id, line)
    return {
        "pages": result.pages,
        "rendered": result.rendered,
        "reused": result.reused,
        "seconds": round(result.timings["total"], 2),
    }


@task()
def compile_species_report_task(compilation_id: int, attempt: int) -> dict:
    return run_compilation(compilation_id, attempt)
