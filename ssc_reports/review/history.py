"""The timeline of a report: every recorded change to its content (django-simple-history)
and every transition (ReportEvent), newest first, in the users' words.

What it shows, and how:
- fields by the labels the officers' forms give them (`FIELD_LABELS`, read from the forms);
  only those fields: internal ones (order, version, file keys, the approved PDF, the status,
  which shows as a transition) never appear;
- values as the report prints them: numbers as typed (8, not 8.000; 1,250), choices and
  foreign keys by their labels, yes/no, files as "image" / "new image" (photos are named by
  their caption);
- long texts (rich text rendered and read as words) as a word-level diff: `Change.diff` is a
  list of (op, text) with op "equal", "delete" or "insert";
- each entry belongs to a section of the report (`Section` keys, "review" for transitions),
  so the page filters by section; `group_by_save` gathers the entries one save wrote.

Diffs are computed in Python from consecutive historical rows of each object, so the page
costs a fixed number of queries however long the history is."""

import datetime
import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityCategory, Indicator, Result
from groups.models import Group, Officer
from ssc_reports.entry.forms import (
    AcknowledgementsForm,
    ActivityForm,
    GroupInfoForm,
    OfficerForm,
    PhotoForm,
    ProjectedImpactForm,
    ResultForm,
    TargetForm,
)
from ssc_reports.models import Photo, Report, ReportEvent
from ssc_reports.models.review import Section
from ssc_reports.richtext import render_rich
from targets.models import KSR, Target, TargetStatus


def _labels(*forms, only: tuple[str, ...] = (), extra: dict | None = None) -> dict[str, str]:
    labels = {}
    for form in forms:
        for name, form_field in form.base_fields.items():
            if name in only and form_field.label:
                labels[name] = form_field.label
    return labels | (extra or {})


# Model -> {field name: label as the form shows it}. Only these fields are ever shown.
FIELD_LABELS = {
    Group: _labels(
        GroupInfoForm, only=("mission", "members_count", "website", "social_links", "logo")
    ),
    Officer: _labels(OfficerForm, only=("name", "role", "title", "affiliation", "photo")),
    Report: _labels(
        ProjectedImpactForm, AcknowledgementsForm, only=("projected_impact", "acknowledgements")
    ),
    Target: _labels(
        TargetForm, only=("code", "component", "title"), extra={"retired": _("Retired")}
    ),
    TargetStatus: {"status": _("Status"), "confirmed": _("Confirmed for this period")},
    Activity: _labels(ActivityForm, only=("category", "ksr", "ssc_grant_awarded")),
    Result: _labels(ResultForm, only=("indicator", "value_number", "value_text", "description")),
    Photo: _labels(PhotoForm, only=("image", "caption", "credit", "component")),
}
RICH_FIELDS = {"mission", "projected_impact", "acknowledgements", "description", "caption"}
LONG_FIELDS = RICH_FIELDS | {"title", "value_text"}
SECTION_OF_MODEL = {
    Group: Section.GROUP,
    Officer: Section.GROUP,
    Target: Section.TARGETS,
    TargetStatus: Section.TARGETS,
    Activity: Section.ACTIVITIES,
    Result: Section.ACTIVITIES,
    Photo: Section.PHOTOS,
}
SECTION_OF_REPORT_FIELD = {
    "projected_impact": Section.IMPACT,
    "acknowledgements": Section.ACKNOWLEDGEMENTS,
}
REVIEW = "review"
SECTION_FILTERS = [*Section.choices, (REVIEW, _("Review steps"))]
SAME_SAVE_SECONDS = 5


@dataclass
class Change:
    label: str
    before: str
    after: str
    diff: list[tuple[str, str]] = field(default_factory=list)  # word diff of long texts


@dataclass
class Entry:
    at: datetime.datetime
    who: object
    kind: str  # "created", "changed", "deleted", "transition"
    what: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""
    order: int = 0
    section: str = ""

    @property
    def kind_label(self) -> str:
        """What happened to `what`, in the active language ("created", "changed"...)."""
        return str(KIND_LABELS.get(self.kind, self.kind))


KIND_LABELS = {
    "created": _("created"),
    "changed": _("changed"),
    "deleted": _("deleted"),
}
# Values as the timeline writes them, in the reader's language (never stored).
YES, NO = _("yes"), _("no")
REMOVED = _("(removed)")


@dataclass
class Save:
    """The entries one save (or one transition) wrote: same person, section, moment."""

    at: datetime.datetime
    who: object
    section: str
    entries: list[Entry]

    @property
    def section_title(self) -> str:
        return str(dict(SECTION_FILTERS).get(self.section, _("Report")))


