"""Benchmark of issue 17 (run on demand, not in CI), on PostgreSQL:

    bash .ci/with-postgres.sh .venv/bin/python tests/benchmarks/bench_rendering.py [--groups 200]

Prints, side by side in one run:
1. the staff dashboard's time with 1 group and with N groups (default 200), each with 3 years
   of history (three periods, every row edited EDITS times a year), each in its own database
   and measured in alternation (Worlds), for the current period, after 3 more years of
   history and for a period just opened; and their ratio (goal: <= 1.5);
2. the PDF download: the request that finds no PDF for the content (the "preparing" page), the
   worker's render of it, and the request that serves the cached file;
3. the pathological narrative (`*a*a*a...`, 8,000 italic spans without a space): refused at
   entry (the message) and, forced past the form, its render (stopped by the time limit);
   the report's render time with plain text of the same length and with the costliest text
   the limits accept, and their ratio (goal: <= 5 or refused at entry).

Uses the cluster of DATABASE_URL (a throwaway one from .ci/with-postgres.sh: the N-group
database is created beside its database; without it, two SQLite files in a temporary folder)
and a temporary media folder.
"""

import argparse
import datetime
import gc
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PERIODS = ["2022-2023", "2023-2024", "2024-2025"]
TARGETS_PER_GROUP = 6
EDITS = 8  # history rows per object and year
RUNS = 15  # timed requests per side of the dashboard


