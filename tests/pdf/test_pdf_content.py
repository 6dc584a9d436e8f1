"""What the PDF shows for unusual reports, and what it never fetches."""

import http.server
import logging
import threading

import pytest

from ssc_reports.models import Report
from ssc_reports.pdf.render import load_report_data, render_report_html, render_report_pdf
from tests import factories
from tests.pdf.helpers import assert_in_order, body_text

SECTION_HEADINGS = [
    "Group information",
    "Mission statement",
    "Projected impact for",
    "Targets for",
    "Activities and results for",
    "Acknowledgements",
    "Summary of achievements",
]


def test_pdf_empty_group_has_no_empty_headings(report):
    html = render_report_html(report)
    text = body_text(render_report_pdf(report))

    assert (
        text == "IUCN SPECIES SURVIVAL COMMISSION IUCN SSC Test Specialist Group 2024-2025 Report"
    )
    for heading in SECTION_HEADINGS:
        assert heading not in html
    assert "<img" not in html


def test_pdf_group_without_officers_photos_or_acknowledgements(report):
    target = factories.make_target(group=report.group, code="T-001", title="Count the voles.")
    factories.set_status(report=report, target=target, status="not_initiated")
    report.group.mission = "We count *Microtus* voles."
    report.group.save()

    text = body_text(render_report_pdf(report))

    assert_in_order(
        text,
        [
            "Mission statement We count Microtus voles.",
            "Targets for 2021–2025 ASSESS T-001 Count the voles. Status: Not initiated",
            "Summary of achievements Total number of targets for 2021–2025: 1",
            "Geographic regions: 1 Global",
            "1 (100%) not initiated",
        ],
    )
    for heading in ["Group information", "Projected impact", "Activities and results"]:
        assert heading not in text
    assert "Acknowledgements" not in text
    assert "Actions during" not in text


def test_pdf_qualitative_result_renders(report):
    target = factories.make_target(group=report.group, code="T-003", component="network")
    activity = factories.make_activity(
        report=report, target=target, category_name="Membership", ksr_number=2
    )
    factories.make_result(
        activity=activity,
        indicator_text="Number of SSC members recruited",
        text="Membership renewed across three regions",
        description="Renewal *campaign* in 2024.",
    )

    text = body_text(render_report_pdf(report))

    assert_in_order(
        text,
        [
            "NETWORK Membership T-003 Target T-003 (KSR 2)",
            "Number of SSC members recruited: Membership renewed across three regions",
            "Result description: Renewal campaign in 2024.",
            "Network: 1 (KSR 2)",
        ],
    )


def _big_report(report):
    values = []
    components = ["assess", "plan", "act", "network", "communicate"]
    categories = {
        "assess": ("Red List", 6),
        "plan": ("Planning", 8),
        "act": ("Planning", 8),
        "network": ("Membership", 2),
        "communicate": ("Communication", 12),
    }
    targets = []
    for n in range(1, 61):
        component = components[n % 5]
        target = factories.make_target(
            group=report.group,
            code=f"T-{n:03d}",
            component=component,
            title=f"Target number {n} with a reasonably long title to wrap over two lines.",
        )
        factories.set_status(report=report, target=target, status="on_track")
        targets.append(target)
    assess_targets = [t for t in targets if t.component == "assess"]
    for n in range(200):
        target = assess_targets[n % len(assess_targets)]
        activity = factories.make_activity(report=report, target=target, order=n)
        value = 1000 + n * 7
        values.append(f"{value:,}")
        factories.make_result(
            activity=activity,
            number=value,
            description=f"Result {n}: " + "a description that runs over a few lines " * 4,
        )
    del categories
    return values


def test_pdf_60_targets_200_results_nothing_cut_off(report):
    values = _big_report(report)

    text = body_text(render_report_pdf(report))

    for n in range(1, 61):
        assert f"T-{n:03d} Target number {n} with a reasonably long title" in text
    section = text[text.index("Activities and results for") :]
    for n, value in enumerate(values):
        assert f"completed: {value} Result description: Result {n}:" in section
    assert "Assess: 200 (KSR 6)" in text
    assert "60 (100%) on track" in text


def test_pdf_load_query_count_is_constant(report, django_assert_max_num_queries):
    factories.make_officer(group=report.group)
    factories.make_photo(report=report)
    with django_assert_max_num_queries(9):
        load_report_data(report)
    _big_report(report)
    with django_assert_max_num_queries(9):
        load_report_data(report)


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        _CountingHandler.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(factories.png_bytes())

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    _CountingHandler.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _CountingHandler.hits
    server.shutdown()
    server.server_close()


def test_pdf_fetches_nothing_a_user_typed(report, local_server, caplog):
    base, hits = local_server
    target = factories.make_target(group=report.group, code="T-001")
    activity = factories.make_activity(report=report, target=target)
    factories.make_result(
        activity=activity,
        description=(
            '<img src="file:///etc/passwd"> and '
            f'<img src="{base}/raw.png"> and '
            f"[a link]({base}/link) and ![an image]({base}/image.png)"
        ),
    )
    report.acknowledgements = f'<link rel="stylesheet" href="{base}/style.css"> thanks'
    report.save()
    report.group.mission = f"<style>@import url({base}/import.css);</style> mission"
    report.group.save()
    factories.make_photo(report=report, caption=f"<img src='{base}/caption.png'> caption")

    with caplog.at_level(logging.DEBUG, logger="ssc_reports.pdf"):
        pdf = render_report_pdf(report)
    text = body_text(pdf)

    assert hits == []
    # Long addresses may wrap anywhere: compare without whitespace.
    compact = "".join(text.split())
    for literal in [
        '<img src="file:///etc/passwd"> and ',
        f'<img src="{base}/raw.png"> and a link and !an image',
        f'<link rel="stylesheet" href="{base}/style.css"> thanks',
        f"<style>@import url({base}/import.css);</style> mission",
        f"<img src='{base}/caption.png'> caption",
    ]:
        assert "".join(literal.split()) in compact
    served = [r.getMessage() for r in caplog.records if "served" in r.getMessage()]
    ours = ("PDF: served static:", "PDF: served media:")
    assert served and all(m.startswith(ours) for m in served)
    assert not any("passwd" in r.getMessage() or base in r.getMessage() for r in caplog.records)
    assert b"root:x:0:0" not in pdf


def test_pdf_approved_report_has_no_draft_watermark(report):
    report.status = Report.Status.APPROVED
    report.save()

    assert 'class="watermark"' not in render_report_html(report)
    assert 'class="watermark"' in render_report_html(report, draft=True)
