"""Writes to the catalogue: groups propose indicators; staff accept, merge, edit, retire and
reinstate indicators, edit and retire activity categories, and edit KSR titles.

Every function is atomic and writes one CatalogueChange row saying, in words, what changed
(the catalogue's history, /staff/indicators/history/). A merge also moves the results: each
moved result gets a history row (django-simple-history) with the staff member as its author,
so the report's timeline shows the indicator changing. Merges and renaming a category refresh
the stored progress of the reports they touch (ssc_reports.entry.progress: their last edit,
and what they lack names the category). Illegal changes raise CatalogueError with a message
for the user; nothing is written then.
"""

import re

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

from activities.change_texts import phrase, sentence, word, yes_no
from activities.models import Activity, ActivityCategory, CatalogueChange, Indicator, Result
from ssc_reports.entry.progress import lock_progress_scope, refresh_report_progress

MAX_REASON = 100  # django-simple-history's history_change_reason is a 100-character field


class CatalogueError(Exception):
    """A change the catalogue refuses, with a message naming what is wrong."""

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.field = field


def clean_text(text: str) -> str:
    """One line, single spaces: how indicator texts and names are stored."""
    return re.sub(r"\s+", " ", text or "").strip()


def _same(a: str, b: str) -> bool:
    return clean_text(a).casefold() == clean_text(b).casefold()


def _log(*, action, by, key, params, indicator=None, category=None, ksr=None, changes=()):
    """One CatalogueChange: what happened as `key` and `params` of activities.change_texts
    (shown in the reader's language), and in English in `summary`; `changes` are rows
    (field key, before, after) of change_texts' values."""
    with translation.override("en"):
        summary = sentence(key, params)
    return CatalogueChange.objects.create(
        action=action,
        by=by,
        summary=summary,
        summary_key=key,
        summary_params=params,
        indicator=indicator,
        category=category,
        ksr=ksr,
        changes=[list(change) for change in changes],
    )


def _final(indicator: Indicator) -> Indicator:
    """Where an indicator's results are now: itself, or the end of its merge chain."""
    seen = set()
    while indicator.merged_into_id and indicator.pk not in seen:
        seen.add(indicator.pk)
        indicator = indicator.merged_into
    return indicator


# -- proposals (officers) ------------------------------------------------------------------


@transaction.atomic
def propose_indicator(*, report, category, ksr, text: str, kind: str, by) -> Indicator:
    """The group's proposal for an indicator no existing one fits, usable at once.

    Returns what the group should use: a catalogue indicator of the category with that text,
    the group's earlier proposal with that text (or where staff merged it), or a new proposal
    (non-standard, flagged for staff, seen only by the report's group until accepted).
    Side effect: a new proposal writes a CatalogueChange. Raises CatalogueError when staff
    retired an earlier identical proposal of the group."""
    text = clean_text(text)
    if not text:
        raise CatalogueError(_("Write the indicator you propose."), field="text")
    group = report.group
    existing = [
        indicator
        for indicator in Indicator.objects.filter(category=category)
        .filter(text__iexact=text)
        .select_related("merged_into")
        if indicator.standard or indicator.proposed_by_id == group.pk
    ]
    for indicator in sorted(existing, key=lambda i: (not i.standard, i.retired, i.pk)):
        if indicator.merged_into_id:
            return _final(indicator)
        if not indicator.retired:
            return indicator
        if not indicator.standard:
            raise CatalogueError(
                _(
                    "SSC staff retired the proposed indicator “%(text)s”: choose an indicator "
                    "of the list, or “Other result (describe)”."
                )
                % {"text": indicator.text},
                field="text",
            )
    indicator = Indicator.objects.create(
        text=text,
        category=category,
        ksr=ksr,
        kind=kind,
        standard=False,
        needs_review=True,
        proposed_by=group,
        proposed_in=report,
    )
    _log(
        action=CatalogueChange.Action.PROPOSED,
        by=by,
        indicator=indicator,
        category=category,
        key="proposed",
        params={
            "group": group.acronym,
            "text": text,
            "kind": word(f"kind.{indicator.kind}"),
            "category": category.name,
            "period": report.period.label,
        },
    )
    return indicator


