"""Without Chromium the browser tests skip on a workstation but fail in CI."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.own_database

ROOT = Path(__file__).resolve().parents[2]


def _run_browser_test(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"CI"}}
    environment.update(SSC_TEST_CHROMIUM="/nonexistent/chromium", **env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:warnings", "--nomigrations",
         "tests/browser/test_concurrent_edit.py::test_deleting_an_activity_asks_first"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("ci", "returncode", "summary"), [(None, 0, "1 skipped"), ("true", 1, "1 error")]
)
def test_missing_chromium_skips_locally_and_fails_in_ci(ci, returncode, summary):
    done = _run_browser_test(**({"CI": ci} if ci else {}))

    assert done.returncode == returncode, done.stdout[-2000:]
    assert summary in done.stdout
    assert "Chromium is not installed at /nonexistent/chromium" in done.stdout + done.stderr
