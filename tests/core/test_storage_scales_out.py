"""Storage that scales out: every file users upload or download goes through Django's storage
API, so the whole loop works with another storage than a local MEDIA_ROOT. Here the default
storage is Django's InMemoryStorage and MEDIA_ROOT cannot be written at all: import of the
SMSG `ssc-report/1` zip with its images, an officer's edit and photo upload through the web
pages, the worker's PDF render, submission, approval and the frozen final PDF, compilation of
the SSC Species Report, and the exports. Every file is in the in-memory storage; nothing is
under MEDIA_ROOT."""

import datetime
import io
import zipfile

import pytest
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from ssc_reports.interchange.importer import import_report
from ssc_reports.models import Photo, Report
from ssc_reports.models.compilation import Compilation
from ssc_reports.models.pdf import ReportPdf
from ssc_reports.storage import walk
from tests import factories
from tests.pdf.helpers import body_text, pdf_pages
from tests.pdf.worker import run_queued_tasks

PERIOD = "2024-2025"


@pytest.fixture
def in_memory_storage(settings, tmp_path):
    """InMemoryStorage as the default storage; MEDIA_ROOT a regular file, so that nothing can
    be written under it (not even by root, whom folder permissions do not stop)."""
    media_root = tmp_path / "media-root-is-a-file"
    media_root.write_bytes(b"not a folder")
    settings.MEDIA_ROOT = media_root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    settings.SSC_COMPILE_PROCESSES = 1
    with pytest.raises(NotADirectoryError):
        (media_root / "photos").mkdir(parents=True)
    yield media_root
    assert media_root.is_file() and media_root.read_bytes() == b"not a folder"


