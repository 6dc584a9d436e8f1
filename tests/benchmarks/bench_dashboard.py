"""Benchmark of the staff dashboard (issue 17; run on demand, not in CI), on PostgreSQL:

    bash .ci/with-postgres.sh .venv/bin/python tests/benchmarks/bench_dashboard.py [--groups 200]

Builds two databases side by side: one with 1 group, one with N groups (default 200), each
group with 3 years of history (three periods, every row edited EDITS times a year;
tests/benchmarks/bench_rendering.py's data). Then it measures each page in alternation, one
request on the 1-group database, one on the N-group database, RUNS times (a machine that
slows down for a moment slows both sides), and prints the median time of each side and their
ratio (goal: <= 1.5): the dashboard as staff open it, searched and filtered, sorted by
completeness, its second page, the results CSV filtered by overdue and search; then the
dashboard after 3 more years of history, and of a period just opened; then what keeping the
stored progress costs a write (refresh_report_progress of one report, and of a group's
reports).

Uses the cluster of DATABASE_URL (a throwaway one from .ci/with-postgres.sh: the N-group
database is created beside it; without it, two SQLite files in a temporary folder) and a
temporary media folder.
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


def print_row(name: str, one: float, many: float) -> None:
    print(f"  {name:<44} {one * 1000:6.1f} ms {many * 1000:8.1f} ms   {many / one:5.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data.setup_django(Path(folder))
        from django.apps import apps

        worlds = data.Worlds(Path(folder))
        print(f"database: {worlds.connection.vendor}; groups: 1 and {args.groups}; "
              f"periods: {data.PERIODS}")  # fmt: skip
        started = time.perf_counter()
        for world, count in ((1, 1), ("N", args.groups)):
            worlds.use(world)
            data.build_groups(0, count)
        history = sum(
            m.objects.count() for m in apps.get_models() if m._meta.model_name.startswith("hist")
        )
        print(f"data built in {time.perf_counter() - started:.0f} s; "
              f"history rows with {args.groups} groups: {history:,}")  # fmt: skip
        worlds.log_in()
        worlds.vacuum()

        header = f"median of {args.runs}, in alternation"
        print(f"\n  {header:<44}  1 group {args.groups:>6} groups   ratio")
        for name, url in PAGES.items():
            print_row(name, *worlds.side_by_side(url, url, args.runs))

        worlds.use("N")
        added = data.add_history(3)
        worlds.vacuum()
        print_row(
            f"dashboard, {args.groups} groups with {added:,} more history rows",
            *worlds.side_by_side(PAGES["dashboard"], PAGES["dashboard"], args.runs),
        )
        for world, count in ((1, 1), ("N", args.groups)):
            worlds.use(world)
            opened = data.open_next_period(count)
        worlds.vacuum()
        url = f"/staff/?period={opened}"
        print_row(f"dashboard of {opened}, just opened", *worlds.side_by_side(url, url, args.runs))

        worlds.use("N")
        print(f"\nwhat a write pays to keep the stored progress ({args.groups} groups)")
        for name, seconds in refresh_times(args.runs).items():
            print(f"  {name}: {seconds * 1000:.1f} ms")
        worlds.use(1)


if __name__ == "__main__":
    main()
