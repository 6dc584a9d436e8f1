"""Uploaded images (logos, officers' photographs, report photographs) served to those who may
see them, streamed from the storage (a local folder or a bucket) after that check. A file that
no visible group or report uses answers 404, like any other object outside the user's scope.
Rendered PDFs are never served from here: their own views check access."""

import re

from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from groups.models import Group, Officer
from ssc_reports.models import Photo, Report


def _visible_group_ids(user):
    if user.is_staff:
        return None
    return set(user.memberships.values_list("group_id", flat=True))


def is_media_visible(user, name: str) -> bool:
    group_ids = _visible_group_ids(user)
    if name.startswith("photos/"):
        reports = Report.objects.visible_to(user)
        return Photo.objects.filter(image=name, report__in=reports).exists()
    group_filter = Q() if group_ids is None else Q(pk__in=group_ids)
    if name.startswith("logos/"):
        return Group.objects.filter(group_filter, logo=name).exists()
    if name.startswith("officers/"):
        officer_filter = Q() if group_ids is None else Q(group_id__in=group_ids)
        return Officer.objects.filter(officer_filter, photo=name).exists()
    return False


# The only names served: one of the upload folders, then one plain file name.
MEDIA_NAME = re.compile(r"(?:photos|logos|officers)/\w[\w.-]*")
# The only content types served, by the file's first bytes; the name's extension must agree.
IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}
MEDIA_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'"


def _detected_type(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


@require_GET
def serve_media(request, path: str):
    """An image, with a content type from IMAGE_TYPES, `nosniff` and a sandboxing CSP: even a
    file that is also HTML or script can run nothing. Any other name or file answers 404."""
    if not MEDIA_NAME.fullmatch(path) or ".." in path:
        raise Http404("No such file.")
    content_type = IMAGE_TYPES.get(path.rsplit(".", 1)[-1].lower()) if "." in path else None
    if content_type is None:
        raise Http404("No such file.")
    if not is_media_visible(request.user, path):
        raise Http404("No such file.")
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, IsADirectoryError):
        raise Http404("No such file.") from None
    if _detected_type(handle.read(12)) != content_type:
        handle.close()
        raise Http404("No such file.")
    handle.seek(0)
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    response["Content-Disposition"] = "inline"
    return response
