"""The default storage with MEDIA_STORAGE=s3: an S3-compatible bucket (django-storages), whose
links are the app's own.

`BucketStorage.url(name)` is `MEDIA_URL + name`, the app's permission-checked view
(uploads/views.py), never the bucket: the pages' Content-Security-Policy (images from the
app only) holds, and every image is served after the check with the app's headers (`nosniff`,
the sandboxing CSP), streamed from the bucket. A signed link straight to the bucket
(private objects, `querystring_auth`, MEDIA_SIGNED_URL_SECONDS) is `signed_url(name)`; the
app hands out none. Imported only by name, from settings (boto3 loads with it)."""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class BucketStorage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        return f"{settings.MEDIA_URL}{filepath_to_uri(name)}"

    def signed_url(self, name, *, expire=None) -> str:
        """A short-lived signed link to the object itself (querystring_expire seconds)."""
        return super().url(name, expire=expire)
