"""retry_stalled_compilations(), what `run_worker` calls at its start and periodically: only a
compilation whose worker died is queued again, once, and the page's log says so."""

import datetime

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ssc_reports.management.commands.run_worker import RecoveringWorker
from ssc_reports.models.compilation import Compilation
from ssc_reports.network.tasks import retry_stalled_compilations, start_compilation


def started(period, django_capture_on_commit_callbacks, *, status, seconds_ago, task_status):
    with django_capture_on_commit_callbacks(execute=True):
        compilation = start_compilation(period=period)
    compilation.refresh_from_db()
    DBTaskResult.objects.filter(id=compilation.task_id).update(status=task_status)
    Compilation.objects.filter(pk=compilation.pk).update(
        status=status,
        done=1,
        total=3,
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=seconds_ago),
    )
    return compilation


def test_recover_stalled_compilation_is_queued_again_once(
    network, settings, django_capture_on_commit_callbacks
):
    settings.SSC_COMPILE_STALLED_AFTER = 2
    compilation = started(
        network.period,
        django_capture_on_commit_callbacks,
        status="running",
        seconds_ago=3,
        task_status="RUNNING",
    )
    dead_task = compilation.task_id
    with django_capture_on_commit_callbacks(execute=True):
        retried = retry_stalled_compilations(by="worker w1")
    assert [c.pk for c in retried] == [compilation.pk]
    compilation.refresh_from_db()
    assert (compilation.status, compilation.attempts) == ("queued", 2)
    assert compilation.log.endswith(
        " attempt 2 queued by worker w1: its worker stopped (no progress)\n"
    )
    assert DBTaskResult.objects.get(id=dead_task).status == "FAILED"
    new_task = DBTaskResult.objects.get(id=compilation.task_id)
    assert (new_task.status, new_task.args_kwargs["args"]) == ("READY", [compilation.pk, 2])
    # A second worker looking right after finds nothing to do.
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_stalled_compilations(by="worker w2") == []
    assert DBTaskResult.objects.count() == 2
    compilation.refresh_from_db()
    assert compilation.attempts == 2


def test_recover_leaves_a_slow_compilation_that_makes_progress(
    network, settings, django_capture_on_commit_callbacks
):
    settings.SSC_COMPILE_STALLED_AFTER = 2
    compilation = started(
        network.period,
        django_capture_on_commit_callbacks,
        status="running",
        seconds_ago=1,
        task_status="RUNNING",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_stalled_compilations() == []
    compilation.refresh_from_db()
    assert (compilation.status, compilation.attempts, compilation.log) == ("running", 1, "")
    assert DBTaskResult.objects.get().status == "RUNNING"


def test_recover_leaves_a_compilation_waiting_for_a_free_worker(
    network, settings, django_capture_on_commit_callbacks
):
    settings.SSC_COMPILE_STALLED_AFTER = 2
    compilation = started(
        network.period,
        django_capture_on_commit_callbacks,
        status="queued",
        seconds_ago=30,
        task_status="READY",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_stalled_compilations() == []
    compilation.refresh_from_db()
    assert (compilation.status, compilation.attempts) == ("queued", 1)
    assert DBTaskResult.objects.count() == 1


def test_recover_skips_while_a_task_runs_in_the_worker(
    network, settings, django_capture_on_commit_callbacks
):
    settings.SSC_COMPILE_STALLED_AFTER = 2
    compilation = started(
        network.period,
        django_capture_on_commit_callbacks,
        status="running",
        seconds_ago=3,
        task_status="RUNNING",
    )
    worker = RecoveringWorker(
        recover_every=0,
        queue_names=["default"],
        interval=1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="w1",
        excluded_queue_names=[],
    )
    worker._busy = True
    assert worker.recover() == []
    worker._busy = False
    with django_capture_on_commit_callbacks(execute=True):
        assert [c.pk for c in worker.recover()] == [compilation.pk]
    compilation.refresh_from_db()
    assert compilation.attempts == 2
    assert "attempt 2 queued by worker w1: " in compilation.log


def test_recover_by_hand_with_the_command_says_what_it_queued(
    network, settings, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    settings.SSC_COMPILE_STALLED_AFTER = 2
    compilation = started(
        network.period,
        django_capture_on_commit_callbacks,
        status="running",
        seconds_ago=3,
        task_status="RUNNING",
    )
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("compile_species_report", "--retry-stalled", stdout=out)
    assert out.getvalue() == f"Queued again: compilation {compilation.pk} (2024-2025), attempt 2.\n"
    out = StringIO()
    call_command("compile_species_report", "--retry-stalled", stdout=out)
    assert out.getvalue() == "No stalled compilation.\n"
