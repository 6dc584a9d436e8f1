"""Uploaded images (logos, officers' photographs, report photographs) served to those who may
see them. A file that no visible group or report uses answers 404, like any other object
outside the user's scope. Rendered PDFs are never served from here: their own views check
access."""

import mimetypes
from pathlib import Path

from django.conf import settings
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


@require_GET
def serve_media(request, path: str):
    root = Path(settings.MEDIA_ROOT).resolve()
    full = (root / path).resolve()
    if not full.is_relative_to(root) or not full.is_file():
        raise Http404("No such file.")
    name = full.relative_to(root).as_posix()
    if not is_media_visible(request.user, name):
        raise Http404("No such file.")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(full.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
