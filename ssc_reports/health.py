"""GET /healthz for load balancers: 200 when the database and the file storage answer, 503
otherwise. Open to anyone, so it says only which part failed, never why (no host, no error
text, no setting)."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger("ssc_reports.health")
# A name that is never written: asking whether it exists makes the storage answer (a stat on
# a disk, a HEAD request on object storage) without writing anything.
PROBE_NAME = "healthz-probe"


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return False


def _storage_ok() -> bool:
    try:
        default_storage.exists(PROBE_NAME)
        return True
    except Exception:  # any back-end's failure (OSError, botocore's errors, ...)
        logger.exception("Health check: the file storage does not answer")
        return False


@login_not_required
@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database_ok(), "storage": _storage_ok()}
    body = {name: "ok" if ok else "failing" for name, ok in checks.items()}
    return JsonResponse(body, status=200 if all(checks.values()) else 503)