def proposal_problem(*, group, category, text: str, offered) -> str:
    """Why the group cannot propose `text` under `category` (empty when it can): it is
    already offered (`offered`: the indicators the form shows), or staff retired the group's
    identical proposal. Read-only, for the form's validation."""
    text = clean_text(text)
    for indicator in offered:
        if indicator.category_id == category.pk and _same(indicator.text, text):
            if indicator.retired:
                break
            return _("“%(text)s” is already in the list: choose it there.") % {
                "text": indicator.text
            }
    retired = (
        Indicator.objects.filter(
            category=category,
            text__iexact=text,
            proposed_by=group,
            standard=False,
            retired=True,
            merged_into__isnull=True,
        )
        .values_list("text", flat=True)
        .first()
    )
    if retired:
        return _(
            "SSC staff retired the proposed indicator “%(text)s”: choose an indicator of the "
            "list, or “Other result (describe)”."
        ) % {"text": retired}
    return ""


# -- indicators (staff) --------------------------------------------------------------------


def _locked(indicator: Indicator) -> Indicator:
    return (
        # NO KEY UPDATE: the officers' saves of results (foreign keys to it) go on meanwhile.
        Indicator.objects.select_for_update(of=("self",), no_key=True)
        .select_related("category", "ksr")
        .get(pk=indicator.pk)
    )


def _clash(*, category_id, text, standard: bool, group_id=None, exclude=None):
    """An indicator of the category with the same text (any case) that would be confused."""
    others = Indicator.objects.filter(category_id=category_id, text__iexact=clean_text(text))
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if standard:
        return others.filter(standard=True).first()
    return others.filter(standard=False, proposed_by_id=group_id).first()


@transaction.atomic
def accept_indicator(*, indicator: Indicator, by) -> Indicator:
    """A group's proposal joins the catalogue: standard, offered to every group."""
    indicator = _locked(indicator)
    if indicator.standard:
        raise CatalogueError(
            _("“%(text)s” is already in the catalogue.") % {"text": indicator.text}
        )
    if indicator.retired:
        raise CatalogueError(
            _("“%(text)s” is retired: reinstate it first.") % {"text": indicator.text}
        )
    clash = _clash(category_id=indicator.category_id, text=indicator.text, standard=True)
    if clash is not None:
        raise CatalogueError(
            _(
                "The catalogue already has “%(text)s” under %(category)s: merge the proposal "
                "into it instead."
            )
            % {"text": clash.text, "category": indicator.category.name}
        )
    indicator.standard = True
    indicator.needs_review = False
    indicator.save(update_fields=["standard", "needs_review"])
    proposer = indicator.proposed_by.acronym if indicator.proposed_by_id else word("an_import")
    _log(
        action=CatalogueChange.Action.ACCEPTED,
        by=by,
        indicator=indicator,
        category=indicator.category,
        key="accepted",
        params={"text": indicator.text, "proposer": proposer, "category": indicator.category.name},
        changes=[("status", word("status.proposed"), word("status.standard"))],
    )
    return indicator


@transaction.atomic
def mark_reviewed(*, indicator: Indicator, by) -> Indicator:
    """Staff have looked at a proposal and leave it as it is: it stays the group's own
    indicator and leaves the list of proposals waiting for a decision."""
    indicator = _locked(indicator)
    if not indicator.needs_review:
        return indicator
    indicator.needs_review = False
    indicator.save(update_fields=["needs_review"])
    _log(
        action=CatalogueChange.Action.EDITED,
        by=by,
        indicator=indicator,
        category=indicator.category,
        key="reviewed",
        params={"text": indicator.text},
        changes=[("waiting_for_review", yes_no(True), yes_no(False))],
    )
    return indicator


