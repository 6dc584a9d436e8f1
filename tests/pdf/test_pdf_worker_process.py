"""End to end with real processes: a download through the web stack queues the render, a real
`run_worker` process renders it (forking its time-limited layout), and the next download
serves the file. A SQLite file database of its own (the test database is invisible to other
processes)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.own_database

BASE_DIR = Path(__file__).resolve().parents[2]

DOWNLOAD = """
from django.test import Client
from groups.models import Group
from django.contrib.auth import get_user_model
from tests import factories
group = Group.objects.filter(acronym="WSG").first() or factories.make_group(acronym="WSG")
if not group.reports.exists():
    report = factories.make_report(group=group, period=factories.make_period())
    target = factories.make_target(group=group, code="T-001", title="Count the worms")
    factories.set_status(report=report, target=target)
    factories.make_member(group=group, user=factories.make_user(username="worm-officer"))
client = Client()
client.force_login(get_user_model().objects.get(username="worm-officer"))
response = client.get("/reports/WSG/2024-2025/pdf/", secure=True)
print(response["Content-Type"])
if response["Content-Type"] == "application/pdf":
    open({path!r}, "wb").write(b"".join(response.streaming_content))
"""


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def last_line(output: str) -> str:
    return output.strip().splitlines()[-1]  # after the shell's "N objects imported"


def test_run_worker_renders_the_queued_pdf_and_the_download_serves_it(tmp_path):
    db = tmp_path / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "MEDIA_ROOT": str(tmp_path / "m"),
           "SSC_SCRATCH_DIR": str(tmp_path / "s"),
           "DEBUG": "false", "ALLOWED_HOSTS": "testserver"}  # fmt: skip
    pdf = tmp_path / "download.pdf"
    manage(env, "migrate", "--noinput")

    assert last_line(manage(env, "shell", "-c", DOWNLOAD.format(path=str(pdf)))) == (
        "text/html; charset=utf-8"
    )
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT status FROM ssc_reports_reportpdf").fetchall() == [
            ("queued",)
        ]

    manage(env, "run_worker", "--batch", "--no-startup-delay", "--interval", "0")

    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT status FROM ssc_reports_reportpdf").fetchall() == [
            ("done",)
        ]
    assert last_line(manage(env, "shell", "-c", DOWNLOAD.format(path=str(pdf)))) == (
        "application/pdf"
    )
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Count the worms" in text
