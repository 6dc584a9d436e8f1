"""Reading an `ssc-report/1` source: a .json file with its images beside it, or a .zip archive
with report.json at its root. Nothing outside the folder or the archive is ever read, and
every size is capped before reading."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from django.conf import settings

from ssc_reports.interchange.schema import DOCUMENT_NAME, JSON_MAX_BYTES, InterchangeError

ZIP_MAX_ENTRIES = 10_000


class Source:
    """Gives the document and the bytes of the images it names."""

    name = DOCUMENT_NAME

    def document_bytes(self) -> bytes:
        raise NotImplementedError

    def image(self, relative: str) -> tuple[bytes | None, str | None]:
        """Return (data, None) or (None, message)."""
        raise NotImplementedError


def clean_relative(relative: str) -> str | None:
    """The normalised relative path, or None when it is absolute or leaves the folder."""
    if not relative or relative.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", relative):
        return None
    if "\\" in relative:
        return None
    normal = posixpath.normpath(relative)
    if normal == ".." or normal.startswith("../"):
        return None
    return normal


def too_big_message(size: int) -> str:
    return (
        f"is {size / 1_000_000:.1f} MB; images may be at most "
        f"{settings.IMAGE_MAX_BYTES // 1_000_000} MB"
    )


class FolderSource(Source):
    def __init__(self, path: Path):
        self.path = path
        self.folder = path.parent.resolve()
        self.name = path.name

    def document_bytes(self) -> bytes:
        try:
            size = self.path.stat().st_size
        except OSError as exc:
            raise InterchangeError([(self.name, f"cannot be read ({exc.strerror})")]) from exc
        if size > JSON_MAX_BYTES:
            raise InterchangeError(
                [(self.name, f"is {size} bytes; a document may be at most {JSON_MAX_BYTES}")]
            )
        return self.path.read_bytes()

    def image(self, relative):
        normal = clean_relative(relative)
        if normal is None:
            return None, f"{relative!r} must be a relative path inside the document's folder"
        target = (self.folder / normal).resolve()
        if not target.is_relative_to(self.folder):
            return None, f"{relative!r} must be a relative path inside the document's folder"
        if not target.is_file():
            return None, f"file {relative} not found next to {self.name}"
        size = target.stat().st_size
        if size > settings.IMAGE_MAX_BYTES:
            return None, f"file {relative} {too_big_message(size)}"
        return target.read_bytes(), None


class ZipSource(Source):
    def __init__(self, path: Path):
        self.path = path
        self.members: dict[str, zipfile.ZipInfo] = {}
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise InterchangeError([(path.name, f"is not a readable zip archive ({exc})")]) from exc
        errors = []
        total = 0
        entries = self.archive.infolist()
        if len(entries) > ZIP_MAX_ENTRIES:
            self.archive.close()
            raise InterchangeError(
                [(path.name, f"has {len(entries)} entries; at most {ZIP_MAX_ENTRIES} are read")]
            )
        for info in entries:
            normal = clean_relative(info.filename.rstrip("/") if info.is_dir() else info.filename)
            if normal is None:
                errors.append(
                    (info.filename, "zip entry escapes the archive (absolute path or '..')")
                )
                continue
            total += info.file_size
            if not info.is_dir():
                self.members[normal] = info
        if total > settings.ZIP_MAX_EXPANDED_BYTES:
            errors.append(
                (
                    path.name,
                    f"expands to {total} bytes, more than the limit of "
                    f"{settings.ZIP_MAX_EXPANDED_BYTES} bytes",
                )
            )
        if errors:
            self.archive.close()
            raise InterchangeError(errors)

    def _read(self, info: zipfile.ZipInfo, cap: int) -> bytes:
        with self.archive.open(info) as handle:
            data = handle.read(cap + 1)
        if len(data) > cap or len(data) > info.file_size:
            raise ValueError("entry is larger than the archive says")
        return data

    def document_bytes(self) -> bytes:
        info = self.members.get(DOCUMENT_NAME)
        if info is None:
            nested = sorted(n for n in self.members if n.endswith("/" + DOCUMENT_NAME))
            hint = (
                f" (found {nested[0]}: zip the folder's contents, not the folder)" if nested else ""
            )
            raise InterchangeError([(DOCUMENT_NAME, f"not found at the root of the archive{hint}")])
        if info.file_size > JSON_MAX_BYTES:
            raise InterchangeError(
                [(DOCUMENT_NAME, f"is {info.file_size} bytes; at most {JSON_MAX_BYTES}")]
            )
        try:
            return self._read(info, JSON_MAX_BYTES)
        except (ValueError, zipfile.BadZipFile, OSError, EOFError) as exc:
            raise InterchangeError([(DOCUMENT_NAME, f"cannot be read ({exc})")]) from exc

    def image(self, relative):
        normal = clean_relative(relative)
        if normal is None:
            return None, f"{relative!r} must be a relative path inside the archive"
        info = self.members.get(normal)
        if info is None:
            return None, f"file {relative} not found in the archive"
        if info.file_size > settings.IMAGE_MAX_BYTES:
            return None, f"file {relative} {too_big_message(info.file_size)}"
        try:
            return self._read(info, settings.IMAGE_MAX_BYTES), None
        except (ValueError, zipfile.BadZipFile, OSError, EOFError) as exc:
            return None, f"file {relative} cannot be read from the archive ({exc})"

    def close(self):
        self.archive.close()


def open_source(source) -> Source:
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return ZipSource(path)
    if suffix == ".json":
        return FolderSource(path)
    raise InterchangeError([(path.name, "must be a .json file or a .zip archive")])
