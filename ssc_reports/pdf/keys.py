"""The keys and the folder of rendered report PDFs, shared by the download (pdf/cache.py) and the
compilation of the SSC Species Report (network/compile.py): a report's PDF is rendered once per
content version and stored (Django's storage API: a local folder or a bucket) as
`cache/parts/<key>.pdf`, where the key is the sha256 of the report's `ssc-report/1` export,
its images, its status, the language of its labels (`Report.pdf_language`; English in the
compilation) and the renderer's templates, stylesheets, translations and code (so that a
changed template renders everything again). A stored part is never changed: a name is its content.

pikepdf needs files on disk: `local_part(key)` is this machine's copy of a stored part under
SSC_SCRATCH_DIR/parts (fetched once, kept while used)."""

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ssc_reports.interchange.exporter import build_document
from ssc_reports.models import Report
from ssc_reports.storage import publish, scratch_dir

# Bump when the way parts are made changes in a way the fingerprinted files do not show.
PIPELINE_VERSION = "1"
# Files whose content changes what a part looks like (relative to BASE_DIR).
RENDERER_FILES = (
    "ssc_reports/pdf/render.py",
    "ssc_reports/pdf/summary.py",
    "ssc_reports/pdf/tagging.py",
    "targets/palette.py",
    "ssc_reports/richtext.py",
    "ssc_reports/ordering.py",
    "templates/pdf",
    "static/pdf",
    "static/fonts",
)
# The compilation's own front matter (its template is templates/network/pdf/, outside
# RENDERER_FILES): it does not change the parts.
NOT_RENDERER_FILES = ("static/pdf/network.css",)


def _hash_path(digest, path: Path, base_dir: Path) -> None:
    excluded = [base_dir / relative for relative in NOT_RENDERER_FILES]
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if any(child == e or e in child.parents for e in excluded):
                continue
            if child.is_file() and "__pycache__" not in child.parts:
                digest.update(str(child.relative_to(path)).encode())
                digest.update(child.read_bytes())
    elif path.is_file():
        digest.update(path.read_bytes())


def _renderer_fingerprint(renderer: str, base_dir: str) -> str:
    digest = hashlib.sha256(f"{PIPELINE_VERSION}\0{renderer}\0".encode())
    for relative in RENDERER_FILES:
        digest.update(relative.encode())
        _hash_path(digest, Path(base_dir) / relative, Path(base_dir))
    return digest.hexdigest()


def renderer_fingerprint() -> str:
    """A hash of the renderer's code, templates, stylesheets and fonts (read afresh each time,
    so that a long-running worker notices a changed template)."""
    return _renderer_fingerprint(settings.SSC_COMPILE_PART_RENDERER, str(settings.BASE_DIR))


def translations_fingerprint(language: str) -> str:
    """A hash of the language's translations (its .po file; "" for English, the source
    language), so that a corrected translation renders that language's PDFs again."""
    po = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    return hashlib.sha256(po.read_bytes()).hexdigest() if po.is_file() else ""


def part_key(
    report: Report, fingerprint: str | None = None, document=None, language: str | None = None
) -> str:
    """sha256 of everything a part shows: the export document, its images, status, renderer,
    and the language of its labels (`language`, else the instance's `pdf_language`).
    `document`: the report's (doc, files) when already built (build_documents)."""
    doc, files = document or build_document(report)
    digest = hashlib.sha256()
    digest.update((fingerprint or renderer_fingerprint()).encode())
    digest.update(report.status.encode())
    language = language or report.pdf_language
    digest.update(f"\0language={language}\0".encode())
    digest.update(translations_fingerprint(language).encode())
    digest.update(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode())
    for name in sorted(files):
        digest.update(name.encode())
        digest.update(hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


PARTS_FOLDER = "cache/parts"


def part_name(key: str) -> str:
    """The stored name of the PDF rendered for content key `key`."""
    return f"{PARTS_FOLDER}/{key}.pdf"


def part_exists(key: str) -> bool:
    return default_storage.exists(part_name(key))


def save_part(key: str, source: bytes | Path) -> str:
    """Store the PDF `source` (its bytes, or a local file) as the part of `key`, unless it is
    stored already. Returns its stored name."""
    if isinstance(source, bytes):
        return publish(part_name(key), ContentFile(source, name=f"{key}.pdf"))
    with Path(source).open("rb") as stream:
        return publish(part_name(key), File(stream, name=f"{key}.pdf"))


def local_parts_folder() -> Path:
    return scratch_dir("parts")


def local_part(key: str) -> Path:
    """This machine's copy of the stored part of `key` (under SSC_SCRATCH_DIR), fetched from
    the storage unless already here. Raises FileNotFoundError when the part is not stored."""
    path = local_parts_folder() / f"{key}.pdf"
    if path.is_file():
        os.utime(path)  # still in use: not pruned
        return path
    with default_storage.open(part_name(key), "rb") as stream:
        write_atomically(path, stream)
    return path


def write_atomically(path: Path, data) -> None:
    """Write `data` (bytes, or a file to copy) to the local scratch file `path`: into a
    temporary file beside it, then renamed into place. Scratch files only: stored files go
    through `publish`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(data, bytes):
                stream.write(data)
            else:
                shutil.copyfileobj(data, stream, 1024 * 1024)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
