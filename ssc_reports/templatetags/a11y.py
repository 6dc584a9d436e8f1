"""Template tags for accessibility.

{% page_has_errors as has_errors %}   true when the page shows a form that failed to save:
                                      base.html then starts the <title> with "Error:"
"""

from collections.abc import Mapping
from itertools import islice

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet

register = template.Library()


def _has_errors(value) -> bool:
    if isinstance(value, BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, BaseFormSet):
        return value.is_bound and value.total_error_count() > 0
    return False


@register.simple_tag(takes_context=True)
def page_has_errors(context) -> bool:
    """Whether the page answers a failed save: the `save_failed` flag of the report pages, or
    any bound form or formset in the context (directly or in a `forms` mapping) with errors.
    The views validate their bound forms before rendering, so this reads cached errors; a
    bound form not validated yet would be validated here."""
    flat = context.flatten()
    if flat.get("save_failed"):
        return True
    for value in flat.values():
        if _has_errors(value):
            return True
        if isinstance(value, Mapping) and any(
            _has_errors(item) for item in islice(value.values(), 50)
        ):
            return True
    return False
