"""Part renderers for tests (settings.SSC_COMPILE_PART_RENDERER): the real renderer made slow,
or made to fail, to exercise retries and crashes."""

import os
import time

from ssc_reports.pdf.render import render_report_pdf

_calls = {"flaky": 0}


def slow(report) -> bytes:
    time.sleep(float(os.environ.get("SSC_TEST_RENDER_DELAY", "2")))
    return render_report_pdf(report)


def failing(report) -> bytes:
    raise RuntimeError(f"the renderer broke on {report.group.acronym}")


def flaky(report) -> bytes:
    """Fails on its first call in this process, then renders."""
    _calls["flaky"] += 1
    if _calls["flaky"] == 1:
        raise RuntimeError("a passing failure")
    return render_report_pdf(report)


def dies_once(report) -> bytes:
    """Kills its own process the first time it is called (a crash: out of memory, a segfault);
    renders afterwards. The marker file says it already died."""
    marker = os.environ["SSC_TEST_DIE_MARKER"]
    if not os.path.exists(marker):
        with open(marker, "w") as stream:
            stream.write(report.group.acronym)
        os._exit(9)
    return render_report_pdf(report)
