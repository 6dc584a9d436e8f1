"""The reference data of the Strategic Plan, from data/reference-data.yaml.

Loaded by migrations (with the historical app registry) so a fresh database has it, and
safe to load again: missing rows are created, nothing is deleted. What staff curate at
/staff/indicators/ wins over the file: a KSR title or text is written only when empty, a
category or indicator that exists keeps its wording, definition and status. Entries marked
`provisional` in the file are our wording, not SSC's. Fields a historical model does not have
yet (an earlier migration loading the file) are skipped.
"""

import datetime
from pathlib import Path

import yaml

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "reference-data.yaml"
PLAN_QUADRENNIUM = "2021-2025"


def read_reference() -> dict:
    with REFERENCE_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def region_code(name: str) -> str:
    return name.strip().lower().replace(" ", "_")


def load_reference_data(apps) -> None:
    """Create or update quadrennium, regions, KSRs, categories and indicators. The file's
    categories and indicators are the reference data of its quadrennium (`plan_period`); a
    quadrennium opened later owns a copy (ssc_reports.planning.services.open_quadrennium)."""
    data = read_reference()
    quadrennium_model = apps.get_model("targets", "Quadrennium")
    region_model = apps.get_model("targets", "Region")
    ksr_model = apps.get_model("targets", "KSR")
    category_model = apps.get_model("activities", "ActivityCategory")
    indicator_model = apps.get_model("activities", "Indicator")

    first, last = (int(year) for year in data["plan_period"].split("-"))
    quadrennium, _ = quadrennium_model.objects.get_or_create(
        label=data["plan_period"],
        defaults={
            "start": datetime.date(first, 1, 1),
            "end": datetime.date(last, 12, 31),
        },
    )
    for order, region in enumerate(data["regions"], start=1):
        region_model.objects.update_or_create(
            code=region_code(region["name"]), defaults={"name": region["name"], "order": order}
        )
    for item in data["ksrs"]:
        ksr, created = ksr_model.objects.get_or_create(
            quadrennium=quadrennium,
            number=item["number"],
            defaults={"component": item["component"].lower()},
        )
        ksr.component = item["component"].lower()
        if item.get("title") and not ksr.title:
            ksr.title = item["title"]
        ours = item.get("title_provisional") or item.get("title_inferred")
        if ours and ksr.title == item.get("title"):
            _set(ksr, title_provisional=True)
        if item.get("text") and not ksr.text:
            ksr.text = item["text"]
        ksr.save()
    categories = {}
    for component, items in data["activity_categories"].items():
        for item in items or []:
            scope = (
                {"quadrennium": quadrennium} if _has_field(category_model, "quadrennium") else {}
            )
            category, _ = category_model.objects.get_or_create(
                component=component.lower(), name=item["name"], **scope
            )
            if _fill(category, item):
                category.save()
            categories[(component.lower(), item["name"])] = category
    for item in data["indicators"]:
        component = item["component"].lower()
        category = categories[(component, item["activity_category"])]
        indicator = indicator_model.objects.filter(
            category=category, text=item["text"], standard=True
        ).first() or indicator_model(
            text=item["text"],
            ksr=ksr_model.objects.get(quadrennium=quadrennium, number=item["ksr"]),
            category=category,
            kind=item["result_type"],
            standard=True,
            needs_review=False,
        )
        if _fill(indicator, item) or indicator.pk is None:
            indicator.save()
    qualitative = data.get("qualitative_indicator")
    if qualitative and _has_field(indicator_model, "provisional"):
        # Only once the text is unique per category rather than in the whole table.
        for category in categories.values():
            indicator = indicator_model.objects.filter(
                category=category, text=qualitative["text"], standard=True
            ).first() or indicator_model(
                category=category,
                text=qualitative["text"],
                kind=qualitative["result_type"],
                standard=True,
                needs_review=False,
            )
            if _fill(indicator, qualitative) or indicator.pk is None:
                indicator.save()


def _fill(obj, item: dict) -> bool:
    """Fill in the provisional mark and the definition of the file where the row has none
    (never overwriting what staff wrote); return whether anything changed."""
    values = {}
    if item.get("provisional") and not getattr(obj, "provisional", True):
        values["provisional"] = True
    if item.get("definition") and not getattr(obj, "definition", "x"):
        values["definition"] = item["definition"]
    return _set(obj, **values)


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def _set(obj, **values) -> bool:
    """Set the values whose fields the (possibly historical) model has; return whether any."""
    done = False
    for name, value in values.items():
        if _has_field(type(obj), name):
            setattr(obj, name, value)
            done = True
    return done