@transaction.atomic
def merge_indicator(*, indicator: Indicator, into: Indicator, by) -> int:
    """Merge `indicator` into `into`: every result moves to `into` (so analytics total them
    as one indicator), `indicator` is retired and remembers where it went. Returns the number
    of results moved. Both must be of the same category and kind."""
    indicator, into = _locked(indicator), _locked(into)
    if indicator.pk == into.pk:
        raise CatalogueError(_("An indicator cannot be merged into itself."), field="into")
    if indicator.merged_into_id:
        raise CatalogueError(
            _("“%(text)s” was already merged.") % {"text": indicator.text}, field="into"
        )
    if into.retired:
        raise CatalogueError(
            _("“%(text)s” is retired: merge into an indicator in use.") % {"text": into.text},
            field="into",
        )
    if indicator.category_id != into.category_id:
        raise CatalogueError(
            _(
                "“%(text)s” is under %(category)s, “%(into)s” under %(into_category)s: merge "
                "only within one category."
            )
            % {
                "text": indicator.text,
                "category": indicator.category,
                "into": into.text,
                "into_category": into.category,
            },
            field="into",
        )
    if indicator.kind != into.kind:
        raise CatalogueError(
            _(
                "“%(text)s” takes %(kind)s and “%(into)s” %(into_kind)s: their results "
                "cannot be merged."
            )
            % {
                "text": indicator.text,
                "kind": _kind_label(indicator.kind),
                "into": into.text,
                "into_kind": _kind_label(into.kind),
            },
            field="into",
        )
    return _merge_into(indicator, into, by)


def _merge_into(indicator: Indicator, into: Indicator, by) -> int:
    """Move the results, re-point earlier merges, retire `indicator`, log it."""
    # The app's lock order (lock_progress_scope): the reports' groups and rows before results.
    lock_progress_scope(
        report_ids=Activity.objects.filter(results__indicator=indicator).values_list(
            "report_id", flat=True
        )
    )
    results = list(Result.objects.select_for_update().filter(indicator=indicator).order_by("pk"))
    for result in results:
        result.indicator = into
    reason = f"Indicator merged by SSC staff into “{into.text}”"
    if len(reason) > MAX_REASON:
        reason = reason[: MAX_REASON - 2] + "”…"
    bulk_update_with_history(
        results, Result, ["indicator"], default_user=by, default_change_reason=reason
    )
    refresh_report_progress(
        report_ids=Activity.objects.filter(results__in=results).values_list("report_id", flat=True)
    )
    for earlier in Indicator.objects.filter(merged_into=indicator):
        earlier.merged_into = into
        earlier.save(update_fields=["merged_into"])
    before = indicator_status_before(indicator)
    indicator.retired = True
    indicator.needs_review = False
    indicator.merged_into = into
    indicator.save(update_fields=["retired", "needs_review", "merged_into"])
    moved = len(results)
    _log(
        action=CatalogueChange.Action.MERGED,
        by=by,
        indicator=indicator,
        category=indicator.category,
        key="merged",
        params={"text": indicator.text, "into": into.text, "count": moved},
        changes=[("merged_into", "", into.text), ("status", before, word("status.retired"))],
    )
    return moved


def indicator_status_before(indicator: Indicator) -> dict:
    """Its status before a merge, as a word of the catalogue's history."""
    return word("status.standard" if indicator.standard else "status.proposed")


def _kind_words(kind: str) -> dict:
    """In the catalogue's history (stored as a word, shown in the reader's language)."""
    return word("a_number" if kind == Indicator.Kind.QUANTITATIVE else "a_text")


def _kind_label(kind: str) -> str:
    """In messages to the user, in their language."""
    return _("a number") if kind == Indicator.Kind.QUANTITATIVE else _("a text")


