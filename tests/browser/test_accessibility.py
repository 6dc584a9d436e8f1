"""WCAG 2.1 AA in a real browser: axe-core over every page the permission matrix knows, for an
officer and for staff, with a full report (the SMSG demo) and an almost empty one, and over
each form after a failed save; Tab through the activity form; reflow at 320 px.

axe-core is the npm package of package.json (`make install` runs `npm ci`); Playwright
injects node_modules/axe-core/axe.min.js into each page. A violation of any WCAG 2.0, 2.1 or
2.2 A/AA rule fails, listing the rule and the elements."""

import json
import re
from pathlib import Path

import pytest

from tests import factories
from tests import test_permissions as permission_matrix
from tests.audit_pages import FORM_POSTS, html_pages
from tests.audit_pages import full_world as make_full_world
from tests.browser.conftest import SCREENSHOTS, login
from tests.test_permissions import _url

world = permission_matrix.world  # the matrix's fixture: one object of every kind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_RUN_JS = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact,
    targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
}"""

REFLOW_PAGES = (
    "staff:dashboard",
    "network:index",
    "network:compile",
    "network:analytics",
    "network:drilldown",
    "staff:catalogue",
)


@pytest.fixture
def full_world(world):
    return make_full_world(world)


def axe_violations(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make install` (npm ci installs axe-core)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN_JS, WCAG_TAGS)


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"axe-{re.sub(r'[^A-Za-z0-9_-]+', '_', name)}.png"))


def audit(page, url: str, label: str, failures: list[str]) -> None:
    """Runs axe-core on the page at `url` (already loaded) and adds its violations."""
    violations = axe_violations(page)
    if violations:
        _shot(page, label)
        failures.append(f"{label} {url}: {json.dumps(violations, indent=1)}")


def submit_empty_post(page) -> None:
    """What the matrix's EDIT_POST does, from the page: a POST of the CSRF token alone."""
    with page.expect_navigation():
        page.evaluate(
            """() => {
              const form = document.createElement('form');
              form.method = 'post';
              form.action = location.href;
              const token = document.querySelector('[name=csrfmiddlewaretoken]');
              const input = document.createElement('input');
              input.type = 'hidden'; input.name = 'csrfmiddlewaretoken'; input.value = token.value;
              form.append(input);
              document.body.append(form);
              form.submit();
            }"""
        )


def audit_role(role, browser, live_server, worlds) -> list[str]:
    user = worlds[0]["users"][role]
    # The pages' CSP allows no inline script: axe is injected as one, so this context (and
    # only this one) bypasses the CSP.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    failures: list[str] = []
    try:
        login(page, live_server, user.username, factories.PASSWORD)
        for world_name, one_world in zip(("empty", "full"), worlds, strict=True):
            for name in html_pages(role):
                url = live_server.url + _url(name, one_world)
                response = page.goto(url)
                assert response.status == 200, (url, response.status)
                audit(page, url, f"{role}-{world_name}-{name}", failures)
            for name in FORM_POSTS[role]:
                url = live_server.url + _url(name, one_world)
                page.goto(url)
                submit_empty_post(page)
                errors = page.locator(".is-invalid, .invalid-feedback, .errorlist, .alert-danger")
                title = page.title()
                assert title.startswith("Error: ") == bool(errors.count()), (url, title)
                audit(page, url, f"{role}-{world_name}-{name}-failed-save", failures)
    finally:
        context.close()
    return failures


@pytest.mark.parametrize("role", ["officer", "staff"])
def test_every_page_has_no_wcag_violation(role, browser, live_server, world, full_world):
    failures = audit_role(role, browser, live_server, [world, full_world])

    assert failures == []


# --- keyboard ---------------------------------------------------------------------------------

FOCUSABLE_CONTROLS_JS = """() => Array.from(document.querySelectorAll(
    'main form[data-warn-unsaved] :is(input, select, textarea, button)'))
  .filter(el => el.type !== 'hidden' && !el.disabled && el.offsetParent !== null
                && !el.closest('template'))
  .map(el => el.id || el.name || el.textContent.trim())"""
ACTIVE_JS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {key: el.id || el.name || el.textContent.trim(), tag: el.tagName,
          outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
          outlineColor: style.outlineColor};
}"""


def test_tab_reaches_every_control_of_the_activity_form_with_a_visible_focus(
    live_server, new_page, world
):
    page = new_page()
    login(page, live_server, world["users"]["officer"].username, factories.PASSWORD)
    page.goto(live_server.url + _url("reports:activity_edit", world))
    controls = page.evaluate(FOCUSABLE_CONTROLS_JS)
    assert len(controls) >= 8, controls

    reached, focus_styles = set(), []
    page.locator("body").focus()
    for _ in range(400):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE_JS)
        if active["tag"] == "BODY":
            break
        reached.add(active["key"])
        focus_styles.append(active)
        if set(controls) <= reached:
            break

    assert sorted(set(controls) - reached) == []
    for style in focus_styles:
        assert style["outlineStyle"] == "solid", style
        assert style["outlineWidth"] >= 3, style
        assert style["outlineColor"] == "rgb(0, 0, 0)", style


# --- reflow at 320 px -------------------------------------------------------------------------


# The elements reaching past 320 px outside a scroll region: what to fix when the test fails.
WIDER_JS = """() => Array.from(document.querySelectorAll('body *'))
  .filter(el => el.getBoundingClientRect().right > 320 && !el.closest('.table-responsive'))
  .map(el => el.tagName + '.' + el.className + '#' + el.id + ' '
             + Math.round(el.getBoundingClientRect().right)).slice(0, 15)"""


OFFICER_REFLOW_PAGES = (
    "reports:detail",
    "reports:group",
    "reports:targets",
    "reports:activities",
    "reports:activity_edit",
    "reports:photos",
    "reports:preview",
    "review:timeline",
)


@pytest.mark.parametrize(
    ("role", "name"),
    [("staff", name) for name in REFLOW_PAGES]
    + [("officer", name) for name in OFFICER_REFLOW_PAGES],
)
def test_pages_reflow_at_320_px(role, name, live_server, new_page, full_world):
    page = new_page(viewport={"width": 320, "height": 640})
    login(page, live_server, full_world["users"][role].username, factories.PASSWORD)
    page.goto(live_server.url + _url(name, full_world))

    assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.evaluate(WIDER_JS)


def test_axe_reports_a_violation_it_is_meant_to_find(browser):
    """The audit can fail: an image without alternative text and a link styled at 2:1."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<p style="color:#bbb;background:#fff">Faint text</p></main></body></html>'
    )
    ids = sorted(v["id"] for v in axe_violations(page))
    context.close()

    assert ids == ["color-contrast", "image-alt"]
