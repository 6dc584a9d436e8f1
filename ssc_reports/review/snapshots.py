"""The content of a report as plain JSON, taken at each submission, and the field-level diff
between two such snapshots (what changed since the previous submission).

A snapshot is exact (it is the content as the group submitted it, whatever happened to the
history tables since) and cheap (a fixed number of queries). Layout:

    {"report": {"fields": {...}},           # one item, key "report"
     "group": {"<acronym>": {...}},
     "officers": {"<pk>": {...}, ...},
     "targets": {"<pk>": {...}, ...},       # the group's targets, with this report's status
     "activities": {"<pk>": {...}, ...},
     "results": {"<pk>": {...}, ...},
     "photos": {"<pk>": {...}, ...}}

Every item holds a "label" (how the diff names it) and its fields as JSON values.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from groups.models import Officer
from ssc_reports.models import Photo, Report
from ssc_reports.ordering import sort_activities, sort_targets
from targets.models import Status, Target

STATUS_LABELS = dict(Status.choices)

SNAPSHOT_VERSION = 1

# Section of the diff -> (title, review section key, field labels in display order).
PARTS = {
    "report": (
        _("Projected impact and acknowledgements"),
        None,
        {"projected_impact": _("Projected impact"), "acknowledgements": _("Acknowledgements")},
    ),
    "group": (
        _("Group information"),
        "group",
        {
            "name": _("Name"),
            "mission": _("Mission statement"),
            "members_count": _("Number of members"),
            "website": _("Website"),
            "social_links": _("Social links"),
            "logo": _("Logo"),
        },
    ),
    "officers": (
        _("Officers"),
        "group",
        {
            "name": _("Name"),
            "role": _("Role"),
            "title": _("Title"),
            "affiliation": _("Affiliation"),
            "photo": _("Photo"),
            "order": _("Order"),
        },
    ),
    "targets": (
        _("Targets"),
        "targets",
        {
            "code": _("Code"),
            "component": _("Component"),
            "title": _("Title"),
            "regions": _("Regions"),
            "retired": _("Retired"),
            "status": _("Status this period"),
        },
    ),
    "activities": (
        _("Activities"),
        "activities",
        {
            "target": _("Target"),
            "category": _("Category"),
            "ksr": _("KSR"),
            "ssc_grant_awarded": _("SSC grant awarded"),
            "order": _("Order"),
        },
    ),
    "results": (
        _("Results"),
        "activities",
        {
            "activity": _("Activity"),
            "indicator": _("Indicator"),
            "value": _("Value"),
            "description": _("Description"),
            "order": _("Order"),
        },
    ),
    "photos": (
        _("Photos"),
        "photos",
        {
            "image": _("Image"),
            "caption": _("Caption"),
            "credit": _("Credit"),
            "component": _("Section"),
            "order": _("Order"),
        },
    ),
}


def _activity_label(activity) -> str:
    return f"{activity.target.code} / {activity.category.name} (KSR {activity.ksr.number})"


def snapshot_report(report: Report) -> dict:
    """The report's content now, as JSON-serialisable data (8 queries whatever the size).
    Stored: the names of roles, components and statuses are kept in English."""
    with translation.override("en"):
        return _snapshot_report(report)


def _snapshot_report(report: Report) -> dict:
    report = Report.objects.select_related("group").get(pk=report.pk)
    group = report.group
    officers = Officer.objects.filter(group=group).order_by("order", "pk")
    targets = sort_targets(Target.objects.of_report(report).prefetch_related("regions"))
    statuses = dict(report.target_statuses.values_list("target_id", "status"))
    activities = sort_activities(Activity.objects.filter(report=report).with_results())
    photos = Photo.objects.filter(report=report).order_by("order", "pk")

    data = {
        "version": SNAPSHOT_VERSION,
        "report": {
            "report": {
                "label": str(report.period.label),
                "projected_impact": report.projected_impact,
                "acknowledgements": report.acknowledgements,
            }
        },
        "group": {
            group.acronym: {
                "label": group.acronym,
                "name": group.name,
                "mission": group.mission,
                "members_count": group.members_count,
                "website": group.website,
                "social_links": list(group.social_links or []),
                "logo": group.logo.name or "",
            }
        },
        "officers": {
            str(o.pk): {
                "label": o.name,
                "name": o.name,
                "role": o.get_role_display(),
                "title": o.title,
                "affiliation": o.affiliation,
                "photo": o.photo.name or "",
                "order": o.order,
            }
            for o in officers
        },
        "targets": {
            str(t.pk): {
                "label": t.code,
                "code": t.code,
                "component": t.get_component_display(),
                "title": t.title,
                "regions": [r.name for r in t.regions.all()],
                "retired": t.retired,
                "status": str(STATUS_LABELS.get(statuses.get(t.pk), "")),
            }
            for t in targets
        },
        "activities": {},
        "results": {},
        "photos": {
            str(p.pk): {
                "label": p.credit or p.image.name,
                "image": p.image.name,
                "caption": p.caption,
                "credit": p.credit,
                "component": p.component,
                "order": p.order,
            }
            for p in photos
        },
    }
    for activity in activities:
        label = _activity_label(activity)
        data["activities"][str(activity.pk)] = {
            "label": label,
            "target": activity.target.code,
            "category": activity.category.name,
            "ksr": activity.ksr.number,
            "ssc_grant_awarded": activity.ssc_grant_awarded,
            "order": activity.order,
        }
        for result in activity.results.all():
            data["results"][str(result.pk)] = {
                "label": f"{label}: {result.indicator.text}",
                "activity": label,
                "indicator": result.indicator.text,
                "value": result.value,
                "description": result.description,
                "order": result.order,
            }
    return data


@dataclass
class FieldChange:
    field: str
    label: str
    before: object
    after: object


@dataclass
class ItemChange:
    kind: str  # "added", "removed" or "changed"
    label: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class PartDiff:
    part: str
    title: str
    section: str | None
    items: list[ItemChange] = field(default_factory=list)


def diff_snapshots(old: dict, new: dict) -> list[PartDiff]:
    """Field-level differences from `old` to `new`, per part, only parts with changes.

    Added and removed items list all their fields (before or after empty)."""
    result = []
    for part, (title, section, labels) in PARTS.items():
        before_items = old.get(part, {})
        after_items = new.get(part, {})
        diff = PartDiff(part=part, title=title, section=section)
        keys = list(before_items) + [key for key in after_items if key not in before_items]
        for key in keys:
            before = before_items.get(key)
            after = after_items.get(key)
            if before == after:
                continue
            if before is None:
                kind, label = "added", after.get("label", key)
            elif after is None:
                kind, label = "removed", before.get("label", key)
            else:
                kind, label = "changed", after.get("label", key)
            changes = []
            for name, field_label in labels.items():
                old_value = None if before is None else before.get(name)
                new_value = None if after is None else after.get(name)
                if old_value != new_value:
                    changes.append(FieldChange(name, field_label, old_value, new_value))
            diff.items.append(ItemChange(kind=kind, label=label, changes=changes))
        if diff.items:
            result.append(diff)
    return result


def previous_submission_snapshot(report: Report) -> dict | None:
    """The snapshot to compare the report's content with.

    While the report is submitted (or approved), the content is that of the latest submission,
    so the comparison is with the submission before it; while it is a draft or returned, with
    the latest submission. None when there is nothing to compare with."""
    submitted = list(
        report.events.filter(new_status=Report.Status.SUBMITTED, snapshot__isnull=False)
        .order_by("-at", "-pk")
        .values_list("snapshot", flat=True)[:2]
    )
    index = 0 if report.is_editable else 1
    return submitted[index] if len(submitted) > index else None


def changes_since_previous_submission(report: Report) -> list[PartDiff] | None:
    """What changed from the previous submission to the report's content now.

    None when there is no previous submission to compare with."""
    old = previous_submission_snapshot(report)
    if old is None:
        return None
    return diff_snapshots(old, snapshot_report(report))
