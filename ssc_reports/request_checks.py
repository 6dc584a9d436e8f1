"""Requests no page can mean are answered before any view runs: a NUL character in the path
answers 404, in the query string or a form field 400. (PostgreSQL refuses NUL in text, so it
would otherwise reach the database as a 500; SQLite would store it.)"""

from django.http import HttpResponseBadRequest, HttpResponseNotFound
from django.http.multipartparser import MultiPartParserError

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(querydict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in querydict.lists()
    )


class RejectMalformedRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "\x00" in request.path_info:
            return HttpResponseNotFound("Not found.", content_type="text/plain")
        if _has_nul(request.GET):
            return HttpResponseBadRequest("Bad request.", content_type="text/plain")
        if request.method == "POST" and request.content_type in FORM_TYPES:
            try:
                malformed = _has_nul(request.POST) or any(
                    "\x00" in (upload.name or "") for upload in request.FILES.values()
                )
            except MultiPartParserError:
                malformed = True
            if malformed:
                return HttpResponseBadRequest("Bad request.", content_type="text/plain")
        return self.get_response(request)