@transaction.atomic
def update_indicator(
    *, indicator: Indicator, by, text: str, definition: str, ksr, kind: str, provisional: bool
) -> Indicator:
    """Rename, define, re-file under a KSR, change the kind (only while no result uses it) or
    the provisional mark. Writes nothing when nothing changed."""
    indicator = _locked(indicator)
    text = clean_text(text)
    if not text:
        raise CatalogueError(_("The indicator needs a text."), field="text")
    if text != indicator.text:
        clash = _clash(
            category_id=indicator.category_id,
            text=text,
            standard=indicator.standard,
            group_id=indicator.proposed_by_id,
            exclude=indicator.pk,
        )
        if clash is not None:
            raise CatalogueError(
                _("“%(text)s” already exists under %(category)s: merge instead of renaming.")
                % {"text": clash.text, "category": indicator.category.name},
                field="text",
            )
    if kind != indicator.kind:
        used = indicator.results.count()
        if used:
            raise CatalogueError(
                ngettext(
                    "%(count)d result uses this indicator: it must keep taking %(kind)s.",
                    "%(count)d results use this indicator: it must keep taking %(kind)s.",
                    used,
                )
                % {"count": used, "kind": _kind_label(indicator.kind)},
                field="kind",
            )
    changes = []
    old_ksr = f"KSR {indicator.ksr.number}" if indicator.ksr_id else word("none")
    new_ksr = f"KSR {ksr.number}" if ksr else word("none")
    for label, before, after in (
        ("text", indicator.text, text),
        ("definition", indicator.definition, definition.strip()),
        ("ksr", old_ksr, new_ksr),
        ("kind", _kind_words(indicator.kind), _kind_words(kind)),
        ("provisional", yes_no(indicator.provisional), yes_no(provisional)),
    ):
        if before != after:
            changes.append((label, before, after))
    if not changes:
        return indicator
    old_text = indicator.text
    indicator.text = text
    indicator.definition = definition.strip()
    indicator.ksr = ksr
    indicator.kind = kind
    indicator.provisional = provisional
    indicator.save()
    parts = []
    for label, before, after in changes:
        if label == "text":
            parts.append(phrase("renamed", before=before, after=after))
        elif label == "definition":
            parts.append(phrase("changed_definition" if before else "wrote_definition"))
        else:
            parts.append(phrase(f"{label}_changed", before=before, after=after))
    _log(
        action=CatalogueChange.Action.EDITED,
        by=by,
        indicator=indicator,
        category=indicator.category,
        key="indicator_edited",
        params={"text": old_text, "parts": parts},
        changes=changes,
    )
    return indicator


@transaction.atomic
def retire_indicator(*, indicator: Indicator, by) -> Indicator:
    """Hidden from new results; the results that use it keep it (pages, PDFs, exports)."""
    indicator = _locked(indicator)
    if indicator.retired:
        raise CatalogueError(_("“%(text)s” is already retired.") % {"text": indicator.text})
    before = word(f"status.{indicator.status}")
    indicator.retired = True
    indicator.needs_review = False
    indicator.save(update_fields=["retired", "needs_review"])
    used = indicator.results.count()
    _log(
        action=CatalogueChange.Action.RETIRED,
        by=by,
        indicator=indicator,
        category=indicator.category,
        key="retired",
        params={"text": indicator.text, "count": used},
        changes=[("status", before, word("status.retired"))],
    )
    return indicator


@transaction.atomic
def reinstate_indicator(*, indicator: Indicator, by) -> Indicator:
    indicator = _locked(indicator)
    if not indicator.retired:
        raise CatalogueError(_("“%(text)s” is not retired.") % {"text": indicator.text})
    if indicator.merged_into_id:
        raise CatalogueError(
            _("“%(text)s” was merged into “%(into)s”: its results are there.")
            % {"text": indicator.text, "into": indicator.merged_into.text}
        )
    clash = _clash(
        category_id=indicator.category_id,
        text=indicator.text,
        standard=indicator.standard,
        group_id=indicator.proposed_by_id,
        exclude=indicator.pk,
    )
    if clash is not None and not clash.retired:
        raise CatalogueError(
            _("“%(text)s” is in use under the same category.") % {"text": clash.text}
        )
    indicator.retired = False
    indicator.save(update_fields=["retired"])
    _log(
        action=CatalogueChange.Action.REINSTATED,
        by=by,
        indicator=indicator,
        category=indicator.category,
        key="reinstated",
        params={"text": indicator.text},
        changes=[("status", word("status.retired"), word(f"status.{indicator.status}"))],
    )
    return indicator


