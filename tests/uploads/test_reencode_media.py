"""`manage.py reencode_media` re-encodes the images stored before issue 10 (uploader's name,
metadata) and points their rows at the new files, with history; running it again changes
nothing."""

import io
import re

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from ssc_reports.images import clean_image_upload
from ssc_reports.models import Photo
from tests import factories
from tests.uploads.test_upload_security import HTML, gps_jpeg


def test_reencode_media_cleans_legacy_files_and_keeps_history(
    report, django_capture_on_commit_callbacks
):
    legacy = default_storage.save("photos/holiday.html", ContentFile(gps_jpeg() + HTML))
    legacy_import = default_storage.save("photos/0123456789abcdef0123.jpg", ContentFile(gps_jpeg()))
    upload = clean_image_upload(ContentFile(factories.png_bytes()))  # as the forms store it
    clean = Photo.objects.create(report=report, caption="clean", order=0)
    clean.image.save(upload.name, upload)
    first = Photo.objects.create(report=report, image=legacy, caption="a", order=1)
    second = Photo.objects.create(report=report, image=legacy, caption="b", order=2)
    third = Photo.objects.create(report=report, image=legacy_import, caption="c", order=3)
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("reencode_media", stdout=out)

    first.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db()
    assert first.image.name == second.image.name
    assert re.fullmatch(r"photos/[0-9a-f]{32}\.jpg", first.image.name)
    assert re.fullmatch(r"photos/[0-9a-f]{32}\.jpg", third.image.name)
    for photo in (first, third):
        data = photo.image.read()
        assert b"SpyCam" not in data and b"Exif" not in data and b"script" not in data
    assert not default_storage.exists(legacy) and not default_storage.exists(legacy_import)
    assert Photo.objects.get(pk=clean.pk).image.name == clean.image.name
    assert first.history.latest().history_change_reason == (
        "Image re-encoded without metadata (issue 10)"
    )
    assert out.getvalue().endswith("2 image(s) re-encoded.\n")

    again = io.StringIO()
    call_command("reencode_media", stdout=again)
    assert again.getvalue() == "0 image(s) re-encoded.\n"
