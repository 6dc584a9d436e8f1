"""`make run` (scripts/run.sh) starts the background worker beside the web server, and one
Ctrl-C (SIGINT to the terminal's foreground process group) stops both. Real processes, on a
SQLite file database of their own."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.own_database

BASE_DIR = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[tuple[int, str]]:
    """The processes below `pid`, with their command lines."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append((int(entry.name), cmdline))
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state != "Z"


def test_make_run_starts_the_worker_and_one_ctrl_c_stops_both(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SSC_SCRATCH_DIR": str(tmp_path / "scratch"),
        "PY": sys.executable,
        "PORT": str(port),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=BASE_DIR, env=env, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    script = subprocess.Popen(
        ["bash", "scripts/run.sh"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as page:
                    assert page.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline, "the web server did not answer"
                assert script.poll() is None, "scripts/run.sh ended"
                time.sleep(0.5)
        children = _children(script.pid)
        commands = sorted(command.split("manage.py ")[1].split()[0] for _, command in children)
        assert commands == ["run_worker", "runserver"]

        os.killpg(script.pid, signal.SIGINT)  # Ctrl-C
        assert script.wait(timeout=60) == 130
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid, _ in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [pid for pid, _ in children if _alive(pid)] == []
    finally:
        if script.poll() is None:
            os.killpg(script.pid, signal.SIGKILL)
