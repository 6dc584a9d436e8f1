"""Compiling the SSC Species Report of a period: every approved group's report in one PDF.

Never one WeasyPrint document for the whole network (its time and memory grow with the
document). Instead:

1. Each approved group's stand-alone report is one *part*, rendered on its own by
   `settings.SSC_COMPILE_PART_RENDERER` (`ssc_reports.pdf.render.render_report_pdf`) and stored
   (Django's storage API) under its content key (ssc_reports.pdf.keys), shared with the
   download. A part is reused while that key is unchanged. pikepdf reads this machine's local
   copies of the parts (under SSC_SCRATCH_DIR).
2. Missing parts are rendered in parallel worker processes (`SSC_COMPILE_PROCESSES`, forked
   after the database connections are closed, each running django.setup()). A part that
   raises is retried in its process (`SSC_COMPILE_ATTEMPTS`); a process that dies (killed,
   out of memory) breaks the pool, which is started again for the parts still missing.
3. The front matter (cover, introduction, network summary, table of contents) is rendered
   once the page counts of the parts are known, so that the contents give the page where
   each group's report starts; it is laid out again if the page numbers change its length.
   Each kind of group opens with a divider page.
4. pikepdf (qpdf) merges front matter, dividers and parts, with one bookmark per group kind,
   per group, and the part's own bookmarks (its sections) nested under its group; one
   structure tree, and the pages numbered continuously (network/merging.py).
5. The PDF is written to a temporary file in the output's folder and moved into place with
   os.replace() only when complete: a reader never sees a half-written file. The background
   task compiles into a scratch file and then stores it (network/tasks.py).
"""

import hashlib
import logging
import multiprocessing
import resource
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connections
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.module_loading import import_string

from groups.models import GroupKind
from ssc_reports.interchange.exporter import build_documents
from ssc_reports.models import Report
from ssc_reports.network import analytics, merging
from ssc_reports.network.charts import (
    bar_chart,
    component_chart,
    stacked_status_chart,
    status_chart,
)
from ssc_reports.network.publication import cycle_svg, introduction_html
from ssc_reports.pdf.keys import (
    PARTS_FOLDER,
    local_part,
    local_parts_folder,
    part_exists,
    part_key,
    part_name,
    renderer_fingerprint,
    save_part,
    write_atomically,
)
from ssc_reports.storage import walk

# The SSC Species Report is published in English: its parts' labels are English whatever the
# group chose for its own PDF (Report.pdf_language).
COMPILATION_LANGUAGE = "en"

logger = logging.getLogger("ssc_reports.compile")

# Cached parts no compilation used for this many days are deleted.
PART_CACHE_DAYS = 30
KIND_ORDER = {value: index for index, value in enumerate(GroupKind.values)}
KIND_PLURALS = {
    GroupKind.SPECIALIST_GROUP: "Specialist Groups",
    GroupKind.RED_LIST_AUTHORITY: "Red List Authorities",
    GroupKind.TASK_FORCE: "Task Forces",
    GroupKind.ACTION_PARTNERSHIP: "Action Partnerships",
    GroupKind.CONSERVATION_COMMITTEE: "Conservation Committees",
    GroupKind.CENTER_FOR_SPECIES_SURVIVAL: "Centers for Species Survival",
}


class CompilationError(Exception):
    """The compilation could not be completed; the message says which group and why."""


class Superseded(Exception):
    """Another attempt of the same compilation has taken over."""


@dataclass
class Part:
    report_id: int
    group_name: str
    acronym: str
    kind: str
    key: str
    local: Path | None = None  # this machine's copy of the stored part, once fetched
    pages: int = 0
    start_page: int = 0  # 1-based page of the compiled PDF where the part starts

    @property
    def name(self) -> str:
        """The part's stored name (Django's storage API)."""
        return part_name(self.key)


@dataclass
class CompileResult:
    output: Path
    pages: int
    parts: list[Part]
    rendered: int
    reused: int
    content_hash: str
    timings: dict = field(default_factory=dict)
    log: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Which reports, in which order, under which keys.


