"""deploy/: the systemd units of a web machine, a worker machine and the hourly reminders pass
`systemd-analyze verify` (where systemd is installed), run the right commands, and nothing in
them is left to a default that would lose work."""

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

DEPLOY = Path(settings.BASE_DIR) / "deploy"
INSTALL_DIR = "/srv/ssc-reports"
UNITS = [
    "ssc-reports-web.service",
    "ssc-reports-worker.service",
    "ssc-reports-reminders.service",
    "ssc-reports-reminders.timer",
]


def read_unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / name)
    return parser


def test_deploy_holds_exactly_the_units():
    assert sorted(p.name for p in DEPLOY.iterdir()) == sorted(UNITS)


@pytest.mark.parametrize(
    ("unit", "command"),
    [
        ("ssc-reports-web.service", f"{INSTALL_DIR}/.venv/bin/gunicorn ssc_reports.wsgi "),
        ("ssc-reports-worker.service", f"{INSTALL_DIR}/.venv/bin/python manage.py run_worker"),
        (
            "ssc-reports-reminders.service",
            f"{INSTALL_DIR}/.venv/bin/python manage.py send_reminders",
        ),
    ],
)
def test_service_runs_the_command_with_the_environment_file(unit, command):
    service = read_unit(unit)["Service"]

    assert service["ExecStart"].startswith(command)
    assert service["EnvironmentFile"] == "/etc/ssc-reports/env"
    assert service["User"] == "ssc-reports"
    assert service["WorkingDirectory"] == INSTALL_DIR


def test_worker_restarts_always_and_reminders_run_hourly():
    assert read_unit("ssc-reports-worker.service")["Service"]["Restart"] == "always"
    timer = read_unit("ssc-reports-reminders.timer")
    assert timer["Timer"]["OnCalendar"] == "hourly"
    assert timer["Install"]["WantedBy"] == "timers.target"


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here"
)
def test_units_pass_systemd_analyze_verify(tmp_path):
    # The units name the production install folder; point them at this checkout, whose
    # .venv holds the same programs, so that verify can check every ExecStart.
    for name in UNITS:
        text = (DEPLOY / name).read_text().replace(INSTALL_DIR, str(settings.BASE_DIR))
        (tmp_path / name).write_text(text)

    result = subprocess.run(
        ["systemd-analyze", "verify", *[str(tmp_path / name) for name in UNITS]],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "Failed to parse" not in result.stderr, result.stderr
    assert "Unknown" not in result.stderr, result.stderr