# -- activity categories and KSRs (staff) --------------------------------------------------


@transaction.atomic
def update_category(
    *, category: ActivityCategory, by, name: str, definition: str, provisional: bool
) -> ActivityCategory:
    category = ActivityCategory.objects.select_for_update(no_key=True).get(pk=category.pk)
    name = clean_text(name)
    if not name:
        raise CatalogueError(_("The category needs a name."), field="name")
    clash = (
        ActivityCategory.objects.filter(
            quadrennium=category.quadrennium_id, component=category.component, name__iexact=name
        )
        .exclude(pk=category.pk)
        .first()
    )
    if clash is not None:
        raise CatalogueError(
            _("%(component)s already has a category “%(name)s”.")
            % {"component": category.get_component_display(), "name": clash.name},
            field="name",
        )
    changes = [
        (label, before, after)
        for label, before, after in (
            ("name", category.name, name),
            ("definition", category.definition, definition.strip()),
            ("provisional", yes_no(category.provisional), yes_no(provisional)),
        )
        if before != after
    ]
    if not changes:
        return category
    old_name = category.name
    category.name = name
    category.definition = definition.strip()
    category.provisional = provisional
    category.save()
    if old_name != name:  # what a report lacks names the category of its activities
        refresh_report_progress(
            report_ids=Activity.objects.filter(category=category).values_list(
                "report_id", flat=True
            )
        )
    parts = []
    for label, before, after in changes:
        if label == "name":
            parts.append(phrase("renamed_to", after=after))
        elif label == "definition":
            parts.append(phrase("changed_definition" if before else "wrote_definition"))
        else:
            parts.append(phrase("provisional_changed", before=before, after=after))
    _log(
        action=CatalogueChange.Action.EDITED,
        by=by,
        category=category,
        key="category_edited",
        params={
            "name": old_name,
            "component": word(f"component.{category.component}"),
            "parts": parts,
        },
        changes=changes,
    )
    return category


@transaction.atomic
def set_category_retired(*, category: ActivityCategory, retired: bool, by) -> ActivityCategory:
    """Retire (not offered for new activities; old ones keep it) or reinstate a category."""
    category = ActivityCategory.objects.select_for_update(no_key=True).get(pk=category.pk)
    if category.retired == retired:
        message = (
            _("“%(name)s” is already retired.") if retired else _("“%(name)s” is not retired.")
        )
        raise CatalogueError(message % {"name": category.name})
    category.retired = retired
    category.save(update_fields=["retired"])
    _log(
        action=CatalogueChange.Action.RETIRED if retired else CatalogueChange.Action.REINSTATED,
        by=by,
        category=category,
        key="category_retired" if retired else "category_reinstated",
        params={"name": category.name, "component": word(f"component.{category.component}")},
        changes=[
            (
                "status",
                *(
                    (word("in_use"), word("status.retired"))
                    if retired
                    else (word("status.retired"), word("in_use"))
                ),
            )
        ],
    )
    return category