def approved_reports(period) -> list[Report]:
    """The period's approved reports by group kind (GroupKind order), then group name."""
    reports = list(
        Report.objects.filter(period=period, status=Report.Status.APPROVED).select_related("group")
    )
    return sorted(
        reports,
        key=lambda r: (KIND_ORDER.get(r.group.kind, 99), r.group.name.casefold(), r.group.pk),
    )


def prune_parts(keep: set[str], *, older_than_days: float = PART_CACHE_DAYS) -> int:
    """Delete the stored parts whose key is not in `keep` and that were stored more than
    `older_than_days` days ago (parts of other periods stay while they are recent), and this
    machine's local copies not in `keep` unused for as long. Returns how many stored parts
    were deleted."""
    limit = time.time() - older_than_days * 86400
    removed = 0
    for name in walk(PARTS_FOLDER, storage=default_storage):
        if name.rsplit("/", 1)[-1].removesuffix(".pdf") in keep:
            continue
        try:
            if default_storage.get_modified_time(name).timestamp() < limit:
                default_storage.delete(name)
                removed += 1
        except FileNotFoundError:
            continue
    for path in local_parts_folder().iterdir():
        if path.stem in keep or not path.is_file():
            continue
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            continue
    return removed


def plan_parts(reports: list[Report]) -> list[Part]:
    """The parts of `reports` with their keys, in a constant number of queries."""
    fingerprint = renderer_fingerprint()
    documents = build_documents(reports)
    parts = []
    for report in reports:
        key = part_key(
            report, fingerprint, document=documents[report.pk], language=COMPILATION_LANGUAGE
        )
        parts.append(
            Part(
                report_id=report.pk,
                group_name=report.group.name,
                acronym=report.group.acronym,
                kind=report.group.kind,
                key=key,
            )
        )
    return parts


# --------------------------------------------------------------------------------------------
# Rendering parts, in this process or in worker processes.


def render_part(report_id: int, path: str, attempts: int) -> tuple[int, list[str], float]:
    """Render one group's report into the local file `path` (atomically), retrying up to
    `attempts` times. The caller stores it (`store_part`): a worker process has no say in
    the parent's storage (an in-memory one, say).

    Returns (report_id, messages about failed attempts, seconds of the successful render).
    Raises CompilationError when every attempt failed. Runs in a worker process or in the
    compiling process itself.
    """
    renderer = import_string(settings.SSC_COMPILE_PART_RENDERER)
    messages = []
    for attempt in range(1, attempts + 1):
        started = time.perf_counter()
        try:
            report = Report.objects.select_related("group", "period").get(pk=report_id)
            # The compiled report is in English whatever language a group's own PDF is in.
            report.pdf_language = COMPILATION_LANGUAGE
            data = renderer(report)
            if not data.startswith(b"%PDF-"):
                raise ValueError("the renderer did not return a PDF")
            write_atomically(Path(path), data)
            return report_id, messages, time.perf_counter() - started
        except Exception as error:  # noqa: BLE001 - reported and retried
            message = f"attempt {attempt} of {attempts} failed: {type(error).__name__}: {error}"
            logger.warning("Rendering report %s: %s", report_id, message)
            messages.append(message)
    raise CompilationError("; ".join(messages))


def _local_path(part: Part) -> Path:
    return local_parts_folder() / f"{part.key}.pdf"


def store_part(part: Part) -> None:
    """Store the part this machine rendered into its local copy."""
    part.local = _local_path(part)
    save_part(part.key, part.local)


def _worker_initializer() -> None:
    """Runs in each worker process. The parent closed its database connections before
    forking, so the child opens its own on first use."""
    import django

    django.setup()


