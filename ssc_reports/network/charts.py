"""Server-side SVG bar charts for the network analytics page and the compiled report.

No JavaScript and no style attributes (the CSP allows neither inline scripts nor inline
styles): plain SVG presentation attributes only. Every label is escaped.

Colours come from the one palette (targets/palette.py): a bar that stands for a status or a
component has that status's or component's colour, on the web pages and in both PDFs; other
bars are neutral. Each chart's <title> says its figures (the PDFs' alternative text).
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from targets import palette


def format_number(value) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")


def chart_description(title: str, items) -> str:
    """ "Targets by status: On track 3, Achieved 3": what the chart shows, in words."""
    figures = "; ".join(f"{label} {format_number(value)}" for label, value in items)
    return f"{title}: {figures}" if figures else title


def bar_chart(
    items: list[tuple[str, float]],
    *,
    title: str,
    width: int = 520,
    colours: list[str] | None = None,
) -> SafeString:
    """Horizontal bars, one per (label, value), longest bar = largest value. `colours`: one
    per item (the palette's), else every bar neutral."""
    bar_height, gap, label_width, value_width = 18, 6, 190, 70
    height = len(items) * (bar_height + gap) + gap
    largest = max((float(value) for _, value in items), default=0) or 1
    plot = width - label_width - value_width
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(chart_description(title, items))}</title>",
    ]
    for index, (label, value) in enumerate(items):
        y = gap + index * (bar_height + gap)
        bar = max(1.0, plot * float(value) / largest) if float(value) > 0 else 0
        colour = colours[index] if colours else palette.NEUTRAL
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 5}" text-anchor="end" '
            f'font-size="11" fill="#222">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{bar_height}" '
            f'fill="{colour}"/>'
            f'<text x="{label_width + bar + 4:.1f}" y="{y + bar_height - 5}" font-size="11" '
            f'fill="#222">{escape(format_number(value))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built from escaped parts


def status_chart(counts: list[tuple[str, str, int]], *, title: str, width: int = 520):
    """Bars of targets per status, (status, label, count), in the statuses' colours."""
    return bar_chart(
        [(label, count) for _, label, count in counts],
        title=title,
        width=width,
        colours=[palette.status_colour(status) for status, _, _ in counts],
    )


def component_chart(counts: list[tuple[str, str, float]], *, title: str, width: int = 520):
    """Bars per component, (component, label, value), in the components' colours."""
    return bar_chart(
        [(label, value) for _, label, value in counts],
        title=title,
        width=width,
        colours=[palette.component_colour(component) for component, _, _ in counts],
    )


def stacked_status_chart(
    rows: list[tuple[str, str, list[tuple[str, str, int]]]], *, title: str, width: int = 520
) -> SafeString:
    """One stacked bar per row (key, label, [(status, status label, count)]): the share of
    each status, in the statuses' colours, the count written in each part."""
    bar_height, gap, label_width, value_width = 18, 6, 110, 40
    height = len(rows) * (bar_height + gap) + gap
    plot = width - label_width - value_width
    words = []
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        "",
    ]
    for index, (key, label, counts) in enumerate(rows):
        y = gap + index * (bar_height + gap)
        total = sum(count for _, _, count in counts)
        words.append(
            f"{label} "
            + (", ".join(f"{count} {name.lower()}" for _, name, count in counts if count) or "0")
        )
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 5}" text-anchor="end" '
            f'font-size="11" fill="{palette.component_colour(key)}">{escape(label)}</text>'
        )
        x = float(label_width)
        for status, _, count in counts:
            if not count:
                continue
            w = plot * count / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" '
                f'fill="{palette.status_colour(status)}"/>'
            )
            if w > 16:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + bar_height - 5}" text-anchor="middle" '
                    f'font-size="10" fill="#fff">{count}</text>'
                )
            x += w
        parts.append(
            f'<text x="{label_width + plot + 4}" y="{y + bar_height - 5}" font-size="11" '
            f'fill="#222">{total}</text>'
        )
    parts[1] = f"<title>{escape(title + ': ' + '; '.join(words))}</title>"
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built from escaped parts