# -- values as the report prints them ------------------------------------------------------


def format_number(value) -> str:
    """A result's number as the report prints it: 8, 1,250, 3.5."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return format(value.normalize(), "f")


def _plain(text: str, *, rich: bool) -> str:
    """The words of a text as the report prints it (rich text rendered, markers gone)."""
    if not text:
        return ""
    if rich:
        html = re.sub(r"</(p|li|h\d)>|<br\s*/?>", "\n", str(render_rich(text)))
        text = strip_tags(html)
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\s*\n\s*", "\n", text).strip()


def _shown(record, name: str, model, fk_labels) -> str:
    f = model._meta.get_field(name)
    raw = getattr(record, f.attname)
    if f.is_relation:
        if raw is None:
            return ""
        return fk_labels.get(name, {}).get(raw, str(REMOVED))
    if f.choices:
        return str(dict(f.flatchoices).get(raw, raw or ""))
    if model is TargetStatus and name == "confirmed":
        return str(_("confirmed") if raw else _("from last year"))
    if isinstance(raw, bool):
        return str(YES if raw else NO)
    if hasattr(raw, "name") and not isinstance(raw, str):  # files: never their keys
        return str(_("image")) if raw.name else ""
    if name == "value_number":
        return format_number(raw)
    if isinstance(raw, list):
        return ", ".join(str(item) for item in raw)
    if raw is None:
        return ""
    if name in LONG_FIELDS:
        return _plain(str(raw), rich=name in RICH_FIELDS)
    return str(raw)


def word_diff(before: str, after: str, *, context: int = 12) -> list[tuple[str, str]]:
    """Word-level diff of two texts: [(op, text)], long unchanged runs shortened to their
    first and last `context` words around an ellipsis."""
    old, new = re.findall(r"\S+|\s+", before), re.findall(r"\S+|\s+", after)
    segments = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            words = old[i1:i2]
            if len(words) > 4 * context:
                words = [*words[: 2 * context], " … ", *words[-2 * context :]]
            segments.append(("equal", "".join(words)))
        else:
            if i2 > i1:
                segments.append(("delete", "".join(old[i1:i2])))
            if j2 > j1:
                segments.append(("insert", "".join(new[j1:j2])))
    return segments


def _change(name: str, model, before: str, after: str) -> Change:
    label = FIELD_LABELS[model][name]
    if model is TargetStatus and name == "confirmed":
        return Change(label, before, after)
    if name in ("logo", "photo", "image") and before and after:
        before, after = str(_("previous image")), str(_("new image"))
    diff = word_diff(before, after) if name in LONG_FIELDS and before and after else []
    return Change(label, before, after, diff)


# -- what each entry is about --------------------------------------------------------------


def _describe(model, record, fk_labels, targets) -> str:
    if model is Report:
        return _("Report")
    if model is Group:
        return _("Group information")
    if model is Officer:
        return _("Officer %(name)s") % {"name": record.name}
    if model is Target:
        return _("Target %(code)s") % {"code": record.code}
    removed = str(REMOVED)
    if model is TargetStatus:
        return _("Status of target %(code)s") % {"code": targets.get(record.target_id, removed)}
    if model is Activity:
        target = targets.get(record.target_id, removed)
        category = fk_labels["category"].get(record.category_id, "?")
        return _("Activity %(activity)s") % {"activity": f"{target} / {category}"}
    if model is Result:
        return _("Result: %(indicator)s") % {
            "indicator": fk_labels["indicator"].get(record.indicator_id, removed)
        }
    if model is Photo:
        caption = _plain(record.caption, rich=True)
        if caption:
            return _("Photo “%(caption)s”") % {"caption": caption[:80]}
        return _("Photo")
    return str(model._meta.verbose_name).capitalize()


def _sources(report: Report):
    """(model, historical queryset) of everything that belongs to the report's content."""
    since = report.created_at
    activity_ids = Activity.history.filter(report_id=report.pk).values("id")
    return [
        (Report, Report.history.filter(id=report.pk)),
        (Group, Group.history.filter(id=report.group_id, history_date__gte=since)),
        (Officer, Officer.history.filter(group_id=report.group_id, history_date__gte=since)),
        (
            Target,
            Target.history.filter(
                Q(group_id=report.group_id),
                quadrennium_id=report.period.quadrennium_id,
                history_date__gte=since,
            ),
        ),
        (TargetStatus, TargetStatus.history.filter(report_id=report.pk)),
        (Activity, Activity.history.filter(report_id=report.pk)),
        (Result, Result.history.filter(activity_id__in=activity_ids)),
        (Photo, Photo.history.filter(report_id=report.pk)),
    ]


