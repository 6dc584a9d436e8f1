"""Settings for the test suite: the production settings (DEBUG off, as CI runs them) with a
key only the tests use. ssc_reports/settings.py refuses to load with DEBUG off and no real
SECRET_KEY, whatever environment CI has; subprocesses the tests start inherit this module
through DJANGO_SETTINGS_MODULE."""

import os

os.environ["SECRET_KEY"] = "tests-only-secret-key-" + "k3y-n0t-f0r-pr0duct10n-" * 3
if not os.environ.get("ALLOWED_HOSTS"):
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"

from ssc_reports.settings import *  # noqa: E402, F403
