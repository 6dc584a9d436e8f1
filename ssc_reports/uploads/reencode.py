"""Images stored before every upload was re-encoded (issue 10) keep the name, extension and
metadata (GPS included) their uploader gave them. `reencode_stored_images` (`manage.py
reencode_media`, once after upgrading) re-encodes each such file like a new upload, stores it
under a server-chosen name, points every row that used the old file at the new one (saved
one by one, so each change has its history row) and deletes the old file when no row uses it.
A file that is no readable PNG, JPEG or WebP is left alone and reported: the media view no
longer serves it."""

import io
import re
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image

from groups.models import Group, Officer
from ssc_reports.entry.progress import lock_progress_scope_of, refresh_progress_after_saving
from ssc_reports.images import reencode_image_bytes
from ssc_reports.models import Photo
from ssc_reports.uploads.files import delete_unreferenced_files

IMAGE_FIELDS = [(Group, "logo"), (Officer, "photo"), (Photo, "image")]
SERVER_NAME = re.compile(
    r"(?:photos|logos|officers)/(?:[0-9a-f]{32}|[0-9a-f]{20})\.(?:png|jpg|webp)"
)


METADATA_KEYS = ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment", "Comment")


def _has_metadata(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as image:
            return (
                bool(image.getexif())
                or any(key in image.info for key in METADATA_KEYS)
                or bool(getattr(image, "text", None))
            )
    except Exception:  # noqa: BLE001 - unreadable: reencode_image_bytes says so
        return True


def _names() -> list[str]:
    names = set()
    for model, field in IMAGE_FIELDS:
        names |= set(model._default_manager.exclude(**{field: ""}).values_list(field, flat=True))
    return sorted(names)


def reencode_stored_images(*, stdout=None) -> dict[str, list[str]]:
    """Re-encode every image a row uses that has no server-chosen name yet or still carries
    metadata (imports named by content before issue 10).
    Return {"reencoded": [old names], "unreadable": [names]}."""
    done = {"reencoded": [], "unreadable": []}
    for name in _names():
        if not default_storage.exists(name):
            continue
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
        if SERVER_NAME.fullmatch(name) and not _has_metadata(data):
            continue
        try:
            clean, ext = reencode_image_bytes(data)
        except ValidationError:
            done["unreadable"].append(name)
            continue
        folder = name.split("/", 1)[0]
        new_name = default_storage.save(f"{folder}/{uuid.uuid4().hex}.{ext}", ContentFile(clean))
        with transaction.atomic():
            lock_progress_scope_of(  # the app's lock order: groups and reports, then the rows
                *(
                    row
                    for model, field in IMAGE_FIELDS
                    for row in model._default_manager.filter(**{field: name})
                )
            )
            for model, field in IMAGE_FIELDS:
                for row in model._default_manager.select_for_update().filter(**{field: name}):
                    setattr(row, field, new_name)
                    row._change_reason = "Image re-encoded without metadata (issue 10)"
                    row.save(update_fields=[field])
                    refresh_progress_after_saving(row)
            delete_unreferenced_files([name])
        done["reencoded"].append(name)
        if stdout is not None:
            stdout.write(f"{name} -> {new_name}")
    return done
