"""A stored file shared by several rows (two groups importing one picture) survives one of
them being deleted; a file is deleted only when no row uses it; the clean-up removes only
unused files older than a day (issue 10)."""

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from ssc_reports.interchange.exporter import build_document
from ssc_reports.interchange.importer import import_report
from ssc_reports.models import Photo, Report
from ssc_reports.uploads.files import clean_unreferenced_files
from tests import factories
from tests.factories import SMSG_DEMO_DIR


@pytest.fixture
def twin_reports(db, tmp_path, settings):
    """The SMSG report, and the same document imported for another group: same pictures."""
    smsg = import_report(SMSG_DEMO_DIR / "report.json")
    folder = tmp_path / "twin"
    shutil.copytree(SMSG_DEMO_DIR, folder)
    doc = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    doc["group"]["acronym"] = "TWIN"
    doc["group"]["name"] = "IUCN SSC Twin Specialist Group"
    (folder / "report.json").write_text(json.dumps(doc), encoding="utf-8")
    twin = import_report(folder / "report.json")
    return smsg, twin


def _photo_names(report):
    return list(report.photos.order_by("order").values_list("image", flat=True))


def _delete_photo_as_officer(client, report, photo):
    client.force_login(factories.make_member(group=report.group))
    url = reverse(
        "reports:photo_delete", args=[report.group.acronym, report.period.label, photo.pk]
    )
    return client.post(url)


def test_deleting_a_shared_photo_keeps_the_other_groups_file(
    client, twin_reports, django_capture_on_commit_callbacks
):
    smsg, twin = twin_reports
    shared = _photo_names(smsg)[0]
    assert _photo_names(twin)[0] == shared  # imported images are shared by content
    twin_photo = twin.photos.get(image=shared)

    with django_capture_on_commit_callbacks(execute=True):
        response = _delete_photo_as_officer(client, twin, twin_photo)

    assert response.status_code == 302
    assert not Photo.objects.filter(pk=twin_photo.pk).exists()
    assert default_storage.exists(shared)
    client.force_login(factories.make_member(group=smsg.group))
    served = client.get(f"/media/{shared}")
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == default_storage.open(shared).read()
    document, files = build_document(Report.objects.get(pk=smsg.pk))
    assert [photo["file"] for photo in document["photos"]] == [
        f"photos/{Path(name).name}" for name in _photo_names(smsg)
    ]
    assert set(files) >= {photo["file"] for photo in document["photos"]}


def test_pdf_of_the_other_group_keeps_the_shared_photo(
    client, twin_reports, django_capture_on_commit_callbacks
):
    from ssc_reports.pdf.render import render_report_pdf

    smsg, twin = twin_reports
    images_before = _pdf_image_count(render_report_pdf(smsg))
    with django_capture_on_commit_callbacks(execute=True):
        for photo in twin.photos.all():
            _delete_photo_as_officer(client, twin, photo)

    assert _pdf_image_count(render_report_pdf(Report.objects.get(pk=smsg.pk))) == images_before


def _pdf_image_count(pdf: bytes) -> int:
    import io

    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_deleting_the_last_use_deletes_the_file(
    client, twin_reports, django_capture_on_commit_callbacks
):
    smsg, twin = twin_reports
    shared = _photo_names(smsg)[0]

    with django_capture_on_commit_callbacks(execute=True):
        _delete_photo_as_officer(client, twin, twin.photos.get(image=shared))
        _delete_photo_as_officer(client, smsg, smsg.photos.get(image=shared))

    assert not Photo.objects.filter(image=shared).exists()
    assert not default_storage.exists(shared)


def test_import_stores_again_a_shared_file_deleted_while_it_ran(twin_reports, tmp_path):
    smsg, twin = twin_reports
    shared = _photo_names(smsg)[0]
    default_storage.delete(shared)  # as if removed by a delete that raced with this import

    import_report(SMSG_DEMO_DIR / "report.json")

    assert default_storage.exists(shared)


def _age(name, days):
    path = Path(default_storage.path(name))
    then = time.time() - days * 24 * 3600
    os.utime(path, (then, then))


def test_clean_media_removes_only_unused_files_older_than_a_day(report, settings):
    used = factories.make_photo(report=report).image.name
    old_unused = default_storage.save("photos/old-unused.png", ContentFile(factories.png_bytes()))
    young_unused = default_storage.save("photos/young.png", ContentFile(factories.png_bytes()))
    old_logo = default_storage.save("logos/old-logo.png", ContentFile(factories.png_bytes()))
    cache = default_storage.save("cache/parts/old.pdf", ContentFile(b"%PDF-1.7"))
    for name in (used, old_unused, old_logo, cache):
        _age(name, days=2)
    _age(young_unused, days=0.5)

    removed = clean_unreferenced_files()

    assert removed == [old_logo, old_unused]
    assert [default_storage.exists(name) for name in (used, young_unused, cache)] == [True] * 3
    assert not default_storage.exists(old_unused)
