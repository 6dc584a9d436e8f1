import datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone, translation

from ssc_reports.reference import load_reference_data
from targets.models import Quadrennium
from tests import factories


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploads and rendered files into its own folder, and its scratch files
    into another."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SSC_SCRATCH_DIR = tmp_path / "scratch"


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """Tests talk plain HTTP to the test client and live server: no HTTPS redirect or
    secure-only cookies (production settings keep them; test_deploy_check checks that)."""
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture(autouse=True)
def _english_to_start_with():
    """Every test starts in English, the site's default: a page asked for in French or Spanish
    leaves its thread in that language (LocaleMiddleware activates, nothing deactivates)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing test passwords with PBKDF2 would cost most of the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_user(db):
    return factories.make_user(username="staff", staff=True)


@pytest.fixture
def group(db):
    return factories.make_group(acronym="TSG", name="IUCN SSC Test Specialist Group")


@pytest.fixture
def officer(group):
    return factories.make_member(group=group, user=factories.make_user(username="officer"))


@pytest.fixture
def other_officer(db):
    other = factories.make_group(acronym="OSG", name="IUCN SSC Other Specialist Group")
    return factories.make_member(group=other, user=factories.make_user(username="other"))


@pytest.fixture
def period(db):
    """The current period: its deadline is still ahead (reports lock after the deadline)."""
    return factories.make_period(deadline=timezone.localdate() + datetime.timedelta(days=60))


@pytest.fixture
def report(group, period):
    return factories.make_report(group=group, period=period)


@pytest.fixture
def smsg_report(db):
    """The SMSG 2024-2025 demo report (ssc_reports/data/demo), imported: 12 targets, logo,
    officers' photos and 2 photos. Status draft."""
    from ssc_reports.interchange.importer import import_report

    return import_report(factories.SMSG_DEMO_DIR / "report.json")


@pytest.fixture(autouse=True)
def _reference_data_after_a_flush(request):
    """Transactional tests (browser, races) empty every table when they end, the migrations'
    reference data included; with pytest-xdist a test file using `db` may run after them on
    the same worker. Such a test gets the reference data back (inside its own transaction)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(
        marker and (marker.kwargs.get("transaction") or (marker.args[:1] == (True,)))
    )
    transactional |= "transactional_db" in request.fixturenames
    transactional |= "live_server" in request.fixturenames
    if transactional or not (marker or "db" in request.fixturenames):
        return
    request.getfixturevalue("db")

    from ssc_reports.reference import PLAN_QUADRENNIUM

    if not Quadrennium.objects.filter(label=PLAN_QUADRENNIUM).exists():
        load_reference_data(apps)
