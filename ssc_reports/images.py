"""Checking uploaded and imported images: real PNG, JPEG or WebP within the size limits."""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image

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
            raise ValidationError("is refused as a decompression bomb") from exc
        except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for broken files
            raise ValidationError("is not a readable PNG, JPEG or WebP image") from exc
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
        raise ValidationError(f"The image {exc.messages[0]}.", code="invalid_image") from exc
