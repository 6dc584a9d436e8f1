"""Benchmark of the SSC Species Report compilation (on demand, not in CI): `make bench` or
`.venv/bin/python tests/benchmarks/bench_compile.py [--groups 200] [--single 50]`.

In one run, on a SQLite file database and a media folder of its own (in a temporary folder):
1. builds N synthetic groups shaped like the SMSG example (the SMSG demo imported under N
   acronyms: 12 targets, 12 results, 3 photos each), all approved;
2. a cold compilation (no cached part) with SSC_COMPILE_PROCESSES processes;
3. a warm compilation after changing one group's report;
4. the same reports laid out as ONE WeasyPrint document (the first --single of them,
   extrapolated to N), the way the issue says not to do it.
Each step runs in a process of its own, which reports its time and its peak memory
(resource.getrusage maxrss of itself and of its children: the rendering processes).
Targets: cold <= 2 x (sum of single-group render times / processes); warm <= 15 s; every
process under 300 MB.

`--compare REVISION` runs only the cold and warm compilations, of git REVISION ("before",
extracted with git archive) and of this tree ("after"), and prints them side by side; the
warm compilation after stays within 1.5 x before (issue 14).
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
DEMO = BASE_DIR / "ssc_reports" / "data" / "demo" / "smsg-2024-2025"
PERIOD = "2024-2025"
KINDS = [
    "specialist_group",
    "specialist_group",
    "specialist_group",
    "red_list_authority",
    "task_force",
    "action_partnership",
    "conservation_committee",
    "center_for_species_survival",
]


def peak_mb() -> dict:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_mb": round(own, 1), "children_mb": round(children, 1)}


def setup_django():
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


# --------------------------------------------------------------------------------------------
# Steps, each run in its own process (python bench_compile.py --step NAME).


def step_setup(groups: int) -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from ssc_reports.interchange.importer import import_report
    from ssc_reports.models import Report

    doc = json.loads((DEMO / "report.json").read_text())
    # A third photo, like the seed's reports have (the demo has two).
    doc["photos"].append(
        {
            "file": "photos/cavia-intermedia.jpg",
            "caption": "*Cavia intermedia*, a third photograph for the benchmark",
            "credit": "SSC Reports benchmark",
            "component": "network",
        }
    )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        shutil.copytree(DEMO, folder / "demo")
        for n in range(groups):
            doc["group"]["acronym"] = f"B{n:03d}SG"
            doc["group"]["name"] = f"IUCN SSC Benchmark {n:03d} Specialist Group"
            doc["group"]["kind"] = KINDS[n % len(KINDS)]
            (folder / "demo" / "report.json").write_text(json.dumps(doc))
            import_report(folder / "demo" / "report.json")
    Report.objects.update(status=Report.Status.APPROVED)
    return {"groups": groups, "seconds": round(time.perf_counter() - started, 1), **peak_mb()}


def step_compile(output: str) -> dict:
    from django.conf import settings

    from ssc_reports.models import ReportingPeriod
    from ssc_reports.network.compile import compile_period

    period = ReportingPeriod.objects.get(label=PERIOD)
    result = compile_period(period, Path(output))
    timings = result.timings
    return {
        "seconds": round(timings["total"], 2),
        "plan_s": round(timings["plan"], 2),
        "parts_s": round(timings["parts"], 2),
        "front_s": round(timings["front"], 2),
        "merge_s": round(timings["merge"], 2),
        "maxrss": {
            stage: timings[f"maxrss_mb_after_{stage}"]
            for stage in ("plan", "parts", "front", "merge")
        },
        "rendered": result.rendered,
        "reused": result.reused,
        "pages": result.pages,
        "processes": settings.SSC_COMPILE_PROCESSES,
        "sum_part_seconds": round(sum(timings["part_seconds"]), 2),
        "mean_part_seconds": round(
            sum(timings["part_seconds"]) / max(1, len(timings["part_seconds"])), 3
        ),
        **peak_mb(),
    }


def step_change_one() -> dict:
    from activities.models import Result
    from ssc_reports.models import Report

    report = Report.objects.order_by("group__acronym").first()
    result = Result.objects.filter(activity__report=report).order_by("pk").first()
    result.description += " (changed for the warm compilation)"
    result.save()
    return {"changed": report.group.acronym}


def step_sequential(count: int) -> dict:
    """Single-group render times, one after the other in one process (no contention)."""
    from ssc_reports.models import ReportingPeriod
    from ssc_reports.network.compile import approved_reports
    from ssc_reports.pdf.render import render_report_pdf

    period = ReportingPeriod.objects.get(label=PERIOD)
    reports = approved_reports(period)[:count]
    times = []
    for report in reports:
        started = time.perf_counter()
        render_report_pdf(report)
        times.append(time.perf_counter() - started)
    return {"count": len(times), "mean_s": round(sum(times) / len(times), 3), **peak_mb()}


def step_single(count: int) -> dict:
    """The first `count` reports as ONE WeasyPrint document (what the pipeline avoids)."""
    import re

    from weasyprint import HTML

    from ssc_reports.models import ReportingPeriod
    from ssc_reports.network.compile import approved_reports
    from ssc_reports.pdf.render import AppFilesURLFetcher, render_report_html

    period = ReportingPeriod.objects.get(label=PERIOD)
    reports = approved_reports(period)[:count]
    head, bodies = None, []
    for report in reports:
        html = render_report_html(report)
        match = re.search(r"(?s)^(.*?<body[^>]*>)(.*)</body>", html)
        head = head or match.group(1)
        bodies.append(f'<div class="report-part">{match.group(2)}</div>')
    document = head + "".join(bodies) + "</body></html>"
    started = time.perf_counter()
    rendered = HTML(string=document, url_fetcher=AppFilesURLFetcher()).render()
    pages = len(rendered.pages)
    rendered.write_pdf()
    return {
        "reports": len(reports),
        "pages": pages,
        "seconds": round(time.perf_counter() - started, 2),
        **peak_mb(),
    }


STEPS = {
    "setup": lambda args: step_setup(args.groups),
    "compile": lambda args: step_compile(args.output),
    "change_one": lambda args: step_change_one(),
    "sequential": lambda args: step_sequential(args.sample),
    "single": lambda args: step_single(args.single),
}


# --------------------------------------------------------------------------------------------
# The orchestrating process.


def run_step(env, name, *extra, script=None) -> dict:
    command = [sys.executable, str(script or __file__), "--step", name, *extra]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"step {name} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def cold_and_warm(script: Path, groups: int, processes: int) -> tuple[dict, dict]:
    """Cold and warm compilation times of the source tree `script` belongs to, in a database
    and media folder of their own."""
    folder = Path(tempfile.mkdtemp(prefix="bench-compile-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "DEBUG": "false",
        "SSC_COMPILE_PROCESSES": str(processes),
        "LOG_LEVEL": "ERROR",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    output = str(folder / "ssc-species-report.pdf")
    try:
        run_step(env, "setup", "--groups", str(groups), script=script)
        cold = run_step(env, "compile", "--output", output, script=script)
        run_step(env, "change_one", script=script)
        warm = run_step(env, "compile", "--output", output, script=script)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return cold, warm


def compare(revision: str, groups: int, processes: int) -> None:
    """Cold and warm compilation of git `revision` (before) and of this tree (after), side
    by side: `bench_compile.py --compare main --groups 40`."""
    with tempfile.TemporaryDirectory(prefix="bench-before-") as before:
        archive = subprocess.run(
            ["git", "-C", str(BASE_DIR), "archive", revision],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", before], input=archive, check=True)
        print(f"bench_compile: {groups} groups like SMSG, {processes} processes")
        print(f"before: {revision}; after: this tree ({BASE_DIR})")
        results = {
            "before": cold_and_warm(
                Path(before) / Path(__file__).relative_to(BASE_DIR), groups, processes
            ),
            "after": cold_and_warm(Path(__file__), groups, processes),
        }
    print()
    print(f"{'':<22}{'before':>12}{'after':>12}{'after/before':>14}")
    for index, label in enumerate(("cold compilation", "warm compilation")):
        old, new = results["before"][index]["seconds"], results["after"][index]["seconds"]
        print(f"{label + ' (s)':<22}{old:>12.2f}{new:>12.2f}{new / old:>14.2f}")
        for stage in ("parts_s", "front_s", "merge_s"):
            old_stage = results["before"][index][stage]
            new_stage = results["after"][index][stage]
            print(f"{'  ' + stage[:-2] + ' (s)':<22}{old_stage:>12.2f}{new_stage:>12.2f}")
    pages = results["before"][0]["pages"], results["after"][0]["pages"]
    print(f"{'pages':<22}{pages[0]:>12}{pages[1]:>12}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--single", type=int, default=50)
    parser.add_argument("--sample", type=int, default=10)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder.")
    parser.add_argument(
        "--compare",
        metavar="REVISION",
        help="Only cold and warm compilation, of git REVISION (before) and of this tree "
        "(after), side by side.",
    )
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.step:
        setup_django()
        print(json.dumps(STEPS[args.step](args)))
        return
    if args.compare:
        compare(args.compare, args.groups, args.processes)
        return

    folder = Path(tempfile.mkdtemp(prefix="bench-compile-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "DEBUG": "false",
        "SSC_COMPILE_PROCESSES": str(args.processes),
        "LOG_LEVEL": "ERROR",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    output = str(folder / "ssc-species-report.pdf")
    print(f"bench_compile: {args.groups} groups like SMSG, {args.processes} processes, {folder}")
    try:
        setup = run_step(env, "setup", "--groups", str(args.groups))
        print(f"setup: {setup['groups']} groups imported and approved in {setup['seconds']} s")

        cold = run_step(env, "compile", "--output", output)
        run_step(env, "change_one")
        warm = run_step(env, "compile", "--output", output)
        sequential = run_step(env, "sequential", "--sample", str(args.sample))
        single = run_step(env, "single", "--single", str(args.single))
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)

    def line(label, step, pages=None):
        pages = pages or step["pages"]
        rate = pages / step["seconds"]
        print(
            f"{label:<34} {step['seconds']:>8.1f} s {pages:>6} pages {rate:>7.1f}"
            f" pages/s   peak {step['self_mb']:>6.1f} MB (self) {step['children_mb']:>6.1f} MB"
            " (largest child)"
        )

    print()
    line(f"cold compilation ({cold['rendered']} rendered)", cold)
    print(
        f"{'':<34} plan {cold['plan_s']} s, parts {cold['parts_s']} s, front matter "
        f"{cold['front_s']} s, merge {cold['merge_s']} s"
    )
    print(f"{'':<34} peak MB of the compiling process after each stage: {cold['maxrss']}")
    line(f"warm compilation ({warm['rendered']} rendered)", warm)
    print(
        f"{'':<34} plan {warm['plan_s']} s, parts {warm['parts_s']} s, front matter "
        f"{warm['front_s']} s, merge {warm['merge_s']} s"
    )
    print(f"{'':<34} peak MB of the compiling process after each stage: {warm['maxrss']}")
    line(f"one WeasyPrint document ({single['reports']})", single)
    factor = args.groups / single["reports"]
    print(
        f"{'':<34} extrapolated to {args.groups}: {single['seconds'] * factor:.0f} s "
        "(at least: WeasyPrint's time and memory grow faster than linearly)"
    )
    print(
        f"single-group render: {cold['mean_part_seconds']} s mean inside the cold compilation "
        f"({args.processes} processes), {sequential['mean_s']} s mean alone "
        f"({sequential['count']} in a row, peak {sequential['self_mb']} MB)"
    )

    bound = 2 * cold["sum_part_seconds"] / cold["processes"]
    bound_alone = 2 * sequential["mean_s"] * args.groups / cold["processes"]
    peak = max(cold["self_mb"], cold["children_mb"], warm["self_mb"], warm["children_mb"])
    checks = [
        (
            f"cold {cold['seconds']:.1f} s <= 2 x sum of part renders / processes = {bound:.1f} s"
            f" (with single renders timed alone: {bound_alone:.1f} s)",
            cold["seconds"] <= bound,
        ),
        (f"warm {warm['seconds']:.1f} s <= 15 s", warm["seconds"] <= 15),
        (f"peak memory of any compilation process {peak:.0f} MB < 300 MB", peak < 300),
    ]
    print()
    for text, ok in checks:
        print(f"[{'PASS' if ok else 'FAIL'}] {text}")
    sys.exit(0 if all(ok for _, ok in checks) else 1)


if __name__ == "__main__":
    main()
