"""With DEBUG off, the settings refuse a missing, short or development SECRET_KEY and an
empty ALLOWED_HOSTS: every command stops with an error naming the variable (issue 10)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from ssc_reports.settings import DEVELOPMENT_SECRET_KEY, unsafe_production_settings

pytestmark = pytest.mark.own_database

ROOT = Path(__file__).resolve().parent.parent.parent
GOOD_KEY = secrets.token_urlsafe(64)


def _manage(tmp_path, *args, **variables):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS"}
        and key not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="ssc_reports.settings",
        **variables,
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "variables, message",
    [
        ({}, "Error: SECRET_KEY is not set"),
        ({"SECRET_KEY": ""}, "Error: SECRET_KEY is not set"),
        ({"SECRET_KEY": "x" * 10 + "abcdefghij" * 3}, "Error: SECRET_KEY has 40 characters"),
        ({"SECRET_KEY": DEVELOPMENT_SECRET_KEY}, "Error: SECRET_KEY has 42 characters"),
        (
            {"SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(48)},
            "Error: SECRET_KEY is a development or example key",
        ),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": ""}, "Error: ALLOWED_HOSTS is empty"),
    ],
)
@pytest.mark.parametrize("command", [["check"], ["migrate", "--noinput"], ["send_reminders"]])
def test_manage_refuses_unsafe_production_settings(tmp_path, variables, message, command):
    done = _manage(tmp_path, *command, DEBUG="false", **variables)

    assert done.returncode == 1
    assert done.stderr.startswith(message), done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "db.sqlite3").exists()


def test_manage_runs_with_production_settings(tmp_path):
    done = _manage(
        tmp_path, "check", DEBUG="false", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="reports.example.org"
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "System check identified no issues (0 silenced)."


def test_manage_runs_with_debug_and_no_key(tmp_path):
    done = _manage(tmp_path, "check", DEBUG="true")

    assert done.returncode == 0, done.stderr


def test_wsgi_application_refuses_to_load_without_a_key(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", "import ssc_reports.wsgi"],
        cwd=ROOT,
        env={
            key: value
            for key, value in os.environ.items()
            if key not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
        }
        | {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY is not set" in done.stderr


def test_unsafe_production_settings_lists_every_problem():
    assert unsafe_production_settings(debug=False, secret_key="", allowed_hosts=[]) == [
        "SECRET_KEY is not set: set it to a long random value (DEBUG is off).",
        "ALLOWED_HOSTS is empty: list the host names the site answers to.",
    ]
    assert unsafe_production_settings(debug=False, secret_key="a" * 60, allowed_hosts=["x"]) == [
        "SECRET_KEY is a development or example key: set a random one."
    ]
    assert unsafe_production_settings(debug=True, secret_key="", allowed_hosts=[]) == []
    assert unsafe_production_settings(debug=False, secret_key=GOOD_KEY, allowed_hosts=["x"]) == []
