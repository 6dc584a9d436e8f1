"""Running a CPU-bound function (WeasyPrint's layout) with a time limit.

WeasyPrint cannot be interrupted from the outside, and a thread cannot be stopped, so the
function runs in a forked child process which is killed (SIGKILL) when its time is up. The
child inherits the parent's memory (the HTML to lay out, the loaded fonts and templates) and
must not touch the database: the callers load the data before calling in. The result comes
back through a temporary file (under SSC_SCRATCH_DIR), the error (if any) as text through a pipe.

Works where multiprocessing cannot (in a daemonic pool worker), and in the main thread or any
other thread of the caller.
"""

import logging
import os
import pickle
import signal
import tempfile
import time
import traceback
from collections.abc import Callable

from django.conf import settings

from ssc_reports.storage import scratch_dir


class RenderTimeout(Exception):
    """The render did not finish within its time limit and was stopped."""


class RenderFailed(Exception):
    """The render raised in the child process (its message says what and why)."""


class _Collect(logging.Handler):
    """In the child: keeps the records logged, for the parent to log again."""

    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        record.msg, record.args, record.exc_info, record.exc_text = (
            record.getMessage(),
            None,
            None,
            None,
        )
        self.records.append(record)


def _child(function, args, result_path: str, error_fd: int) -> None:
    collect = _Collect()
    logging.getLogger().addHandler(collect)
    try:
        value = function(*args)
        with open(result_path, "wb") as stream:
            pickle.dump((value, collect.records), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os._exit(0)
    except BaseException as error:  # noqa: BLE001 - reported to the parent
        try:
            message = f"{type(error).__name__}: {error}"
            os.write(error_fd, message.encode("utf-8", "replace")[:4000])
            traceback.print_exc()
        finally:
            os._exit(1)


def run_with_time_limit(function: Callable, *args, seconds: float | None = None):
    """`function(*args)` in a forked child, killed after `seconds` (default
    settings.SSC_PDF_TIME_LIMIT). Raises RenderTimeout, or RenderFailed with the child's error."""
    seconds = settings.SSC_PDF_TIME_LIMIT if seconds is None else seconds
    handle, result_path = tempfile.mkstemp(
        prefix="ssc-render-", suffix=".pickle", dir=scratch_dir("renders")
    )
    os.close(handle)
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child (coverage does not follow it)
            os.close(read_fd)
            _child(function, args, result_path, write_fd)
        os.close(write_fd)
        write_fd = -1
        deadline = time.monotonic() + seconds
        delay = 0.005
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() >= deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise RenderTimeout(
                    f"the render took longer than its time limit of {seconds:g} seconds "
                    "and was stopped"
                )
            time.sleep(delay)
            delay = min(delay * 2, 0.1)
        error = b""
        while chunk := os.read(read_fd, 4096):
            error += chunk
        if os.waitstatus_to_exitcode(status) != 0:
            message = error.decode("utf-8", "replace") or (
                f"the rendering process ended with status {os.waitstatus_to_exitcode(status)}"
            )
            raise RenderFailed(message)
        with open(result_path, "rb") as stream:
            value, records = pickle.load(stream)  # noqa: S301 - written by our own child
        for record in records:  # what the child logged, as if logged here
            logging.getLogger(record.name).handle(record)
        return value
    finally:
        os.close(read_fd)
        if write_fd >= 0:
            os.close(write_fd)
        os.unlink(result_path)
