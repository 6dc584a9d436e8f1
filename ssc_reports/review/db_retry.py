"""SQLite has no row locks: two transactions racing for one report end with "database is
locked" for one of them (PostgreSQL makes the second wait for the first's row lock instead).
`retry_when_locked` runs such a transaction again, once the other one is done, so the loser
sees the new state and answers as on PostgreSQL; if the database stays locked, it raises the
given error with a message fit for the user, never a 500."""

import functools
import time

from django.db import OperationalError, transaction
from django.utils.translation import gettext_lazy as _

RETRY_FOR_SECONDS = 15.0
RETRY_PAUSE_SECONDS = 0.05
STILL_LOCKED = _(
    "Someone else changed this report at the same moment: reload the page and try again."
)


def _is_lock_error(error: OperationalError) -> bool:
    return "locked" in str(error).lower()


def retry_when_locked(error_class):
    """Decorator for an @transaction.atomic service on SQLite: retried while the database is
    locked by another transaction (when it is the outermost transaction), then error_class."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            connection = transaction.get_connection()
            if connection.vendor != "sqlite":
                return function(*args, **kwargs)
            outermost = not connection.in_atomic_block
            give_up = time.monotonic() + RETRY_FOR_SECONDS
            while True:
                try:
                    return function(*args, **kwargs)
                except OperationalError as exc:
                    if not _is_lock_error(exc):
                        raise
                    if not outermost or time.monotonic() > give_up:
                        raise error_class(STILL_LOCKED) from exc
                time.sleep(RETRY_PAUSE_SECONDS)

        return wrapper

    return decorate
