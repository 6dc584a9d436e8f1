"""The timeline of a report: every recorded change to its content (django-simple-history)
and every transition (ReportEvent), newest first, each with who, when, what, before and after.

Diffs are computed in Python from consecutive historical rows of each object, so the page
costs a fixed number of queries however long the history is."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from activities.models import Activity, ActivityCategory, Indicator, Result
from groups.models import Group, Officer
from ssc_reports.models import Photo, Report, ReportEvent
from targets.models import KSR, Target, TargetStatus

SKIPPED_FIELDS = {"id", "version", "updated_at", "created_at"}
# Foreign keys shown by a label instead of an id: field name -> (model, label function).
FK_LABELS = {
    "target": (Target, lambda t: t.code),
    "category": (ActivityCategory, lambda c: c.name),
    "ksr": (KSR, lambda k: f"KSR {k.number}"),
    "indicator": (Indicator, lambda i: i.text),
}
HIDDEN_FK = {"report", "group", "activity", "quadrennium", "period"}


@dataclass
class Change:
    label: str
    before: object
    after: object


@dataclass
class Entry:
    at: datetime.datetime
    who: object
    kind: str  # "created", "changed", "deleted", "transition"
    what: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""
    order: int = 0


def _tracked_fields(model):
    fields = []
    for f in model._meta.concrete_fields:
        if f.name in SKIPPED_FIELDS:
            continue
        fields.append(f)
    return fields


def _value(record, f, fk_labels):
    if f.is_relation:
        raw = getattr(record, f.attname)
        if raw is None:
            return None
        labels = fk_labels.get(f.name)
        return labels.get(raw, f"#{raw}") if labels is not None else f"#{raw}"
    value = getattr(record, f.attname)
    if f.choices:
        return dict(f.flatchoices).get(value, value)
    if hasattr(value, "name") and not isinstance(value, str):  # files
        return value.name or ""
    return value


def _describe(model, record, fk_labels) -> str:
    if model is Report:
        return "Report"
    if model is Group:
        return "Group information"
    if model is Officer:
        return f"Officer {record.name}"
    if model is Target:
        return f"Target {record.code}"
    if model is TargetStatus:
        return f"Status of target {fk_labels['target'].get(record.target_id, record.target_id)}"
    if model is Activity:
        target = fk_labels["target"].get(record.target_id, "?")
        category = fk_labels["category"].get(record.category_id, "?")
        return f"Activity {target} / {category}"
    if model is Result:
        return f"Result: {fk_labels['indicator'].get(record.indicator_id, record.indicator_id)}"
    if model is Photo:
        return f"Photo {record.credit or record.image}"
    return model._meta.verbose_name.capitalize()


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


def report_timeline(report: Report) -> list[Entry]:
    """Every change and transition of the report, newest first."""
    fk_labels = {
        name: {obj.pk: label(obj) for obj in model.objects.all()}
        for name, (model, label) in FK_LABELS.items()
        if name != "target"
    }
    fk_labels["target"] = {
        t.pk: t.code for t in Target.objects.filter(group_id=report.group_id).only("pk", "code")
    }
    entries = []
    for model, queryset in _sources(report):
        fields = _tracked_fields(model)
        fields = [f for f in fields if f.name not in HIDDEN_FK]
        records = list(queryset.select_related("history_user").order_by("id", "history_date"))
        previous = {}
        for record in records:
            before = previous.get(record.id)
            who = record.history_user
            what = _describe(model, record, fk_labels)
            if record.history_type == "+":
                changes = [
                    Change(f.verbose_name.capitalize(), None, _value(record, f, fk_labels))
                    for f in fields
                    if _value(record, f, fk_labels) not in (None, "", [], False)
                ]
                kind = "created"
            elif record.history_type == "-":
                changes = []
                kind = "deleted"
            else:
                changes = []
                if before is not None:
                    for f in fields:
                        old, new = _value(before, f, fk_labels), _value(record, f, fk_labels)
                        if old != new:
                            changes.append(Change(f.verbose_name.capitalize(), old, new))
                kind = "changed"
                if model is Report and [c.label for c in changes] == ["Status"]:
                    previous[record.id] = record
                    continue  # shown as the transition
            previous[record.id] = record
            if kind == "changed" and not changes:
                continue
            entries.append(
                Entry(
                    at=record.history_date,
                    who=who,
                    kind=kind,
                    what=what,
                    changes=changes,
                    order=record.history_id,
                )
            )
    for event in ReportEvent.objects.filter(report=report).select_related("by"):
        entries.append(
            Entry(
                at=event.at,
                who=event.by,
                kind="transition",
                what=f"{event.get_old_status_display()} → {event.get_new_status_display()}",
                reason=event.reason,
                order=event.pk,
            )
        )
    entries.sort(key=lambda entry: (entry.at, entry.order), reverse=True)
    return entries
