"""Benchmark of the report PDF (run on demand, not in CI):

    .venv/bin/python tests/benchmarks/bench_pdf.py [--runs N] [--big]

Sets Django up on a temporary SQLite database, migrates, imports the SMSG 2024-2025 demo
report, then renders it N times through our code (`render_report_pdf`: data loading, template,
WeasyPrint) and the same HTML N times through headless Chromium (`--print-to-pdf`, process
start-up included, as a worker would pay it). Prints the times (median and best), pages per
second, the ratio, and our peak memory. Target: ours no slower than Chromium, at most 150 MB.
"""

import argparse
import io
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--no-first-run",
            "--no-pdf-header-footer"]  # fmt: skip


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def setup_django(tmp: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def chromium_site(html: str, site: Path) -> Path:
    """The HTML with its ssc-static:/ssc-media: files copied next to it (bench only)."""
    from ssc_reports.pdf.render import read_app_file

    def localise(text: str) -> str:
        def copy(match):
            url = match.group(0)
            scheme, _, rest = url.partition(":")
            folder = "static" if scheme == "ssc-static" else "media"
            target = site / folder / rest
            target.parent.mkdir(parents=True, exist_ok=True)
            source = read_app_file(url)
            if source.suffix == ".css":
                target.write_text(localise(source.data.decode()))
            else:
                target.write_bytes(source.data)
            return target.as_uri()

        return re.sub(r"ssc-(?:static|media):[\w./%-]+", copy, text)

    page = site / "report.html"
    page.write_text(localise(html))
    return page


def pages_of(pdf: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def bench(report, label: str, runs: int, tmp: Path, rss_before: float) -> None:
    from ssc_reports.pdf.render import render_report_html, render_report_pdf

    ours = []
    for _ in range(runs):
        start = time.perf_counter()
        pdf = render_report_pdf(report)
        ours.append(time.perf_counter() - start)
    rss_after = rss_mb()
    tracemalloc.start()  # a separate, untimed run: tracemalloc slows Python down
    render_report_pdf(report)
    py_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    our_pages = pages_of(pdf)

    site = tmp / f"site-{report.pk}"
    page = chromium_site(render_report_html(report), site)
    chrome = []
    out = tmp / "chromium.pdf"
    for _ in range(runs):
        out.unlink(missing_ok=True)
        start = time.perf_counter()
        subprocess.run(
            [*CHROMIUM, f"--user-data-dir={tmp / 'chrome-profile'}",
             f"--print-to-pdf={out}", page.as_uri()],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        chrome.append(time.perf_counter() - start)
    chrome_pages = pages_of(out.read_bytes())

    ours_med, chrome_med = statistics.median(ours), statistics.median(chrome)
    print(f"{label}, {runs} runs each (median, best)")
    print(
        f"  ours (WeasyPrint, in process): {ours_med:.3f} s, best {min(ours):.3f} s, "
        f"first {ours[0]:.3f} s, {our_pages} pages, {our_pages / ours_med:.1f} pages/s"
    )
    print(
        f"  headless Chromium (process):   {chrome_med:.3f} s, best {min(chrome):.3f} s, "
        f"{chrome_pages} pages, {chrome_pages / chrome_med:.1f} pages/s"
    )
    print(f"  ratio ours / Chromium (median): {ours_med / chrome_med:.2f}")
    print(
        f"  our peak memory: process max RSS {rss_after:.0f} MB "
        f"(after Django set-up and import: {rss_before:.0f} MB), "
        f"Python allocations during one rendering {py_peak:.0f} MB (tracemalloc)"
    )
    verdict_time = "OK" if ours_med <= chrome_med else "SLOWER than Chromium"
    verdict_mem = "OK" if rss_after <= 150 else "OVER 150 MB"
    print(f"  target: time {verdict_time}; memory {verdict_mem}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--big", action="store_true", help="also a synthetic report of 60 targets, 200 results"
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        setup_django(tmp)
        from ssc_reports.interchange.importer import import_report
        from tests.factories import SMSG_DEMO_DIR

        report = import_report(SMSG_DEMO_DIR / "report.json")
        rss_before = rss_mb()
        bench(report, "SMSG 2024-2025 report", args.runs, tmp, rss_before)
        if args.big:
            from tests import factories
            from tests.pdf.test_pdf_content import _big_report

            big = factories.make_report(group=factories.make_group(acronym="BIG"))
            _big_report(big)
            bench(big, "synthetic report, 60 targets and 200 results", args.runs, tmp, rss_before)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
