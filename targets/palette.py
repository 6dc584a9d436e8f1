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
