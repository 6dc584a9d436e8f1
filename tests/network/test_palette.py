"""One palette (targets/palette.py): the status and component colours are the same in the
chart SVGs of the web page, the stand-alone PDF and the compiled report."""

import io
import re

import pikepdf
from django.urls import reverse

from ssc_reports.network.compile import network_summary, render_front_matter
from ssc_reports.pdf.render import render_report_html, render_report_pdf
from targets import palette

ACHIEVED = palette.STATUS_COLOURS["achieved"]
ON_TRACK = palette.STATUS_COLOURS["on_track"]


def labelled_fills(svg: str) -> dict[str, str]:
    """label -> fill of the bar drawn after it, in a bar chart."""
    return dict(re.findall(r">([^<>]+)</text><rect [^>]*fill=\"(#[0-9a-f]{6})\"", svg))


def pdf_fill(colour: str) -> bytes:
    """The PDF operator WeasyPrint writes to fill with `colour`."""
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return (" ".join(f"{c:.6f}".rstrip("0").rstrip(".") for c in rgb) + " rg").encode()


def page_contents(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        streams = []
        for page in pdf.pages:
            streams.append(page.Contents.read_bytes())
            for xobject in page.Resources.get("/XObject", {}).values():
                if xobject.get("/Subtype") == "/Form":
                    streams.append(xobject.read_bytes())
        return b"\n".join(streams)


def test_palette_is_the_same_on_the_web_page_and_in_both_pdfs(client, staff_user, network):
    # The web page (network analytics, approved reports).
    client.force_login(staff_user)
    page = client.get(
        reverse("network:analytics", args=["2024-2025"]) + "?scope=approved"
    ).content.decode()
    web = labelled_fills(page)
    assert (web["Achieved"], web["On track"]) == (ACHIEVED, ON_TRACK)
    assert web["Network"] == palette.COMPONENT_COLOURS["network"]

    # The stand-alone report: its chart's parts (on track, achieved) and its legend.
    report = network.reports["BSG"]
    html = render_report_html(report)
    chart = re.search(r'<svg class="status-chart".*?</svg>', html, flags=re.S).group(0)
    assert re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"', chart) == [ON_TRACK, ACHIEVED]
    assert f".s-achieved {{ background: {ACHIEVED}; }}" in html
    assert ".c-network, .c-network .code" in html and palette.COMPONENT_COLOURS["network"] in html
    standalone = page_contents(render_report_pdf(report))
    assert pdf_fill(ACHIEVED) in standalone and pdf_fill(ON_TRACK) in standalone

    # The compiled report's network analysis.
    summary = network_summary(network.period)
    front = labelled_fills(str(summary["status_chart"]))
    assert (front["Achieved"], front["On track"]) == (ACHIEVED, ON_TRACK)
    assert (
        labelled_fills(str(summary["component_chart"]))["Network"]
        == (palette.COMPONENT_COLOURS["network"])
    )
    data, front_html = render_front_matter(network.period, [], summary)
    assert str(summary["status_chart"]) in front_html
    compiled = page_contents(data)
    assert pdf_fill(ACHIEVED) in compiled and pdf_fill(ON_TRACK) in compiled
    # No colour outside the palette for a status: the old purple "Achieved" is gone.
    assert pdf_fill("#7a5195") not in compiled


def test_palette_css_has_every_status_and_component():
    css = palette.palette_css()
    for status, colour in palette.STATUS_COLOURS.items():
        assert f".s-{status} {{ background: {colour}; }}" in css
    for component, colour in palette.COMPONENT_COLOURS.items():
        assert f".bg-c-{component} {{ background: {colour}; }}" in css


# --- the web badges of statuses (static/css/palette.css) ---------------------------------------


def test_palette_css_file_is_the_palette():
    """static/css/palette.css is written from the palette: run
    scripts/write_palette_css.py after changing a colour."""
    from pathlib import Path

    css = Path(__file__).resolve().parents[2] / "static" / "css" / "palette.css"

    assert css.read_text(encoding="utf-8") == palette.badge_css()


def test_badges_take_the_palette_colours_with_readable_text():
    rules = dict(
        re.findall(r"\.badge-([a-z_-]+) \{ background-color: (#[0-9a-f]{6});", palette.badge_css())
    )
    texts = dict(
        re.findall(r"\.badge-([a-z_-]+) \{[^}]*; color: (#[0-9a-f]{6});", palette.badge_css())
    )

    assert rules == {
        **{f"report-{status}": colour for status, colour in palette.REPORT_STATUS_COLOURS.items()},
        **{f"target-{status}": colour for status, colour in palette.STATUS_COLOURS.items()},
    }
    for badge, background in rules.items():
        assert palette.contrast_ratio(background, texts[badge]) >= 4.5, badge


def test_report_status_colours_cover_every_report_status():
    from ssc_reports.models import Report

    assert set(palette.REPORT_STATUS_COLOURS) == {"not_started", *Report.Status.values}


def test_contrast_ratio_matches_wcag_examples():
    assert round(palette.contrast_ratio("#000000", "#ffffff"), 2) == 21.0
    assert round(palette.contrast_ratio("#777777", "#ffffff"), 2) == 4.48
    assert palette.text_on("#4b8b3b") == "#000000"  # 5.2:1 against white's 4.2:1
    assert palette.text_on("#1d5a73") == "#ffffff"
