"""Kill the background worker in the middle of a compilation; a new worker recovers it by
itself and completes it, and the download never points at a partial file.

Runs real processes against a SQLite file database of its own (the test database of the test
process is invisible to other processes): `manage.py migrate`, a shell to build the data,
`compile_species_report --enqueue`, `run_worker` (with two rendering processes), SIGKILL,
then a new `run_worker`, which queues the stalled compilation again with no manual retry.
"""

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.own_database

BASE_DIR = Path(__file__).resolve().parents[2]


def manage(env, *args, timeout=180):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def start_worker(env, *extra):
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "run_worker",
            "--interval",
            "0.2",
            "--no-startup-delay",
            *extra,
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the worker and its rendering processes
    )


def latest(db):
    with sqlite3.connect(db, timeout=20) as connection:
        return connection.execute(
            "SELECT id, status, done, total, attempts, rendered, reused, pages, file "
            "FROM ssc_reports_compilation ORDER BY id DESC LIMIT 1"
        ).fetchone()


def wait_for(predicate, db, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = latest(db)
        if row and predicate(row):
            return row
        time.sleep(0.1)
    raise AssertionError(f"timed out; last state {latest(db)}")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_killed_worker_leaves_previous_file_and_a_new_worker_recovers_it(tmp_path):
    db = tmp_path / "db.sqlite3"
    media = tmp_path / "media"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "MEDIA_ROOT": str(media),
        "SSC_SCRATCH_DIR": str(tmp_path / "scratch"),
        "DEBUG": "false",
        "SSC_COMPILE_PROCESSES": "2",
        "SSC_COMPILE_PART_RENDERER": "tests.network.renderers.slow",
        "SSC_TEST_RENDER_DELAY": "0",
        "SSC_COMPILE_STALLED_AFTER": "2",
    }
    manage(env, "migrate", "--noinput")
    manage(
        env,
        "shell",
        "-c",
        "from tests.network.conftest import build_network; from ssc_reports.models import Report; "
        "build_network(); Report.objects.update(status='approved')",
    )

    # A first, complete compilation: the file the download link gives until the next one.
    manage(env, "compile_species_report", "2024-2025", "--enqueue")
    worker = start_worker(env, "--batch")
    assert worker.wait(timeout=300) == 0
    first = latest(db)
    assert first[1:4] == ("done", 5, 5)
    assert first[8].startswith("compilations/ssc-species-report-2024-2025-")
    output = media / first[8]
    previous = sha(output)

    # Change every report, so that every part renders again, slowly; kill the worker (and its
    # rendering processes) once the first part is done.
    manage(
        env,
        "shell",
        "-c",
        "from ssc_reports.models import Report; "
        "Report.objects.update(projected_impact='A new projected impact.')",
    )
    env["SSC_TEST_RENDER_DELAY"] = "3"
    manage(env, "compile_species_report", "2024-2025", "--enqueue")
    worker = start_worker(env)
    try:
        row = wait_for(lambda r: r[0] != first[0] and r[2] >= 1, db, timeout=120)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    killed = latest(db)
    assert killed[1] == "running"
    assert 1 <= killed[2] < killed[3] == 5
    assert sha(output) == previous  # the download is still the previous complete file
    assert len(PdfReader(str(output)).pages) == first[7]

    # The worker is gone: the compilation stalls (no progress for SSC_COMPILE_STALLED_AFTER = 2
    # seconds). A new worker, started at once, does not retry it while it is fresh, then finds
    # it stalled at one of its periodic looks and queues it again as attempt 2, with no manual
    # retry; it completes it, reusing the parts rendered before the kill.
    env["SSC_TEST_RENDER_DELAY"] = "0"
    env["SSC_WORKER_RECOVER_EVERY"] = "0.5"
    worker = start_worker(env)
    try:
        wait_for(lambda r: r[0] == row[0] and r[1] == "done", db, timeout=120)
        worker.send_signal(signal.SIGTERM)  # idle: stops at once
        assert worker.wait(timeout=30) == 0
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    with sqlite3.connect(db, timeout=20) as connection:
        log = connection.execute(
            "SELECT log FROM ssc_reports_compilation WHERE id = ?", (row[0],)
        ).fetchone()[0]
        tasks = connection.execute(
            "SELECT status, args_kwargs FROM django_tasks_database_dbtaskresult "
            "ORDER BY enqueued_at"
        ).fetchall()
    assert log.count(" queued by worker ") == 1  # queued again exactly once, and reported
    assert " attempt 2 queued by worker " in log
    assert (
        log.split(" attempt 2 queued by worker ")[1]
        .split("\n")[0]
        .endswith(": its worker stopped (no progress)")
    )
    # The killed worker's task no longer shows as running; the new attempt's task succeeded.
    assert [status for status, _ in tasks] == ["SUCCESSFUL", "FAILED", "SUCCESSFUL"]
    assert json.loads(tasks[2][1]) == {"args": [row[0], 2], "kwargs": {}}
    done = latest(db)
    assert done[1:5] == ("done", 5, 5, 2)
    assert done[6] >= killed[2]  # reused at least the parts finished before the kill
    assert done[5] + done[6] == 5
    assert done[8] != first[8] and sha(output) == previous  # a new name: nothing overwritten
    output = media / done[8]
    assert sha(output) != previous
    reader = PdfReader(str(output))
    assert len(reader.pages) == done[7]
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    assert text.count("A new projected impact.") == 5
    # No temporary left beside the stored files.
    assert sorted(p.name for p in output.parent.iterdir()) == sorted(
        Path(name).name for name in (first[8], done[8])
    )


def test_a_rendering_process_that_dies_is_replaced_and_the_compilation_completes(tmp_path):
    db = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SSC_SCRATCH_DIR": str(tmp_path / "scratch"),
        "DEBUG": "false",
        "SSC_COMPILE_PART_RENDERER": "tests.network.renderers.dies_once",
        "SSC_TEST_DIE_MARKER": str(tmp_path / "died"),
    }
    manage(env, "migrate", "--noinput")
    manage(
        env,
        "shell",
        "-c",
        "from tests.network.conftest import build_network; build_network()",
    )
    output = tmp_path / "out" / "report.pdf"
    result = subprocess.run(
        [sys.executable, "manage.py", "compile_species_report", "2024-2025", "-o", str(output),
         "--processes", "2"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "died").exists()
    assert "a worker process died (" in result.stderr
    assert ", starting the processes again" in result.stderr
    assert "3 groups: 3 rendered, 0 reused" in result.stdout
    reader = PdfReader(str(output))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    for name in ("Amphibian", "Bear", "Reptile"):
        assert f"IUCN SSC {name}" in text
