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
import gc
import statistics
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


class Worlds:
    """The 1-group and the N-group database, the default connection switched between them
    (both built by the same migrations: the same content type ids, the same staff user)."""

    def __init__(self, folder: Path):
        from django.core.management import call_command
        from django.db import connection

        self.connection = connection
        first = connection.settings_dict["NAME"]
        if connection.vendor == "postgresql":
            second = f"{first}_many"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{second}"')  # our own name, not input
        else:
            second = str(folder / "many.sqlite3")
        self.names = {1: first, "N": second}
        self.clients = {}
        for world in self.names:
            self.use(world)
            call_command("migrate", verbosity=0)

    def use(self, world) -> None:
        self.connection.close()
        self.connection.settings_dict["NAME"] = self.names[world]

    def log_in(self) -> None:
        from django.test import Client

        from tests import factories

        for world in self.names:
            self.use(world)
            self.clients[world] = Client()
            self.clients[world].force_login(factories.make_user(username="bench", staff=True))

    def vacuum(self) -> None:
        """Fresh planner statistics on both sides, and no autovacuum during the measurement."""
        for world in self.names:
            self.use(world)
            if self.connection.vendor == "postgresql":
                with self.connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")

    def side_by_side(self, url_one: str, url_many: str, runs: int) -> tuple[float, float]:
        """Median seconds of `url_one` on the 1-group database and `url_many` on the N-group
        one, measured in alternation (after a warm request on a fresh connection, and a full
        garbage collection, each)."""
        times = {world: [] for world in self.names}
        for _ in range(runs):
            for world, url in ((1, url_one), ("N", url_many)):
                self.use(world)
                data.get_page(self.clients[world], url)
                gc.collect()
                started = time.perf_counter()
                data.get_page(self.clients[world], url)
                times[world].append(time.perf_counter() - started)
        return statistics.median(times[1]), statistics.median(times["N"])


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

        worlds = Worlds(Path(folder))
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
