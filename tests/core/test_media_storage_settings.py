"""MEDIA_STORAGE picks the default storage from the environment: a local folder (the default)
or an S3-compatible bucket through django-storages, private, with short-lived signed links. An
s3 without its bucket stops every command at start-up, naming the variable. No network."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ssc_reports.settings import media_storage

ROOT = Path(__file__).resolve().parent.parent.parent
S3 = {"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "b"}


def test_media_storage_defaults_to_the_local_folder():
    assert media_storage({}) == {"BACKEND": "ssc_reports.storage.LocalStorage"}
    assert media_storage({"MEDIA_STORAGE": " Local "}) == {
        "BACKEND": "ssc_reports.storage.LocalStorage"
    }


def test_media_storage_s3_from_the_environment():
    environ = {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "ssc-reports-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
        "AWS_S3_REGION_NAME": "eu-west-3",
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "example-secret",
    }

    assert media_storage(environ) == {
        "BACKEND": "ssc_reports.uploads.bucket.BucketStorage",
        "OPTIONS": {
            "bucket_name": "ssc-reports-media",
            "endpoint_url": "https://s3.example.org",
            "region_name": "eu-west-3",
            "access_key": "AKIAEXAMPLE",
            "secret_key": "example-secret",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }


def test_media_storage_s3_without_keys_leaves_credentials_to_boto3():
    """On a machine with an instance role, boto3 finds the credentials itself."""
    options = media_storage(
        {"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "b", "MEDIA_SIGNED_URL_SECONDS": "60"}
    )["OPTIONS"]

    assert options == {
        "bucket_name": "b",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
    }


def test_media_storage_s3_options_build_a_storage_without_network(settings):
    from storages.backends.s3 import S3Storage

    from ssc_reports.uploads.bucket import BucketStorage

    settings.MEDIA_URL = "/media/"
    options = media_storage(
        {
            **S3,
            "AWS_S3_REGION_NAME": "eu-west-3",
            "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "example-secret",
        }
    )["OPTIONS"]
    storage = BucketStorage(**options)

    assert isinstance(storage, S3Storage)
    assert (storage.bucket_name, storage.default_acl, storage.querystring_expire) == (
        "b",
        "private",
        300,
    )
    assert storage.file_overwrite is False
    # Pages link to the app's permission-checked view, never to the bucket.
    assert storage.url("photos/a b.jpg") == "/media/photos/a%20b.jpg"
    # A signed link to the object is made locally (no request) and expires in 300 seconds.
    signed = storage.signed_url("photos/a.jpg")
    assert signed.startswith("https://s3.amazonaws.com/b/photos/a.jpg?")
    assert "X-Amz-Expires=300&" in signed and "X-Amz-Signature=" in signed


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME."),
        (
            {"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "  "},
            "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.",
        ),
        ({"MEDIA_STORAGE": "nfs"}, "MEDIA_STORAGE must be local or s3, not 'nfs'."),
        (
            {**S3, "MEDIA_SIGNED_URL_SECONDS": "0"},
            "MEDIA_SIGNED_URL_SECONDS must be between 1 and 3600.",
        ),
        (
            {**S3, "MEDIA_SIGNED_URL_SECONDS": "1h"},
            "MEDIA_SIGNED_URL_SECONDS must be between 1 and 3600.",
        ),
    ],
)
def test_media_storage_refuses_an_incomplete_configuration(environ, message):
    with pytest.raises(ImproperlyConfigured) as error:
        media_storage(environ)

    assert str(error.value) == message


def test_s3_without_a_bucket_stops_every_command_at_start_up(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.update(
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_STORAGE="s3",
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME." in result.stderr


def test_a_scratch_folder_inside_media_root_stops_every_command(tmp_path):
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.update(MEDIA_ROOT=str(tmp_path / "media"), SSC_SCRATCH_DIR=str(tmp_path / "media/tmp"))

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "SSC_SCRATCH_DIR must not be inside MEDIA_ROOT." in result.stderr
