"""Playwright driving Debian's Chromium against pytest-django's live server.

Skipped when /usr/bin/chromium is missing, except in CI (env CI set), where that fails.
Screenshots go to test-artifacts/screenshots/ (kept by CI as artefacts, gitignored)."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; Django would refuse DB access.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# The live server speaks plain HTTP and builds its middleware once, when it starts: the
# HTTPS redirect, HSTS and secure cookies of the production settings must be off before that.
settings.SECURE_SSL_REDIRECT = False
settings.SECURE_HSTS_SECONDS = 0
settings.SESSION_COOKIE_SECURE = False
settings.CSRF_COOKIE_SECURE = False

CHROMIUM = os.environ.get("SSC_TEST_CHROMIUM", "/usr/bin/chromium")  # Debian's Chromium
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium is not installed at {CHROMIUM} (scripts/system-deps.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, request):
    """Factory of pages, each in its own browser context (its own cookies and storage)."""
    contexts = []

    def make(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shot(request):
    """shot(page, "step"): a full-page screenshot named after the test and the step."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test = re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name)
    counter = iter(range(1, 100))

    def take(page, step: str) -> Path:
        path = SCREENSHOTS / f"{test}-{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """Transactional tests empty the tables after each test, the reference data of the
    migrations included; load it again (idempotent). Django's serialized_rollback cannot be
    used here: Playwright's event loop gives the test a database connection of its own."""
    from django.apps import apps

    from ssc_reports.reference import load_reference_data

    load_reference_data(apps)


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")


WIDEST_RIGHT_EDGE_JS = """
() => Math.max(document.documentElement.scrollWidth, ...Array.from(
    document.querySelectorAll('body *'), el => Math.ceil(el.getBoundingClientRect().right)))
"""


def has_no_horizontal_scroll(page) -> bool:
    """No element reaches past the viewport's right edge (so no horizontal scroll)."""
    return page.evaluate(WIDEST_RIGHT_EDGE_JS) <= page.evaluate("window.innerWidth")


UNLABELLED_FIELDS_JS = """
() => Array.from(document.querySelectorAll(
    'input:not([type=hidden]), select, textarea'))
  .filter(el => el.labels.length === 0 && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby'))
  .map(el => el.name || el.id || el.outerHTML.slice(0, 80))
"""


def unlabelled_fields(page) -> list[str]:
    """Names of the visible form fields that have no label."""
    return page.evaluate(UNLABELLED_FIELDS_JS)