def render_parts(
    parts: list[Part],
    *,
    processes: int,
    attempts: int,
    on_part_done: Callable[[Part], None] = lambda part: None,
    log: list[str],
    seconds: list[float] | None = None,
) -> int:
    """Render and store the parts that are not stored. Returns how many were rendered;
    appends each part's render time to `seconds`."""
    seconds = [] if seconds is None else seconds
    missing = [part for part in parts if not part_exists(part.key)]
    if not missing:
        return 0
    if processes <= 1:
        for part in missing:
            _, messages, took = render_part(part.report_id, str(_local_path(part)), attempts)
            store_part(part)
            seconds.append(took)
            log.extend(f"{part.acronym}: {m}" for m in messages)
            on_part_done(part)
        return len(missing)

    by_id = {part.report_id: part for part in missing}
    pending = dict(by_id)
    context = multiprocessing.get_context("fork")
    for pool_round in range(1, attempts + 1):
        connections.close_all()  # never share a database socket with a forked child
        try:
            with ProcessPoolExecutor(
                max_workers=min(processes, len(pending)),
                mp_context=context,
                initializer=_worker_initializer,
            ) as pool:
                futures = {
                    pool.submit(render_part, part.report_id, str(_local_path(part)), attempts): part
                    for part in pending.values()
                }
                waiting = set(futures)
                while waiting:
                    finished, waiting = wait(waiting, return_when=FIRST_COMPLETED)
                    for future in finished:
                        part = futures[future]
                        report_id, messages, took = future.result()
                        store_part(part)
                        seconds.append(took)
                        log.extend(f"{part.acronym}: {m}" for m in messages)
                        del pending[report_id]
                        on_part_done(part)
            return len(missing)
        except BrokenProcessPool as error:
            message = f"a worker process died ({error}); {len(pending)} part(s) left" + (
                ", starting the processes again" if pool_round < attempts else ""
            )
            logger.warning(message)
            log.append(message)
    raise CompilationError(
        "worker processes kept dying while rendering "
        + ", ".join(part.acronym for part in pending.values())
    )


# --------------------------------------------------------------------------------------------
# Front matter: cover, introduction, network summary, contents.


def _merged_buckets(figures, dimension: str) -> list:
    """(key, label, results) per bucket of `dimension`, over every indicator, in order."""
    merged: dict[str, list] = {}
    for item in figures.indicators:
        for bucket in item.breakdown(dimension):
            entry = merged.setdefault(bucket.key, [bucket.order, bucket.label, 0])
            entry[2] += bucket.results
    return [(key, label, n) for key, (_, label, n) in sorted(merged.items(), key=lambda i: i[1][0])]


def network_summary(period) -> dict:
    """The figures of the network analysis: approved reports only, as the document. Results
    per component and per KSR, target statuses overall and per component, groups by kind,
    results by region, the leading indicators; charts in the one palette."""
    figures = analytics.network_figures(period, analytics.SCOPE_APPROVED)
    distribution = analytics.status_distribution(period, analytics.SCOPE_APPROVED)
    components = dict.fromkeys(analytics.COMPONENT_LABELS, 0)
    for key, _, results in _merged_buckets(figures, "component"):
        components[key] = results
    component_counts = [
        (key, analytics.COMPONENT_LABELS[key], count) for key, count in components.items()
    ]
    kinds: dict[str, int] = {}
    for report in Report.objects.filter(period=period, status=Report.Status.APPROVED).values_list(
        "group__kind", flat=True
    ):
        kinds[report] = kinds.get(report, 0) + 1
    kind_items = [
        (KIND_PLURALS[value], kinds[value]) for value in GroupKind.values if kinds.get(value)
    ]
    ksr_items = [(label, n) for _, label, n in _merged_buckets(figures, "ksr")]
    region_items = [(label, n) for _, label, n in _merged_buckets(figures, "region")]
    leading = sorted(figures.standard, key=lambda item: (-item.groups, -item.results))[:10]
    return {
        "figures": figures,
        "component_chart": component_chart(
            component_counts, title="Quantitative results by component", width=480
        ),
        "ksr_chart": bar_chart(ksr_items, title="Quantitative results by KSR", width=480),
        "kind_chart": bar_chart(kind_items, title="Groups by kind", width=480),
        "region_chart": bar_chart(region_items, title="Quantitative results by region", width=480),
        "status_chart": status_chart(distribution.overall, title="Targets by status", width=480),
        "status_component_chart": stacked_status_chart(
            distribution.by_component, title="Targets by status and component", width=480
        ),
        "status_items": [(label, count) for _, label, count in distribution.overall],
        "targets": distribution.targets,
        "leading": leading,
    }


