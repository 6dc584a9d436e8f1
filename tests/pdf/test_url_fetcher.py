import logging

import pytest
from django.conf import settings

from ssc_reports.pdf.render import AppFilesURLFetcher, RefusedURL, resolve_app_file


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
    (settings.MEDIA_ROOT / "photos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "photos/a b.png").write_bytes(b"PNGDATA")

    response = fetcher("ssc-media:photos/a%20b.png")

    assert response.read() == b"PNGDATA"
    assert response.content_type == "image/png"


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
        resolve_app_file("ssc-media:link.txt")


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
