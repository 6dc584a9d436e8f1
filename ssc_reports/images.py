"""Checking uploaded and imported images: real PNG, JPEG or WebP within the size limits, and
re-encoding them (upright, no metadata) under a name the server chooses."""

import io
import uuid
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

ALLOWED_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def check_image_bytes(data: bytes) -> str:
    """Return the file extension for `data`, or raise ValidationError saying what is wrong."""
    if len(data) > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            f"is {len(data) / 1_000_000:.1f} MB; images may be at most "
            f"{settings.IMAGE_MAX_BYTES // 1_000_000} MB"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                image_format = image.format
                width, height = image.size
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        f"is {width}x{height} pixels; images may have at most "
                        f"{settings.IMAGE_MAX_PIXELS // 1_000_000} megapixels"
                    )
                image.verify()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ValidationError(_("is refused as a decompression bomb")) from exc
        except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for broken files
            raise ValidationError(_("is not a readable PNG, JPEG or WebP image")) from exc
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(f"is a {image_format} image; only PNG, JPEG or WebP are accepted")
    return ALLOWED_FORMATS[image_format]


def validate_image_file(file) -> None:
    """Model/form field validator: the file must pass check_image_bytes."""
    if file is None or not getattr(file, "name", None):
        return
    if getattr(file, "_committed", False):
        # An already stored file that is not being replaced: it was checked on the way in.
        return
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    data = file.read(settings.IMAGE_MAX_BYTES + 1)
    file.seek(position)
    try:
        check_image_bytes(data)
    except ValidationError as exc:
        raise ValidationError(
            _("The image %(problem)s.") % {"problem": exc.messages[0]}, code="invalid_image"
        ) from exc


# ---------------------------------------------------------------------------------------
# Re-encoding: nothing an uploader sends is stored as sent.

SAVE_OPTIONS = {
    "PNG": {"optimize": False},
    "JPEG": {"quality": 90},
    "WEBP": {"quality": 90},
}


def _mode_for(image: Image.Image, image_format: str) -> str | None:
    """The mode to convert to before saving in `image_format` (None: keep)."""
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    if image_format == "JPEG":
        return None if image.mode in {"RGB", "L"} else "RGB"
    if image_format == "WEBP":
        wanted = "RGBA" if has_alpha else "RGB"
        return None if image.mode == wanted else wanted
    # PNG: palette or grey transparency lives in the metadata dropped below: keep it as alpha.
    if "transparency" in image.info:
        return "RGBA"
    return None


def reencode_image_bytes(data: bytes) -> tuple[bytes, str]:
    """Decode `data` (checked by check_image_bytes) and encode the pixels again in the same
    format, turned upright by its EXIF orientation, with no metadata (EXIF, GPS, XMP, ICC,
    comments, text chunks) and only the first frame. Return (bytes, extension).
    Raises ValidationError like check_image_bytes."""
    ext = check_image_bytes(data)
    try:
        with Image.open(io.BytesIO(data)) as opened:
            image_format = opened.format
            opened.load()
            upright = ImageOps.exif_transpose(opened)
            mode = _mode_for(upright, image_format)
            pixels = upright.convert(mode) if mode else upright.copy()
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for broken files
        raise ValidationError(_("is not a readable PNG, JPEG or WebP image")) from exc
    pixels.info = {}
    out = io.BytesIO()
    pixels.save(out, format=image_format, **SAVE_OPTIONS[image_format])
    return out.getvalue(), ext


def clean_image_upload(file) -> ContentFile:
    """An uploaded image file re-encoded (reencode_image_bytes) under a server-chosen name
    `<random>.<ext>`. Raises ValidationError (code invalid_image) for anything else."""
    file.seek(0)
    data = file.read(settings.IMAGE_MAX_BYTES + 1)
    try:
        clean, ext = reencode_image_bytes(data)
    except ValidationError as exc:
        raise ValidationError(
            _("The image %(problem)s.") % {"problem": exc.messages[0]}, code="invalid_image"
        ) from exc
    return ContentFile(clean, name=f"{uuid.uuid4().hex}.{ext}")


class CleanImageField(forms.ImageField):
    """Form field for every image upload (forms and admin): the cleaned value is the
    re-encoded image under a server-chosen name (clean_image_upload), never the upload."""

    def to_python(self, data):
        checked = super().to_python(data)
        if checked is None:
            return None
        return clean_image_upload(checked)
