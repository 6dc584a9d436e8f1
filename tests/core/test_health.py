"""GET /healthz: 200 when the database and the storage answer, 503 naming the failing part
otherwise, open to anonymous load balancers and never telling why."""

import json

from django.core.files.storage import FileSystemStorage
from django.db import OperationalError


class UnreachableStorage(FileSystemStorage):
    """Object storage whose endpoint does not answer."""

    def exists(self, name):
        raise ConnectionError("endpoint https://secret-bucket.example:9000 refused the connection")


def test_healthz_answers_ok_when_database_and_storage_answer(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "storage": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_down(client, db, monkeypatch):
    class DownDatabase:
        """The app's connection to a database server that does not answer."""

        def cursor(self):
            raise OperationalError("could not connect to server at 10.0.0.5 (password=hunter2)")

    monkeypatch.setattr("ssc_reports.health.connection", DownDatabase())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "failing", "storage": "ok"}
    assert b"10.0.0.5" not in response.content and b"hunter2" not in response.content


def test_healthz_answers_503_when_the_storage_is_down(client, db, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.core.test_health.UnreachableStorage"},
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "storage": "failing"}
    assert b"secret-bucket" not in response.content
