"""Benchmark of the staff dashboard (issue 17; run on demand, not in CI), on PostgreSQL:

    bash .ci/with-postgres.sh .venv/bin/python tests/benchmarks/bench_dashboard.py [--groups 200]

Builds groups with 3 years of history (three periods, every row edited EDITS times a year;
tests/benchmarks/bench_rendering.py's data) and prints, side by side in one run, the median
time of each page at 1 group and at N groups (default 200) and their ratio (goal: <= 1.5):
the dashboard as staff open it, searched and filtered, sorted by completeness, its second
page, the results CSV filtered by overdue and search; then the dashboard after 3 more years
of history, of a period just opened, and what keeping the stored progress costs a write
(refresh_report_progress of one report, and of a group's reports).

Uses the database of DATABASE_URL (a throwaway cluster from .ci/with-postgres.sh; SQLite in a
temporary folder without it) and a temporary media folder.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_rendering as data  # noqa: E402 - the data builders of the rendering benchmark

LABEL = data.PERIODS[-1]
PAGES = {
    "dashboard": f"/staff/?period={LABEL}",
    "dashboard, search + filters": f"/staff/?period={LABEL}&q=bench&kind=specialist_group"
    "&status=draft&overdue=yes",
    "dashboard, sorted by completeness": f"/staff/?period={LABEL}&sort=-completeness",
    "dashboard, page 2": f"/staff/?period={LABEL}&page=2",
    "results CSV, overdue + search (1 group)": f"/staff/network/{LABEL}/exports/results.csv"
    "?overdue=yes&q=B000",
    "results CSV, overdue + search (all)": f"/staff/network/{LABEL}/exports/results.csv"
    "?overdue=yes&q=bench",
}
SMALL_PAGE = 25


def page_times(client, runs: int) -> dict[str, float]:
    """Median seconds per page (at 1 group, "page 2" answers the last page: the only one),
    and the dashboard with SMALL_PAGE rows a page instead of dashboard.PAGE_SIZE."""
    from ssc_reports.review import dashboard

    times = {
        name: data.timed(lambda url=url: data.get_page(client, url), runs)
        for name, url in PAGES.items()
    }
    size, dashboard.PAGE_SIZE = dashboard.PAGE_SIZE, SMALL_PAGE
    try:
        times[f"dashboard, {SMALL_PAGE} rows a page"] = data.timed(
            lambda: data.get_page(client, PAGES["dashboard"]), runs
        )
    finally:
        dashboard.PAGE_SIZE = size
    return times


def refresh_times(runs: int) -> dict[str, float]:
    from ssc_reports.entry.progress import refresh_report_progress
    from ssc_reports.models import Report

    report = Report.objects.filter(period__label=LABEL).order_by("pk").first()
    return {
        "refresh of one report (a section saved)": data.timed(
            lambda: refresh_report_progress(report_ids=[report.pk]), runs
        ),
        "refresh of a group's 3 reports (group information saved)": data.timed(
            lambda: refresh_report_progress(group_ids=[report.group_id]), runs
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data.setup_django(Path(folder))
        from django.apps import apps
        from django.db import connection
        from django.test import Client

        from tests import factories

        print(f"database: {connection.vendor}; groups: {args.groups}; periods: {data.PERIODS}")
        client = Client()
        client.force_login(factories.make_user(username="bench-staff", staff=True))

        started = time.perf_counter()
        data.build_groups(0, 1)
        one = page_times(client, args.runs)
        data.build_groups(1, args.groups - 1)
        print(f"data built in {time.perf_counter() - started:.0f} s")
        history = sum(
            m.objects.count() for m in apps.get_models() if m._meta.model_name.startswith("hist")
        )
        print(f"history rows: {history:,}")
        many = page_times(client, args.runs)

        print(f"\nmedian of {args.runs}   1 group   {args.groups} groups   ratio")
        for name, seconds in many.items():
            print(f"  {name:<42} {one[name] * 1000:6.0f} ms {seconds * 1000:8.0f} ms"
                  f"   {seconds / one[name]:5.2f}")  # fmt: skip

        added = data.add_history(3)
        if connection.vendor == "postgresql":  # else autovacuum runs during the measurement
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        deeper = data.timed(lambda: data.get_page(client, PAGES["dashboard"]), args.runs)
        print(f"\n  dashboard after {added:,} more history rows (3 more years of every row): "
              f"{deeper * 1000:.0f} ms, {deeper / many['dashboard']:.2f}x before")  # fmt: skip
        opened = data.open_next_period(args.groups)
        fresh = data.timed(lambda: data.get_page(client, f"/staff/?period={opened}"), args.runs)
        print(f"  dashboard of {opened} just opened, {args.groups} groups: "
              f"{fresh * 1000:.0f} ms, {fresh / one['dashboard']:.2f}x 1 group")  # fmt: skip
        print("\nwhat a write pays to keep the stored progress")
        for name, seconds in refresh_times(args.runs).items():
            print(f"  {name}: {seconds * 1000:.1f} ms")


if __name__ == "__main__":
    main()