# Each kind of group opens with a divider page (templates/network/pdf/divider.html).
DIVIDER_PAGES = 1


def kinds_of(parts: list[Part]) -> list[dict]:
    """The parts by kind, in order: kind, label, parts, the divider's page (1-based)."""
    kinds = []
    for part in parts:
        if not kinds or kinds[-1]["kind"] != part.kind:
            kinds.append(
                {
                    "kind": part.kind,
                    "label": KIND_PLURALS.get(part.kind),
                    "parts": [],
                    "start_page": part.start_page - DIVIDER_PAGES,
                }
            )
        kinds[-1]["parts"].append(part)
    return kinds


def _write_pdfs(htmls: list[str]) -> list[bytes]:
    return [_write_pdf(html) for html in htmls]


def render_dividers(period, parts: list[Part], *, processes: int = 1) -> dict[str, bytes]:
    """One divider page per kind of group (tagged, like the front matter): kind -> PDF."""
    kinds = kinds_of(parts)
    htmls = [
        render_to_string(
            "network/pdf/divider.html",
            {"period": period, "kind": kind, "count": len(kind["parts"])},
        )
        for kind in kinds
    ]
    documents = run_isolated(processes, _write_pdfs, htmls)
    return {kind["kind"]: data for kind, data in zip(kinds, documents, strict=True)}


def _front_html(period, parts: list[Part], summary: dict, *, first_part_page: int) -> str:
    kinds = kinds_of(parts)
    return render_to_string(
        "network/pdf/front.html",
        {
            "period": period,
            "quadrennium": period.quadrennium.label,
            "kinds": kinds,
            "parts": parts,
            "summary": summary,
            "figures": summary["figures"],
            "groups_included": len(parts),
            "first_part_page": first_part_page,
            "introduction": introduction_html(period),
            "cycle": cycle_svg(size=360),
        },
    )


def _write_pdf(html: str) -> bytes:
    """The front matter as a tagged PDF/UA-1 document, like the parts (pdf.render)."""
    from ssc_reports.pdf.render import html_to_pdf

    return html_to_pdf(html)


def _write_page_number_sample() -> bytes:
    from ssc_reports.pdf.render import page_number_sample_pdf

    return page_number_sample_pdf(merging.SAMPLE_DIGITS)


def _page_count(data: bytes | Path) -> int:
    return merging.page_count(data)


def run_isolated(processes: int, function, *args):
    """`function(*args)` in a forked process when compiling with several processes (so that
    its memory is given back when it ends and never adds to the compiling process's peak),
    in this process otherwise."""
    if processes <= 1:
        return function(*args)
    connections.close_all()
    with ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_worker_initializer,
    ) as pool:
        return pool.submit(function, *args).result()


def page_counts(paths: list[Path]) -> list[int]:
    return [_page_count(path) for path in paths]


def render_front_matter(
    period, parts: list[Part], summary: dict, *, processes: int = 1
) -> tuple[bytes, str]:
    """Lay out the front matter until its length is stable, numbering the parts after it
    (each kind of group after its divider page). Returns the PDF and the HTML it was laid
    out from.

    With several processes, WeasyPrint lays it out in a forked process, so that the compiling
    process never holds a WeasyPrint layout in memory."""
    front_pages = 0
    for _ in range(4):
        page = front_pages + 1
        kind = None
        for part in parts:
            if part.kind != kind:
                page += DIVIDER_PAGES
                kind = part.kind
            part.start_page = page
            page += part.pages
        html = _front_html(period, parts, summary, first_part_page=front_pages + 1)
        data = run_isolated(processes, _write_pdf, html)
        pages = _page_count(data)
        if pages == front_pages:
            return data, html
        front_pages = pages
    raise CompilationError("the table of contents does not settle on a length")


# --------------------------------------------------------------------------------------------
# Merging.


