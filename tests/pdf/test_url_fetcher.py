import logging

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ssc_reports.pdf.render import AppFilesURLFetcher, RefusedURL, read_app_file


@pytest.fixture
def fetcher():
    return AppFilesURLFetcher()


def test_url_fetcher_serves_static_file(fetcher):
    response = fetcher("ssc-static:pdf/report.css")

    expected = (settings.BASE_DIR / "static/pdf/report.css").read_bytes()
    assert response.read() == expected
    assert response.content_type == "text/css"


def test_url_fetcher_serves_font(fetcher):
    response = fetcher("ssc-static:fonts/OpenSans-Regular.ttf")

    assert response.read()[:4] == b"\x00\x01\x00\x00"


def test_url_fetcher_serves_media_file(fetcher, settings):
    assert default_storage.save("photos/a b.png", ContentFile(b"PNGDATA")) == "photos/a b.png"

    response = fetcher("ssc-media:photos/a%20b.png")

    assert response.read() == b"PNGDATA"
    assert response.content_type == "image/png"


def test_url_fetcher_reads_media_through_the_storage_api(fetcher, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "not-there"
    default_storage.save("logos/x.png", ContentFile(b"LOGO"))

    assert read_app_file("ssc-media:logos/x.png").data == b"LOGO"
    assert not settings.MEDIA_ROOT.exists()


@pytest.mark.parametrize(
    "url",
    [
        "ssc-media:cache/parts/abc.pdf",
        "ssc-media:approved/SMSG-2024-2025-approved.pdf",
        "ssc-media:photos/../approved/x.pdf",
        "ssc-media:photos//x.png",
        "ssc-media:photos/",
        "ssc-media:photos%5Cx.png",
        "ssc-media:photos/missing.png",
    ],
)
def test_url_fetcher_serves_only_existing_stored_images(fetcher, url, settings):
    default_storage.save("cache/parts/abc.pdf", ContentFile(b"%PDF-"))
    default_storage.save("approved/SMSG-2024-2025-approved.pdf", ContentFile(b"%PDF-"))
    default_storage.save("photos/x.png", ContentFile(b"PNG"))

    with pytest.raises(RefusedURL):
        fetcher(url)


@pytest.mark.parametrize(
    "url",
    [
        "ssc-media:../../../../../../etc/passwd",
        "ssc-media:..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "ssc-static:../ssc_reports/settings.py",
        "ssc-static:/etc/passwd",
        "ssc-static:pdf/../../manage.py",
        "ssc-media:",
        "ssc-static:pdf/missing.css",
    ],
)
def test_url_fetcher_refuses_paths_outside_roots(fetcher, url, settings, caplog):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)

    with caplog.at_level(logging.WARNING, logger="ssc_reports.pdf"), pytest.raises(ValueError):
        fetcher(url)

    assert [r.name for r in caplog.records] == ["ssc_reports.pdf"]
    assert "refused" in caplog.records[0].getMessage()


def test_url_fetcher_refuses_symlink_out_of_media(fetcher, settings, tmp_path):
    settings.MEDIA_ROOT.mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (settings.MEDIA_ROOT / "link.txt").symlink_to(secret)

    with pytest.raises(RefusedURL):
        read_app_file("ssc-media:link.txt")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        f"file://{settings.BASE_DIR}/static/pdf/report.css",
        "http://127.0.0.1:9/x.png",
        "https://example.org/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://example.org/x",
        "javascript:alert(1)",
    ],
)
def test_url_fetcher_refuses_other_schemes(fetcher, url, caplog):
    with caplog.at_level(logging.WARNING, logger="ssc_reports.pdf"), pytest.raises(ValueError):
        fetcher(url)

    assert len(caplog.records) == 1
    assert url[:40] in caplog.records[0].getMessage()
