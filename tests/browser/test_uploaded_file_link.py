"""A staff member following a link to an uploaded file never runs script (issue 10).

An officer uploads a JPEG that is also JavaScript, named x.js, then a PNG followed by HTML
that loads that script, named x.html, and links the page from the report's text, relatively
and absolutely. (Before issue 10 the page was served as text/html, the script as
text/javascript, which the site's CSP allows: it ran with the staff member's session.) The
relative link loses its href in the sanitiser; following the absolute one shows an image
(image/png, nosniff, a sandboxing CSP) and runs nothing. A file stored before re-encoding
existed, named .html, answers 404."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from playwright.sync_api import expect

from ssc_reports.entry.services import start_report
from ssc_reports.models import Photo
from ssc_reports.review.workflow import submit_report
from tests import factories
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT = (
    b"<html><head><title>page</title></head><body>"
    b"<script>document.title='pwned'; window.pwned = true; alert('pwned');"
    b"fetch('/staff/').then(r => { document.title = 'pwned-fetch'; });</script>"
    b"<img src=x onerror=\"document.title='pwned-img'\"></body></html>"
)
PAYLOAD = b"document.title='pwned'; window.pwned = true; alert('pwned');"


def jpeg_javascript() -> bytes:
    """A real JPEG that read as windows-1252 is valid JavaScript running PAYLOAD: the bytes
    FF D8 FF E0 read as an identifier, the APP0 length 0x2F2A as '/*' opening a comment
    that its own content closes, and the rest of the image inside a comment to the end."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (90, 90, 90)).save(buffer, "JPEG", quality=90)
    image = buffer.getvalue()
    assert image[:2] == b"\xff\xd8" and b"*/" not in image
    length = 0x2F2A
    app0 = b"*/=0;" + PAYLOAD + b"/*"
    app0 += b" " * (length - 2 - len(app0))
    return b"\xff\xd8\xff\xe0" + length.to_bytes(2, "big") + app0 + image[2:] + b"*/"


def html_loading(script_url: str) -> bytes:
    return factories.png_bytes() + (
        b"<html><head><meta charset='windows-1252'><title>page</title></head><body>"
        b"<script src='" + script_url.encode() + b"'></script>" + SCRIPT + b"</body></html>"
    )


@pytest.fixture(autouse=True)
def _media_through_the_app(monkeypatch):
    """Django's live server answers /media/ itself, from MEDIA_ROOT, with a content type
    guessed from the name: in production the app's media view does (ssc_reports.uploads.views).
    Let the requests reach the app."""
    from django.test.testcases import _MediaFilesHandler

    monkeypatch.setattr(_MediaFilesHandler, "_should_handle", lambda self, path: False)


@pytest.fixture
def world(transactional_db):
    group = factories.make_group(acronym="XSG", name="IUCN SSC Upload Specialist Group")
    officer = factories.make_user(username="olga", email="olga@example.org")
    factories.make_member(group=group, user=officer)
    factories.make_user(username="sam", email="sam@example.org", staff=True)
    period = factories.make_period(deadline=timezone.localdate() + datetime.timedelta(days=30))
    report = start_report(group=group, period=period)
    return {"report": report, "officer": officer}


def _upload(page, live_server, report, name, mime, data) -> str:
    """Upload a photo through the officer's page; return the name it was stored under."""
    page.goto(f"{live_server.url}/reports/XSG/2024-2025/photos/")
    page.locator("input[type=file][name=image]").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )
    page.get_by_role("button", name="Upload photo").click()
    expect(page.get_by_text("Photo added.")).to_be_visible()
    return Photo.objects.filter(report=report).latest("pk").image.name


def _watch_for_script(page):
    """Everything script could do that the test can see: dialogs and console messages."""
    seen = []
    page.on("dialog", lambda dialog: (seen.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("console", lambda message: seen.append(f"console: {message.text}"))
    return seen


def test_staff_following_a_link_to_an_uploaded_file_runs_no_script(live_server, new_page, world):
    report = world["report"]
    officer = new_page()
    login(officer, live_server, "olga", factories.PASSWORD)
    script = _upload(officer, live_server, report, "x.js", "text/javascript", jpeg_javascript())
    page = _upload(
        officer, live_server, report, "x.html", "text/html", html_loading(f"/media/{script}")
    )
    uploaded = page  # the link staff follow
    assert (script[-4:], page[-4:]) == (".jpg", ".png")
    legacy = default_storage.save("photos/legacy.html", ContentFile(factories.png_bytes() + SCRIPT))
    Photo.objects.create(report=report, image=legacy, caption="stored long ago", order=2)
    report.projected_impact = (
        f"See [the evidence]({live_server.url}/media/{uploaded}), "
        f"[the relative evidence](/media/{uploaded}) and [the old file](/media/{legacy})."
    )
    report.save()
    submit_report(report=report, by=world["officer"])

    staff = new_page()
    seen = _watch_for_script(staff)
    login(staff, live_server, "sam", factories.PASSWORD)
    staff.goto(f"{live_server.url}/staff/review/XSG/2024-2025/")
    assert staff.get_by_role("link", name="the relative evidence").count() == 0
    assert staff.locator("a", has_text="the relative evidence").get_attribute("href") is None
    assert staff.locator("a", has_text="the old file").get_attribute("href") is None

    with staff.expect_navigation() as navigation:
        staff.get_by_role("link", name="the evidence").click()
    response = navigation.value
    staff.wait_for_timeout(500)  # time for any script (and its fetch) to run

    headers = response.all_headers()
    assert response.status == 200
    assert headers["content-type"] == "image/png"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"].startswith("sandbox; default-src 'none'")
    assert "pwned" not in staff.title()
    assert staff.evaluate("typeof window.pwned") == "undefined"

    old = staff.goto(f"{live_server.url}/media/{legacy}")
    staff.wait_for_timeout(300)
    assert old.status == 404
    assert "pwned" not in staff.title()
    assert [entry for entry in seen if "pwned" in entry] == []
