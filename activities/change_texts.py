"""The catalogue's history in the reader's language.

A CatalogueChange written since migration 0009 keeps what happened as a key and its
parameters (`summary_key`, `summary_params`) and its before/after rows as field keys and
values (`changes`: `[[field, before, after], ...]`), never as sentences: the staff pages write
them in the viewer's language (`shown_summary`, `shown_changes`). The English `summary` is
still stored beside them (the admin's list, `__str__`). Rows written before keep the sentence
and the rows they were written with, shown as they are (`summary_key` empty).

A value, in the parameters and in the rows, is one of:
- a string or a number: data (an indicator's text, a group's acronym, a count), shown as is;
- `{"word": key}`: a word of WORDS (yes, none, a status, a component...), translated;
- `{"key": key, "params": {...}}`: a phrase of TEXTS with its own parameters;
- a list of values: shown one after the other, separated by "; " (SEPARATOR).

A key is stored: keep it once it is used, change its text freely.
"""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from activities.models import Indicator
from targets.models import Component

TEXTS = {
    # what happened: one per service
    "proposed": _(
        "%(group)s proposed “%(text)s” (%(kind)s) under %(category)s in its %(period)s report."
    ),
    "accepted": _(
        "Accepted “%(text)s” (proposed by %(proposer)s) into the catalogue under %(category)s."
    ),
    "reviewed": _("Reviewed “%(text)s” and kept it as it is."),
    "merged": ngettext_lazy(
        "Merged “%(text)s” into “%(into)s”: %(count)d result moved.",
        "Merged “%(text)s” into “%(into)s”: %(count)d results moved.",
        "count",
    ),
    "indicator_edited": _("Indicator “%(text)s”: %(parts)s."),
    "retired": ngettext_lazy(
        "Retired “%(text)s”: no longer offered; its %(count)d result keeps it.",
        "Retired “%(text)s”: no longer offered; its %(count)d results keep it.",
        "count",
    ),
    "reinstated": _("Reinstated “%(text)s”: offered again."),
    "category_edited": _("Category “%(name)s” (%(component)s): %(parts)s."),
    "category_retired": _(
        "Retired the category “%(name)s” (%(component)s): no longer offered for new "
        "activities; old ones keep it."
    ),
    "category_reinstated": _("Reinstated the category “%(name)s” (%(component)s)."),
    "category_merged": _(
        "Merged the category “%(name)s” into “%(into)s” (%(component)s): %(activities)s and "
        "%(indicators)s moved."
    ),
    "ksr_edited": _("KSR %(number)s: %(parts)s."),
    # the parts of an edit
    "renamed": _("renamed “%(before)s” to “%(after)s”"),
    "renamed_to": _("renamed to “%(after)s”"),
    "wrote_definition": _("wrote its definition"),
    "changed_definition": _("changed its definition"),
    "ksr_changed": _("ksr %(before)s → %(after)s"),
    "kind_changed": _("kind %(before)s → %(after)s"),
    "provisional_changed": _("provisional %(before)s → %(after)s"),
    "title_changed": _("title “%(before)s” → “%(after)s”"),
    "titled": _("titled “%(after)s”"),
    "wrote_text": _("wrote its text"),
    "changed_text": _("changed its text"),
    "provisional_title_changed": _("provisional title %(before)s → %(after)s"),
    "activities_moved": ngettext_lazy("%(count)d activity", "%(count)d activities", "count"),
    "indicators_moved": ngettext_lazy("%(count)d indicator", "%(count)d indicators", "count"),
}

# Between the parts of an edit ("renamed …; wrote its definition").
SEPARATOR = pgettext_lazy("catalogue history: between the parts of an edit", "; ")

# The rows' fields (the first of each `changes` row).
FIELDS = {
    "status": _("Status"),
    "waiting_for_review": _("Waiting for review"),
    "merged_into": _("Merged into"),
    "text": _("Text"),
    "definition": _("Definition"),
    "ksr": _("KSR"),
    "kind": _("Kind"),
    "provisional": _("Provisional"),
    "name": _("Name"),
    "title": _("Title"),
    "provisional_title": _("Provisional title"),
}

_WORDS = {
    "yes": _("yes"),
    "no": _("no"),
    "none": pgettext_lazy("catalogue history: no KSR", "none"),
    "an_import": _("an import"),
    "a_number": _("a number"),
    "a_text": _("a text"),
    "in_use": _("In use"),
}
WORDS: dict[str, Callable[[], str]] = {
    **{key: (lambda text=text: str(text)) for key, text in _WORDS.items()},
    **{f"status.{key}": (lambda t=label: str(t)) for key, label in Indicator.Status.choices},
    **{f"kind.{key}": (lambda t=label: str(t).lower()) for key, label in Indicator.Kind.choices},
    **{f"component.{key}": (lambda t=label: str(t)) for key, label in Component.choices},
}


def word(key: str) -> dict:
    if key not in WORDS:
        raise KeyError(key)
    return {"word": key}


def phrase(key: str, **params) -> dict:
    if key not in TEXTS:
        raise KeyError(key)
    return {"key": key, "params": params}


def yes_no(value: bool) -> dict:
    return word("yes" if value else "no")


def shown(value) -> str | int:
    """A stored value in the active language (see the module's docstring)."""
    if isinstance(value, list):
        return str(SEPARATOR).join(str(shown(item)) for item in value)
    if isinstance(value, dict):
        if "word" in value:
            render = WORDS.get(value["word"])
            return render() if render else str(value["word"])
        if "key" in value:
            return sentence(value["key"], value.get("params") or {})
        return str(value)
    if isinstance(value, int | float):
        return value
    return "" if value is None else str(value)


def sentence(key: str, params: dict) -> str:
    text = TEXTS.get(key)
    values = {name: shown(value) for name, value in params.items()}
    if text is None:  # a key no longer known: its parameters
        return ", ".join(str(value) for value in values.values()) or key
    try:
        return text % values if values else str(text)
    except (KeyError, TypeError, ValueError):
        return ", ".join(str(value) for value in values.values())


def shown_summary(change) -> str:
    """What happened, in the active language; as stored for rows written before the keys."""
    if not change.summary_key:
        return change.summary
    return sentence(change.summary_key, change.summary_params or {})


def shown_changes(change) -> list[tuple[str, str, str]]:
    """The rows (field, before, after) in the active language; as stored for older rows."""
    if not change.summary_key:
        return [tuple(row) for row in change.changes]
    return [
        (str(FIELDS[field]) if field in FIELDS else str(field), str(shown(b)), str(shown(a)))
        for field, b, a in change.changes
    ]