def merge(
    front: bytes,
    parts: list[Part],
    output: Path,
    title: str,
    processes: int,
    sample: bytes | None = None,
    dividers: dict[str, bytes] | None = None,
) -> int:
    """Merge front matter and parts into `output`; in a fresh (spawned) process that imports
    only pikepdf when compiling with several processes. Returns the page count. `sample`:
    the page-number sample (merging.PageNumbers): the parts' pages get continuous numbers."""
    entries = [
        (str(p.local), p.start_page, p.kind, KIND_PLURALS.get(p.kind, p.kind), p.group_name)
        for p in parts
    ]
    if processes <= 1:
        return merging.merge_parts(front, entries, str(output), title, sample, dividers)
    with ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("spawn")
    ) as pool:
        return pool.submit(
            merging.merge_parts, front, entries, str(output), title, sample, dividers
        ).result()


# --------------------------------------------------------------------------------------------
# The whole pipeline.


def _maxrss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def compile_period(period, output: Path, **options) -> CompileResult:
    """Compile the period's approved reports into `output`, in English (COMPILATION_LANGUAGE)
    whatever language the caller's request or the groups' own PDFs are in. See
    `_compile_period` and the module's docstring."""
    with translation.override(COMPILATION_LANGUAGE):
        return _compile_period(period, output, **options)


def _compile_period(
    period,
    output: Path,
    *,
    processes: int | None = None,
    attempts: int | None = None,
    on_start: Callable[[int], None] = lambda total: None,
    on_progress: Callable[[int, int], None] = lambda done, total: None,
) -> CompileResult:
    """Compile the period's approved reports into `output`. See the module's docstring."""
    processes = processes or settings.SSC_COMPILE_PROCESSES
    attempts = attempts or settings.SSC_COMPILE_ATTEMPTS
    output = Path(output)
    timings = {}
    started = time.monotonic()
    reports = approved_reports(period)
    if not reports:
        raise CompilationError(f"No approved report for {period.label}: nothing to compile.")
    parts = plan_parts(reports)
    timings["plan"] = time.monotonic() - started
    timings["maxrss_mb_after_plan"] = _maxrss_mb()
    on_start(len(parts))

    done = sum(1 for part in parts if part_exists(part.key))
    on_progress(done, len(parts))

    def part_done(part):
        nonlocal done
        done += 1
        on_progress(done, len(parts))

    log: list[str] = []
    part_seconds: list[float] = []
    mark = time.monotonic()
    rendered = render_parts(
        parts,
        processes=processes,
        attempts=attempts,
        on_part_done=part_done,
        log=log,
        seconds=part_seconds,
    )
    timings["part_seconds"] = part_seconds
    timings["parts"] = time.monotonic() - mark
    timings["maxrss_mb_after_parts"] = _maxrss_mb()

    for part in parts:
        part.local = local_part(part.key)  # fetched from the storage unless here already
    mark = time.monotonic()
    counts = run_isolated(processes, page_counts, [part.local for part in parts])
    for part, count in zip(parts, counts, strict=True):
        part.pages = count
    summary = network_summary(period)
    front, front_html = render_front_matter(period, parts, summary, processes=processes)
    sample = run_isolated(processes, _write_page_number_sample)
    dividers = render_dividers(period, parts, processes=processes)
    timings["front"] = time.monotonic() - mark
    timings["maxrss_mb_after_front"] = _maxrss_mb()

    mark = time.monotonic()
    title = f"SSC Species Report {period.label}"
    pages = merge(front, parts, output, title, processes, sample, dividers)
    timings["merge"] = time.monotonic() - mark
    timings["maxrss_mb_after_merge"] = _maxrss_mb()
    prune_parts({part.key for part in parts})
    timings["total"] = time.monotonic() - started

    content_hash = hashlib.sha256(
        "\n".join([*(part.key for part in parts), front_html]).encode()
    ).hexdigest()
    return CompileResult(
        output=output,
        pages=pages,
        parts=parts,
        rendered=rendered,
        reused=len(parts) - rendered,
        content_hash=content_hash,
        timings=timings,
        log=log,
    )