def setup_django(tmp: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "ssc_reports.settings"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    # Production settings (DEBUG off: no query log), with a throwaway key; the test client
    # speaks plain HTTP, so no redirect to HTTPS.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(function, runs=5) -> float:
    function()  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# --------------------------------------------------------------------------------------------
# Data: groups with three years of history.


def build_groups(first: int, count: int) -> None:
    from django.db import transaction

    from activities.models import Indicator
    from tests import factories

    category = factories.category("Red List")
    ksr = factories.ksr(6)
    indicator = Indicator.objects.filter(category=category).first()
    from ssc_reports.entry.progress import refresh_report_progress

    periods = [factories.make_period(label=label) for label in PERIODS]
    for number in range(first, first + count):
        with transaction.atomic():
            build_group(number, periods, category, ksr, indicator)
    # Built by factories, not by the write services: store the reports' progress as a bulk
    # loader does (ssc_reports.entry.progress).
    refresh_report_progress(everything=True)


def build_group(number, periods, category, ksr, indicator) -> None:
    from django.utils import timezone

    from activities.models import Activity, Result
    from groups.models import Group, Officer
    from ssc_reports.models import Report
    from targets.models import TargetStatus
    from tests import factories

    group = factories.make_group(acronym=f"B{number:03d}", name=f"Bench Group {number:03d}")
    officer = factories.make_officer(group=group)
    targets = [
        factories.make_target(group=group, code=f"T-{t:03d}", regions=())
        for t in range(1, TARGETS_PER_GROUP + 1)
    ]
    history = {Group: [group], Officer: [officer], type(targets[0]): targets}
    for index, period in enumerate(periods):
        status = "approved" if index < len(periods) - 1 else "draft"
        report = factories.make_report(group=group, period=period, status=status)
        statuses = [
            TargetStatus.objects.create(report=report, target=t, status="on_track") for t in targets
        ]
        activities = [
            Activity.objects.create(report=report, target=t, category=category, ksr=ksr)
            for t in targets
        ]
        results = [
            Result.objects.create(activity=a, indicator=indicator, value_number=index + 1)
            for a in activities
        ]
        # A year of edits of this period's content, and of the group's shared rows.
        year = period.start.year
        for edit in range(EDITS):
            moment = timezone.make_aware(datetime.datetime(year, 1 + edit, 10, 12))
            for model, objects in (
                (Report, [report]),
                (TargetStatus, statuses),
                (Activity, activities),
                (Result, results),
                *history.items(),
            ):
                model.history.bulk_history_create(objects, update=True, default_date=moment)


# --------------------------------------------------------------------------------------------
# 1. The dashboard.


def get_page(client, url, **kwargs):
    response = client.get(url, secure=True, **kwargs)
    assert response.status_code == 200, (url, response.status_code)
    return response


def add_history(years: int) -> int:
    """`years` more years of edits (EDITS a year) of every row the dashboard looks at, dated
    before the reports' own (older history). Returns the number of history rows added."""
    from django.utils import timezone

    from activities.models import Activity, Result
    from groups.models import Group, Officer
    from ssc_reports.models import Report
    from targets.models import Target, TargetStatus

    added = 0
    for model in (Report, TargetStatus, Activity, Result, Group, Officer, Target):
        objects = list(model.objects.all())
        for year in range(2010, 2010 + years):
            for edit in range(EDITS):
                moment = timezone.make_aware(datetime.datetime(year, 1 + edit, 10, 12))
                model.history.bulk_history_create(
                    objects, update=True, default_date=moment, batch_size=2000
                )
                added += len(objects)
    return added


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
                get_page(self.clients[world], url)
                gc.collect()
                started = time.perf_counter()
                get_page(self.clients[world], url)
                times[world].append(time.perf_counter() - started)
        return statistics.median(times[1]), statistics.median(times["N"])


def open_next_period(groups_count: int) -> str:
    """Staff open the next period; every group starts its report (carry-over)."""
    from groups.models import Group
    from ssc_reports.entry.services import start_report
    from tests import factories

    period = factories.make_period(label="2025-2026")
    for group in Group.objects.filter(acronym__startswith="B").order_by("acronym"):
        start_report(group=group, period=period)
    return period.label


# --------------------------------------------------------------------------------------------
# 2. Downloads.


def download_times(client) -> dict:
    from django.db import transaction

    from ssc_reports.models import Report
    from ssc_reports.models.pdf import ReportPdf
    from ssc_reports.pdf.cache import run_render

    report = Report.objects.select_related("group", "period").get(
        group__acronym="B000", period__label="2024-2025"
    )
    url = f"/reports/B000/{report.period.label}/pdf/"
    results = {}
    started = time.perf_counter()
    with transaction.atomic():
        page = get_page(client, url)
    results["uncached request (the 'preparing' page)"] = time.perf_counter() - started
    assert b"Preparing the PDF" in page.content, page.content[:300]
    render = ReportPdf.objects.get(report=report, status="queued")
    started = time.perf_counter()
    run_render(render.pk, render.attempts)
    results["worker render of that content"] = time.perf_counter() - started

    def cached():
        response = get_page(client, url)
        assert response["Content-Type"] == "application/pdf"
        return b"".join(response.streaming_content)

    results["cached download (median)"] = timed(cached)
    return results


# --------------------------------------------------------------------------------------------
# 3. The pathological narrative.


def worst_accepted(length: int) -> str:
    """The costliest text the limits accept, padded with plain words to `length`: as many
    marks as a text may have, as many as allowed inside every marked word and paragraph."""
    from ssc_reports.richtext import (
        MAX_MARKS_PER_PARAGRAPH,
        MAX_MARKS_PER_TEXT,
        MAX_MARKS_PER_WORD,
    )

    word = "*a*b" * MAX_MARKS_PER_WORD
    per_paragraph = MAX_MARKS_PER_PARAGRAPH // MAX_MARKS_PER_WORD
    words = MAX_MARKS_PER_TEXT // MAX_MARKS_PER_WORD
    paragraphs = [
        " ".join([word] * min(per_paragraph, words - start))
        for start in range(0, words, per_paragraph)
    ]
    text = "\n\n".join(paragraphs)
    padding = max(length - len(text) - 2, 0)
    return text + "\n\n" + ("a" * 7 + " ") * (padding // 8)


def narrative_times(time_limit: float) -> dict:
    from ssc_reports.models import Report
    from ssc_reports.pdf.render import html_to_pdf, render_report_html
    from ssc_reports.pdf.render_limit import RenderTimeout, run_with_time_limit
    from ssc_reports.richtext import rich_text_problem

    report = Report.objects.get(group__acronym="B000", period__label="2024-2025")
    pathological = "*a*a" * 8000
    plain = ("a" * 7 + " ") * (len(pathological) // 8)
    accepted = worst_accepted(len(pathological))

    def render_with(text: str) -> float | None:
        """Seconds to lay out the report with `text` as its acknowledgements (median of 3)."""
        Report.objects.filter(pk=report.pk).update(acknowledgements=text)
        html = render_report_html(report.pk)
        try:
            return timed(lambda: run_with_time_limit(html_to_pdf, html, seconds=time_limit), 3)
        except RenderTimeout:
            return None

    rows = {"refused at entry": rich_text_problem(pathological) or "NOT REFUSED"}
    rows["worst accepted text passes the limits"] = rich_text_problem(accepted) == ""
    rows["characters (pathological, plain, worst accepted)"] = (
        len(pathological),
        len(plain),
        len(accepted),
    )
    empty = render_with("")
    plain_time = render_with(plain)
    accepted_time = render_with(accepted)
    Report.objects.filter(pk=report.pk).update(acknowledgements=pathological)
    html = render_report_html(report.pk)
    started = time.perf_counter()
    try:
        run_with_time_limit(html_to_pdf, html, seconds=time_limit)
        forced = f"{time.perf_counter() - started:.2f} s"
    except RenderTimeout:
        forced = f"stopped by the time limit after {time.perf_counter() - started:.1f} s"
    rows["report without the text, s"] = empty
    rows["with plain text, s"] = plain_time
    rows["with the worst accepted text, s"] = accepted_time
    rows["pathological forced past the form"] = forced
    rows["worst accepted / plain"] = accepted_time / plain_time
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder))
        from django.db import connection

        worlds = Worlds(Path(folder))
        print(f"database: {connection.vendor}; groups: 1 and {args.groups}; periods: {PERIODS}")
        started = time.perf_counter()
        for world, count in ((1, 1), ("N", args.groups)):
            worlds.use(world)
            build_groups(0, count)
        print(f"data built in {time.perf_counter() - started:.0f} s")
        from django.apps import apps

        rows = sum(
            m.objects.count() for m in apps.get_models() if m._meta.model_name.startswith("hist")
        )
        print(f"history rows with {args.groups} groups: {rows:,}")
        worlds.log_in()
        worlds.vacuum()
        label = PERIODS[-1]
        url = f"/staff/?period={label}"
        print(f"\n1. Staff dashboard (median of {RUNS}, 1 and {args.groups} groups in alternation)")
        one, many = worlds.side_by_side(url, url, RUNS)
        print(f"  {label}: 1 group {one * 1000:.1f} ms, {args.groups} groups "
              f"{many * 1000:.1f} ms, ratio {many / one:.2f}")  # fmt: skip
        worlds.use("N")
        added = add_history(3)
        worlds.vacuum()
        one, deeper = worlds.side_by_side(url, url, RUNS)
        print(f"  {label} after {added:,} more history rows (3 more years of every row): "
              f"{deeper * 1000:.1f} ms, ratio to 1 group {deeper / one:.2f}, "
              f"to before {deeper / many:.2f}")  # fmt: skip
        for world, count in ((1, 1), ("N", args.groups)):
            worlds.use(world)
            opened = open_next_period(count)
        worlds.vacuum()
        url = f"/staff/?period={opened}"
        one, fresh = worlds.side_by_side(url, url, RUNS)
        print(f"  {opened} just opened: 1 group {one * 1000:.1f} ms, {args.groups} groups "
              f"{fresh * 1000:.1f} ms, ratio {fresh / one:.2f}")  # fmt: skip

        worlds.use("N")
        client = worlds.clients["N"]
        print("\n2. PDF download")
        for name, seconds in download_times(client).items():
            print(f"  {name}: {seconds * 1000:.0f} ms")

        print(f"\n3. Narrative of 8,000 italic spans (time limit {args.time_limit:g} s)")
        for name, value in narrative_times(args.time_limit).items():
            shown = f"{value:.2f}" if isinstance(value, float) else value
            if isinstance(value, float) and name.endswith(", s"):
                shown = f"{value:.2f} s"
            print(f"  {name}: {shown}")


if __name__ == "__main__":
    main()
