"""Where files live. Everything users upload or download (images, approved PDFs, rendered and
compiled PDFs) goes through Django's storage API (`default_storage`, set by MEDIA_STORAGE:
a local folder or an S3-compatible bucket); files that are local by nature (temporary files
of renders and merges, a machine's local copies of stored PDFs) live under SSC_SCRATCH_DIR.

- `LocalStorage`: the local back-end. Like FileSystemStorage, but a file appears under its
  name only once it is complete (written beside it, then hard-linked into place), so a reader
  on another process or machine never sees half a file, and a name is never overwritten.
- `publish(name, content)`: save `content` under a content-keyed `name` unless it is there;
  two writers of the same key store it once (the later copy is dropped).
- `walk(folder)`: every stored file name under `folder`, recursively.
- `scratch_dir(*parts)`: a folder under SSC_SCRATCH_DIR, created on first use.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage


class LocalStorage(FileSystemStorage):
    """FileSystemStorage that publishes each file whole: written to a hidden temporary file in
    the target's folder, then linked under its name (os.link never replaces a file; a taken
    name gets another one, as FileSystemStorage does)."""

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as stream:
                if hasattr(content, "seek"):
                    content.seek(0)
                for chunk in content.chunks():
                    stream.write(chunk.encode() if isinstance(chunk, str) else chunk)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, self.file_permissions_mode or 0o644)
            while True:
                try:
                    os.link(temporary, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            os.unlink(temporary)
        return str(name).replace("\\", "/")


def publish(name: str, content, *, storage=None) -> str:
    """Store `content` (a django File) under `name`, a name keyed by the content, unless a file
    is there already. Returns `name`. When another writer stored the same key meanwhile, the
    storage gave this copy another name: it is deleted (both copies hold the same bytes)."""
    storage = storage or default_storage
    if storage.exists(name):
        return name
    saved = storage.save(name, content)
    if saved != name:
        storage.delete(saved)
    return name


def walk(folder: str, *, storage=None):
    """Every file name stored under `folder` (relative to the storage, with `/`), recursively;
    nothing when the folder does not exist."""
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for file in sorted(files):
        yield f"{folder}/{file}"
    for child in sorted(folders):
        yield from walk(f"{folder}/{child}", storage=storage)


def scratch_dir(*parts: str) -> Path:
    """A local folder under SSC_SCRATCH_DIR (never in MEDIA_ROOT), created if missing."""
    folder = Path(settings.SSC_SCRATCH_DIR).joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
