"""Stored files may be shared by several rows: imported images are named by their content (two
groups importing one picture share its file; a re-import keeps it), and a new period's report
carries its photos over. A file is therefore deleted only when no row (of any group or period,
approved PDFs and compiled files included) uses it any more:

- `delete_unreferenced_files` is called inside the transaction that dropped a use: it checks
  the references there, and once more when the transaction commits, then deletes;
- `clean_unreferenced_files` (`manage.py clean_media`, from cron daily) removes the files no
  row uses that are older than a day (left by replaced uploads, removed officers, failed
  imports), never younger ones: an upload may not be committed yet."""

import datetime
import time

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models, transaction

from ssc_reports.storage import walk

# The folders whose files belong to FileFields (uploads, imports, approved PDFs, compilations).
MANAGED_FOLDERS = ("photos", "logos", "officers", "approved", "compilations")
KEEP_YOUNGER_THAN = datetime.timedelta(days=1)


def file_fields() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) that stores a file name."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def referenced_names(names) -> set[str]:
    """Those of `names` that some row still uses."""
    names = {name for name in names if name}
    used = set()
    for model, field in file_fields():
        if not names - used:
            break
        lookup = {f"{field}__in": names - used}
        used |= set(model._default_manager.filter(**lookup).values_list(field, flat=True))
    return used


def delete_unreferenced_files(names, *, storage=None) -> None:
    """Delete, once the current transaction commits, those of `names` no row uses (checked
    now, inside the transaction, and again at commit)."""
    storage = storage or default_storage
    candidates = {name for name in names if name} - referenced_names(names)
    if not candidates:
        return

    def delete():
        for name in sorted(candidates - referenced_names(candidates)):
            storage.delete(name)

    transaction.on_commit(delete)


def _modified(name: str) -> float | None:
    """When the stored file `name` was last written (epoch seconds), None when it is gone."""
    try:
        return default_storage.get_modified_time(name).timestamp()
    except FileNotFoundError:
        return None


def clean_unreferenced_files(*, now: float | None = None) -> list[str]:
    """Delete the stored files of MANAGED_FOLDERS that no row uses and that are older than a
    day; return their names. Lists the storage (a local folder or a bucket) folder by folder."""
    threshold = (now if now is not None else time.time()) - KEEP_YOUNGER_THAN.total_seconds()
    old = []
    for folder in MANAGED_FOLDERS:
        for name in walk(folder):
            modified = _modified(name)
            if modified is not None and modified < threshold:
                old.append(name)
    removed = []
    for start in range(0, len(old), 500):
        chunk = old[start : start + 500]
        used = referenced_names(chunk)
        for name in chunk:
            # Checked again: a file written anew meanwhile is young.
            modified = _modified(name) if name not in used else None
            if modified is not None and modified < threshold:
                default_storage.delete(name)
                removed.append(name)
    return sorted(removed)
