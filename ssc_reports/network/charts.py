"""Server-side SVG bar charts for the network analytics page and the compiled report.

No JavaScript and no style attributes (the CSP allows neither inline scripts nor inline
styles): plain SVG presentation attributes only. Every label is escaped.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_COLOURS = ("#2f6f4f", "#3f7fbf", "#c0612b", "#7a5195", "#b58900", "#4c8c8c", "#8c4c4c")


def format_number(value) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")


def bar_chart(items: list[tuple[str, float]], *, title: str, width: int = 520) -> SafeString:
    """Horizontal bars, one per (label, value), longest bar = largest value."""
    bar_height, gap, label_width, value_width = 18, 6, 190, 70
    height = len(items) * (bar_height + gap) + gap
    largest = max((float(value) for _, value in items), default=0) or 1
    plot = width - label_width - value_width
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(items):
        y = gap + index * (bar_height + gap)
        bar = max(1.0, plot * float(value) / largest) if float(value) > 0 else 0
        colour = BAR_COLOURS[index % len(BAR_COLOURS)]
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