def _fk_labels() -> dict:
    return {
        "category": dict(ActivityCategory.objects.values_list("pk", "name")),
        "ksr": {ksr.pk: str(ksr) for ksr in KSR.objects.all()},
        "indicator": dict(Indicator.objects.values_list("pk", "text")),
    }


def _entries_of(model, record, before, fk_labels, targets) -> list[Entry]:
    """The entries one historical row makes (a report row: one per section it touched)."""
    names = list(FIELD_LABELS[model])
    what = _describe(model, record, fk_labels, targets)
    base = {"at": record.history_date, "who": record.history_user, "order": record.history_id}
    if record.history_type == "-":
        return [Entry(kind="deleted", what=what, section=_section(model, names), **base)]
    changes: dict[str, Change] = {}
    for name in names:
        after = _shown(record, name, model, fk_labels)
        if record.history_type == "+":
            if model is TargetStatus and name == "confirmed":
                if not record.confirmed:
                    changes[name] = Change(FIELD_LABELS[model][name], "", after)
                continue
            if after and after != str(NO):
                changes[name] = _change(name, model, "", after)
        elif before is not None:
            old = _shown(before, name, model, fk_labels)
            if old != after:
                changes[name] = _change(name, model, old, after)
    if model is TargetStatus and "status" in changes:
        changes.pop("confirmed", None)  # a changed status is this period's by itself
    if record.history_type == "~" and not changes:
        return []
    kind = "created" if record.history_type == "+" else "changed"
    if model is not Report:
        return [
            Entry(
                kind=kind,
                what=what,
                changes=list(changes.values()),
                section=_section(model, names),
                **base,
            )
        ]
    if kind == "created":
        return [
            Entry(kind="created", what=str(_("Report")), changes=list(changes.values()), **base)
        ]
    return [
        Entry(
            kind="changed",
            what=Section(SECTION_OF_REPORT_FIELD[name]).label,
            changes=[change],
            section=SECTION_OF_REPORT_FIELD[name],
            **base,
        )
        for name, change in changes.items()
    ]


def _section(model, names) -> str:
    return SECTION_OF_MODEL.get(model, "")


def report_timeline(report: Report, *, section: str = "") -> list[Entry]:
    """Every change and transition of the report, newest first; only those of `section`
    (a Section key, or "review" for the transitions) when given."""
    fk_labels = _fk_labels()
    targets = dict(Target.objects.filter(group_id=report.group_id).values_list("pk", "code"))
    entries = []
    for model, queryset in _sources(report):
        if section and section != REVIEW:
            if model is Report and section not in SECTION_OF_REPORT_FIELD.values():
                continue
            if model is not Report and SECTION_OF_MODEL.get(model) != section:
                continue
        elif section == REVIEW:
            continue
        previous = {}
        for record in queryset.select_related("history_user").order_by("id", "history_date"):
            entries += _entries_of(model, record, previous.get(record.id), fk_labels, targets)
            previous[record.id] = record
    if not section or section == REVIEW:
        for event in ReportEvent.objects.filter(report=report).select_related("by"):
            entries.append(
                Entry(
                    at=event.at,
                    who=event.by,
                    kind="transition",
                    what=f"{event.get_old_status_display()} → {event.get_new_status_display()}",
                    reason=event.reason,
                    order=event.pk,
                    section=REVIEW,
                )
            )
    if section:
        entries = [entry for entry in entries if entry.section == section]
    entries.sort(key=lambda entry: (entry.at, entry.order), reverse=True)
    return entries


def group_by_save(entries: list[Entry]) -> list[Save]:
    """Entries (newest first) gathered by save: the same person, the same section, within
    a few seconds; each transition alone."""
    saves: list[Save] = []
    for entry in entries:
        last = saves[-1] if saves else None
        if (
            last is not None
            and entry.kind != "transition"
            and last.section == entry.section
            and last.entries[-1].kind != "transition"
            and getattr(last.who, "pk", None) == getattr(entry.who, "pk", None)
            and (last.entries[-1].at - entry.at).total_seconds() <= SAME_SAVE_SECONDS
        ):
            last.entries.append(entry)
            continue
        saves.append(Save(at=entry.at, who=entry.who, section=entry.section, entries=[entry]))
    return saves
