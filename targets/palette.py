"""The one palette of SSC Reports: a colour per target status and per component of the
Species Conservation Cycle. The web pages, the stand-alone PDF and the compiled SSC Species
Report all take their colours from here (charts as SVG `fill` attributes, PDF text through
`palette_css()`); no stylesheet or template repeats a value.

Status colours follow the chart of the published stand-alone reports (grey, red, amber,
green); component colours are the stand-alone report's.
"""

from targets.models import Component, Status

NOT_REPORTED = "not_reported"

STATUS_COLOURS = {
    Status.NO_LONGER_A_PRIORITY.value: "#9a9a94",
    Status.NOT_INITIATED.value: "#c8553d",
    Status.ON_TRACK.value: "#e3a21a",
    Status.ACHIEVED.value: "#4b8b3b",
    NOT_REPORTED: "#d6d6d0",
}

COMPONENT_COLOURS = {
    Component.ASSESS.value: "#1f6f8b",
    Component.PLAN.value: "#4d7f2f",
    Component.ACT.value: "#b4541b",
    Component.NETWORK.value: "#6a4c93",
    Component.COMMUNICATE.value: "#a23b5d",
}

# A report's state (ssc_reports' Report.Status and the dashboard's "not started"): the badges
# of the web pages. Written as strings because this app does not import ssc_reports; a test
# checks the keys are the report's statuses.
REPORT_STATUS_COLOURS = {
    "not_started": "#d6d6d0",
    "draft": "#9a9a94",
    "submitted": "#1d5a73",
    "returned": "#e3a21a",
    "approved": "#4b8b3b",
}

# Bars that stand for neither a status nor a component (groups by kind, regions...).
NEUTRAL = "#1d5a73"


def status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, STATUS_COLOURS[NOT_REPORTED])


def component_colour(component: str) -> str:
    return COMPONENT_COLOURS.get(component, NEUTRAL)


def palette_css() -> str:
    """CSS rules of the palette for the print stylesheets: `.c-<component>` (text),
    `.c-<component> .code` and `.bg-c-<component>`, `.s-<status>` (legend swatches)."""
    rules = []
    for component, colour in COMPONENT_COLOURS.items():
        rules.append(
            f".c-{component}, .c-{component} .code, .c-{component} .grant, "
            f".c-{component} .action-label {{ color: {colour}; }}"
        )
        rules.append(f".bg-c-{component} {{ background: {colour}; }}")
    for status, colour in STATUS_COLOURS.items():
        rules.append(f".s-{status} {{ background: {colour}; }}")
    return "\n".join(rules)


def _luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb colour (WCAG 2.1)."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours, from 1 to 21."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(background: str) -> str:
    """Black or white, whichever reads better on `background`: the better of the two is
    always at least 4.58:1 (the square root of 21), so badge text meets WCAG AA."""
    black, white = "#000000", "#ffffff"
    on_black, on_white = contrast_ratio(background, black), contrast_ratio(background, white)
    return black if on_black >= on_white else white


def badge_css() -> str:
    """The web badges of statuses, `static/css/palette.css` (a test checks the file is this
    text; `scripts/write_palette_css.py` writes it): `.badge-report-<status>` for a report's
    state and `.badge-target-<status>` for a target's status, the palette's colour as the
    background and black or white text (`text_on`)."""
    rules = ["/* Written by scripts/write_palette_css.py from targets/palette.py: do not edit. */"]
    for prefix, colours in (("report", REPORT_STATUS_COLOURS), ("target", STATUS_COLOURS)):
        for status, colour in colours.items():
            rules.append(
                f".badge-{prefix}-{status} {{ background-color: {colour}; "
                f"color: {text_on(colour)}; border: 1px solid {colour}; }}"
            )
    return "\n".join(rules) + "\n"