def smsg_zip(folder) -> bytes:
    """The SMSG demo report as an `ssc-report/1` zip: report.json and its images."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(factories.SMSG_DEMO_DIR.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(factories.SMSG_DEMO_DIR).as_posix())
    target = folder / "smsg.ssc-report.zip"
    target.write_bytes(buffer.getvalue())
    return target


def stored(name: str) -> bytes:
    with default_storage.open(name, "rb") as stream:
        return stream.read()


def url(name, *args):
    return reverse(f"reports:{name}", args=["SMSG", PERIOD, *args])


def test_the_whole_loop_runs_on_in_memory_storage_without_media_root(
    client, staff_user, in_memory_storage, settings, tmp_path, django_capture_on_commit_callbacks
):
    default_storage.exists("nothing")  # the lazy default storage is set up
    assert type(default_storage._wrapped) is InMemoryStorage
    factories.make_period(label=PERIOD, deadline=datetime.date(2099, 12, 31))

    # Import: the zip's images are stored under names the server chooses.
    report = import_report(smsg_zip(tmp_path))
    group = report.group
    imported = [group.logo.name, *report.photos.values_list("image", flat=True)]
    imported += [o.photo.name for o in group.officers.all() if o.photo]
    assert len(imported) >= 3 and all(imported)
    for name in imported:
        assert default_storage.exists(name) and stored(name)

    officer = factories.make_member(group=group, user=factories.make_user(username="smsg"))
    client.force_login(officer)

    # The officer edits a text and uploads a photograph through the pages.
    response = client.post(
        url("acknowledgements"),
        {"version": report.version, "acknowledgements": "Thanks to the in-memory funder."},
    )
    assert response.status_code == 302
    image = SimpleUploadedFile("bat.jpg", factories.jpeg_bytes(), content_type="image/jpeg")
    response = client.post(
        url("photos"), {"image": image, "caption": "A bat", "credit": "A. B.", "component": ""}
    )
    assert response.status_code == 302
    upload = Photo.objects.get(report=report, caption="A bat").image.name
    assert upload.startswith("photos/") and stored(upload).startswith(b"\xff\xd8\xff")

    # The media view streams it from the storage, with its headers.
    response = client.get(f"/media/{upload}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored(upload)
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert client.get("/media/photos/missing.jpg").status_code == 404

    # The download queues the worker's render; the worker stores it under its content key.
    pdf_url = reverse("report_pdf", args=["SMSG", PERIOD])
    with django_capture_on_commit_callbacks(execute=True):
        assert "Preparing the PDF" in client.get(pdf_url).content.decode()
    run_queued_tasks()
    render = ReportPdf.objects.get(report=report)
    assert render.status == "done", render.error
    part = f"cache/parts/{render.key}.pdf"
    assert default_storage.exists(part)
    response = client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    draft = b"".join(response.streaming_content)
    assert draft == stored(part)
    assert "Thanks to the in-memory funder." in body_text(draft)
    assert all("DRAFT" in page for page in pdf_pages(draft))

    # Submission, approval, and the final PDF the worker freezes into the storage.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("submit"), {"confirm_unresolved": "1"})
    assert response.status_code == 302
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:approve", args=["SMSG", PERIOD]))
    assert response.status_code == 302
    run_queued_tasks()
    report.refresh_from_db()
    assert report.status == Report.Status.APPROVED
    assert report.approved_pdf.name == "approved/SMSG-2024-2025-approved.pdf"
    final = stored(report.approved_pdf.name)
    assert not any("DRAFT" in page for page in pdf_pages(final))
    assert "Thanks to the in-memory funder." in body_text(final)
    assert b"".join(client.get(pdf_url).streaming_content) == final
    final_part = f"cache/parts/{ReportPdf.objects.get(report=report, final=True).key}.pdf"
    assert final_part != part and stored(final_part) == final

    # The compilation: parts from the storage, the compiled PDF stored under its content key.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network:compile", args=[PERIOD]))
    run_queued_tasks()
    compilation = Compilation.objects.get()
    assert compilation.status == "done", compilation.error
    assert compilation.file.name == (
        f"compilations/ssc-species-report-{PERIOD}-{compilation.content_hash[:16]}.pdf"
    )
    compiled = stored(compilation.file.name)
    response = client.get(reverse("network:compilation_download", args=[compilation.pk]))
    assert b"".join(response.streaming_content) == compiled
    assert len(PdfReader(io.BytesIO(compiled)).pages) == compilation.pages > 3
    assert compilation.reused == 1  # the approval's part
    assert list((settings.SSC_SCRATCH_DIR / "compilations").iterdir()) == []  # scratch removed
    assert [p.name for p in (settings.SSC_SCRATCH_DIR / "parts").iterdir()] == [
        final_part.rsplit("/", 1)[1]  # the merge's local copy of the part
    ]

    # The exports.
    response = client.get(reverse("network:report_export", args=[PERIOD, "SMSG", "zip"]))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = set(archive.namelist())
        assert {upload, group.logo.name} <= names
        assert archive.read(upload) == stored(upload)
    for fmt in ("csv", "xlsx"):
        for export in ("network:export_results", "network:export_statuses"):
            response = client.get(reverse(export, args=[PERIOD, fmt]))
            assert response.status_code == 200 and response.content

    # Every file is in the in-memory storage; MEDIA_ROOT is still the same plain file (the
    # fixture checks it) and the storage holds nothing it should not.
    everything = {name for folder in default_storage.listdir("")[0] for name in walk(folder)}
    assert everything == {
        *imported,
        upload,
        part,
        final_part,
        report.approved_pdf.name,
        compilation.file.name,
    }


def test_clean_media_lists_the_storage_not_media_root(in_memory_storage, smsg_report):
    from django.core.files.base import ContentFile

    from ssc_reports.uploads.files import clean_unreferenced_files

    leftover = default_storage.save("photos/left-over.jpg", ContentFile(b"\xff\xd8\xff"))
    kept = default_storage.save("cache/parts/" + "a" * 64 + ".pdf", ContentFile(b"%PDF-"))
    used = [p.image.name for p in smsg_report.photos.all()]

    later = datetime.datetime.now().timestamp() + 2 * 86400  # every file is older than a day
    assert clean_unreferenced_files(now=later) == [leftover]
    assert not default_storage.exists(leftover)
    assert default_storage.exists(kept)  # not a folder of uploads: the compilation prunes it
    assert all(default_storage.exists(name) for name in used)
    assert clean_unreferenced_files(now=datetime.datetime.now().timestamp()) == []


def test_healthz_answers_ok_on_in_memory_storage(client, db, in_memory_storage):
    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"database": "ok", "storage": "ok"})
