from django import template

from ssc_reports.richtext import plain_text_inline, render_rich, render_rich_inline

register = template.Library()


@register.filter(name="rich")
def rich(value):
    """{{ text|rich }}: the Markdown subset as sanitised HTML."""
    return render_rich(value)


@register.filter(name="rich_inline")
def rich_inline(value):
    return render_rich_inline(value)


@register.filter(name="plain")
def plain(value):
    """{{ photo.caption|plain }}: the text without its Markdown marks, on one line (for `alt`)."""
    return plain_text_inline(value)