@transaction.atomic
def merge_category(*, category: ActivityCategory, into: ActivityCategory, by) -> int:
    """Merge `category` into another of its component: its activities move there; each of
    its indicators moves too, or, when `into` has one with the same text and kind, is merged
    into it (results follow). `category` is retired. Returns the number of activities moved.
    Refused, with nothing written, when an indicator has a namesake of the other kind."""
    category = ActivityCategory.objects.select_for_update(no_key=True).get(pk=category.pk)
    into = ActivityCategory.objects.select_for_update(no_key=True).get(pk=into.pk)
    if category.pk == into.pk:
        raise CatalogueError(_("A category cannot be merged into itself."), field="into")
    if category.quadrennium_id != into.quadrennium_id:
        raise CatalogueError(
            _("The two categories belong to different quadrennia: merge only within one."),
            field="into",
        )
    if category.component != into.component:
        raise CatalogueError(
            _(
                "“%(name)s” is under %(component)s, “%(into)s” under %(into_component)s: merge "
                "only within one component."
            )
            % {
                "name": category.name,
                "component": category.get_component_display(),
                "into": into.name,
                "into_component": into.get_component_display(),
            },
            field="into",
        )
    if into.retired:
        raise CatalogueError(
            _("“%(name)s” is retired: merge into a category in use.") % {"name": into.name}
        )
    namesakes = {}
    for indicator in Indicator.objects.filter(category=into, merged_into__isnull=True):
        namesakes.setdefault(_slot(indicator), indicator)
    moves, merges = [], []
    for indicator in Indicator.objects.filter(category=category).order_by("pk"):
        if indicator.merged_into_id:
            continue  # retired without results: stays where it was merged
        other = namesakes.get(_slot(indicator))
        if other is None:
            moves.append(indicator)
        elif other.kind != indicator.kind:
            raise CatalogueError(
                _(
                    "“%(text)s” takes %(kind)s under %(category)s and %(other_kind)s under "
                    "%(into)s: rename one first."
                )
                % {
                    "text": indicator.text,
                    "kind": _kind_label(indicator.kind),
                    "category": category.name,
                    "other_kind": _kind_label(other.kind),
                    "into": into.name,
                },
                field="into",
            )
        else:
            merges.append((indicator, other))
    # The app's lock order (lock_progress_scope): the reports' groups and rows, then activities.
    lock_progress_scope(
        report_ids=Activity.objects.filter(category=category).values_list("report_id", flat=True)
    )
    activities = list(Activity.objects.select_for_update().filter(category=category))
    for activity in activities:
        activity.category = into
    reason = f"Category merged by SSC staff into “{into.name}”"[:MAX_REASON]
    bulk_update_with_history(
        activities, Activity, ["category"], default_user=by, default_change_reason=reason
    )
    for indicator in moves:
        indicator.category = into
        indicator.save(update_fields=["category"])
    for indicator, other in merges:
        _merge_into(indicator, other, by)
    category.retired = True
    category.save(update_fields=["retired"])
    refresh_report_progress(report_ids={activity.report_id for activity in activities})
    moved = len(activities)
    _log(
        action=CatalogueChange.Action.MERGED,
        by=by,
        category=category,
        key="category_merged",
        params={
            "name": category.name,
            "into": into.name,
            "component": word(f"component.{category.component}"),
            "activities": phrase("activities_moved", count=moved),
            "indicators": phrase("indicators_moved", count=len(moves) + len(merges)),
        },
        changes=[
            ("merged_into", "", into.name),
            ("status", word("in_use"), word("status.retired")),
        ],
    )
    return moved


def _slot(indicator: Indicator) -> tuple:
    """What two indicators of one category may not share: the text among the catalogue's,
    the text among one group's proposals."""
    group = None if indicator.standard else indicator.proposed_by_id
    return (indicator.standard, group, clean_text(indicator.text).casefold())


@transaction.atomic
def update_ksr(*, ksr, by, title: str, text: str, title_provisional: bool):
    """A KSR's short title, its full text and whether the title is provisional (our wording)."""
    ksr = type(ksr).objects.select_for_update().get(pk=ksr.pk)
    title, text = clean_text(title), text.strip()
    changes = [
        (label, before, after)
        for label, before, after in (
            ("title", ksr.title, title),
            ("text", ksr.text, text),
            ("provisional_title", yes_no(ksr.title_provisional), yes_no(title_provisional)),
        )
        if before != after
    ]
    if not changes:
        return ksr
    ksr.title, ksr.text, ksr.title_provisional = title, text, title_provisional
    ksr.save(update_fields=["title", "text", "title_provisional"])
    parts = []
    for label, before, after in changes:
        if label == "title":
            parts.append(
                phrase("title_changed", before=before, after=after)
                if before
                else phrase("titled", after=after)
            )
        elif label == "text":
            parts.append(phrase("changed_text" if before else "wrote_text"))
        else:
            parts.append(phrase("provisional_title_changed", before=before, after=after))
    _log(
        action=CatalogueChange.Action.EDITED,
        by=by,
        ksr=ksr,
        key="ksr_edited",
        params={"number": ksr.number, "parts": parts},
        changes=changes,
    )
    return ksr
