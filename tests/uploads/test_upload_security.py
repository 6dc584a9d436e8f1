"""Nothing an officer uploads is stored or served as sent (issue 10): every image is decoded and
encoded again (upright, no metadata: GPS included) under a name the server chooses, and media
are served only as images, with nosniff and a sandboxing Content-Security-Policy."""

import io
import json
import re
import shutil

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from groups.models import Officer
from ssc_reports.interchange.importer import import_report
from ssc_reports.models import Photo
from tests import factories
from tests.factories import SMSG_DEMO_DIR

HTML = b"<html><body><script>document.title='pwned'</script></body></html>"
JS = b"\n;document.title='pwned';//"
MEDIA_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'"


def gps_jpeg(width=40, height=30, orientation=None) -> bytes:
    """A JPEG whose EXIF holds a camera, a GPS position and, optionally, an orientation."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, width // 2, height))  # left half blue
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 30.0, 12.5)  # GPSLatitudeRef, GPSLatitude
    gps[3], gps[4] = "W", (0.0, 7.0, 39.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def png_with_text() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret location 51.5N")
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (1, 2, 3)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def url(report, name, *args):
    return reverse(f"reports:{name}", args=[report.group.acronym, report.period.label, *args])


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def _upload_photo(client, report, name, data, content_type):
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    response = client.post(url(report, "photos"), {"image": upload, "caption": "c", "credit": ""})
    assert response.status_code == 302
    return Photo.objects.get(report=report)


def _served(client, name):
    response = client.get(f"/media/{name}")
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


@pytest.mark.parametrize(
    "upload_name, data, content_type, extension, served_type",
    [
        ("x.html", factories.png_bytes() + HTML, "text/html", "png", "image/png"),
        ("x.js", factories.jpeg_bytes() + JS, "text/javascript", "jpg", "image/jpeg"),
        ("x.svg", factories.png_bytes() + HTML, "image/svg+xml", "png", "image/png"),
        ("../../x.png.html", factories.jpeg_bytes() + HTML, "image/png", "jpg", "image/jpeg"),
        ("noext", factories.png_bytes(), "application/octet-stream", "png", "image/png"),
    ],
)
def test_polyglot_upload_is_stored_reencoded_under_a_server_name(
    officer_client, report, upload_name, data, content_type, extension, served_type
):
    photo = _upload_photo(officer_client, report, upload_name, data, content_type)

    assert re.fullmatch(rf"photos/[0-9a-f]{{32}}\.{extension}", photo.image.name)
    stored = default_storage.open(photo.image.name).read()
    assert b"script" not in stored and b"pwned" not in stored
    response, body = _served(officer_client, photo.image.name)
    assert response.status_code == 200
    assert response["Content-Type"] == served_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == MEDIA_CSP
    assert body == stored


def test_upload_drops_gps_and_applies_orientation(officer_client, report):
    data = gps_jpeg(width=40, height=30, orientation=6)  # stored sideways: show turned 90°
    assert b"SpyCam" in data

    photo = _upload_photo(officer_client, report, "holiday.jpg", data, "image/jpeg")

    stored = default_storage.open(photo.image.name).read()
    assert b"Exif" not in stored and b"SpyCam" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (30, 40)  # upright
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(0x8825) == {}
        top, bottom = image.getpixel((15, 2)), image.getpixel((15, 37))
    assert top[2] > 150 and bottom[0] > 150  # the blue half is on top once turned


def test_upload_drops_png_text_chunks(officer_client, report):
    photo = _upload_photo(officer_client, report, "p.png", png_with_text(), "image/png")

    stored = default_storage.open(photo.image.name).read()
    assert b"secret location" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert "Comment" not in image.info


def test_logo_and_officer_photo_uploads_are_reencoded(officer_client, report):
    data = {
        "version": report.group.version,
        "mission": "M",
        "members_count": "",
        "website": "",
        "social_links": "",
        "logo": SimpleUploadedFile("logo.html", factories.png_bytes() + HTML),
        "officers-TOTAL_FORMS": "1",
        "officers-INITIAL_FORMS": "0",
        "officers-MIN_NUM_FORMS": "0",
        "officers-MAX_NUM_FORMS": "1000",
        "officers-0-name": "Ann Chair",
        "officers-0-role": "chair",
        "officers-0-order": "1",
        "officers-0-photo": SimpleUploadedFile("face.jpg", gps_jpeg()),
    }

    response = officer_client.post(url(report, "group"), data)

    assert response.status_code == 302
    report.group.refresh_from_db()
    officer_row = Officer.objects.get(group=report.group)
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", report.group.logo.name)
    assert re.fullmatch(r"officers/[0-9a-f]{32}\.jpg", officer_row.photo.name)
    assert b"script" not in report.group.logo.read()
    assert b"SpyCam" not in officer_row.photo.read()


def test_admin_upload_is_reencoded(client, report):
    admin = factories.make_user(staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.post(
        reverse("admin:ssc_reports_photo_add"),
        {
            "report": report.pk,
            "image": SimpleUploadedFile("a.html", factories.png_bytes() + HTML),
            "caption": "c",
            "credit": "",
            "component": "",
            "order": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    photo = Photo.objects.get(report=report)
    assert re.fullmatch(r"photos/[0-9a-f]{32}\.png", photo.image.name)
    assert b"script" not in photo.image.read()


def test_imported_images_lose_their_metadata(db, tmp_path):
    folder = tmp_path / "doc"
    shutil.copytree(SMSG_DEMO_DIR, folder)
    doc = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    (folder / "photos" / "spy.html").write_bytes(gps_jpeg() + HTML)
    doc["photos"][0]["file"] = "photos/spy.html"
    (folder / "report.json").write_text(json.dumps(doc), encoding="utf-8")

    report = import_report(folder / "report.json")

    photo = report.photos.order_by("order").first()
    assert re.fullmatch(r"photos/[0-9a-f]{20}\.jpg", photo.image.name)
    stored = photo.image.read()
    assert b"SpyCam" not in stored and b"Exif" not in stored and b"script" not in stored


@pytest.mark.parametrize(
    "name, content",
    [
        ("photos/legacy.html", factories.png_bytes() + HTML),
        ("photos/legacy.js", factories.jpeg_bytes() + JS),
        ("photos/legacy.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("photos/fake.png", HTML),  # a name saying image, content not an image
        ("photos/fake.jpg", factories.png_bytes()),  # content of another image type
    ],
)
def test_media_serves_nothing_but_images(client, staff_user, report, name, content):
    """Files stored before re-encoding existed, whatever a row says, answer 404."""
    stored = default_storage.save(name, ContentFile(content))
    Photo.objects.create(report=report, image=stored, caption="old")
    client.force_login(staff_user)

    response, _ = _served(client, stored)

    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/photos/%00.png",
        "/media/photos/x%00.png",
        "/media/%00",
        "/media/photos/..%2F..%2Fpyproject.toml",
        "/media/photos%2F..%2F..%2Fpyproject.toml",
        "/media/%2e%2e/pyproject.toml",
        "/media/photos/%2e%2e/%2e%2e/pyproject.toml",
        "/media/photos/a%252Fb.png",
        "/media/photos/%ff.png",
        "/media/photos/",
        "/media/photos/sub/x.png",
        "/media/approved/x.pdf",
        "/media/cache/parts/x.pdf",
    ],
)
def test_malformed_media_paths_answer_404(client, staff_user, settings, path):
    settings.DEBUG = False
    client.force_login(staff_user)

    assert client.get(path).status_code == 404
