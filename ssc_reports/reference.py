"""The reference data of the Strategic Plan, from data/reference-data.yaml.

Loaded by a migration (with the historical app registry) so a fresh database has it, and
safe to load again: existing rows are updated, nothing is deleted. KSR titles and texts that
staff have filled in are kept when the file has none.
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
    """Create or update quadrennium, regions, KSRs, categories and indicators."""
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
        if item.get("title"):
            ksr.title = item["title"]
        if item.get("text"):
            ksr.text = item["text"]
        ksr.save()
    categories = {}
    for component, items in data["activity_categories"].items():
        for item in items or []:
            category, _ = category_model.objects.get_or_create(
                component=component.lower(), name=item["name"]
            )
            categories[(component.lower(), item["name"])] = category
    for item in data["indicators"]:
        component = item["component"].lower()
        indicator_model.objects.update_or_create(
            text=item["text"],
            defaults={
                "ksr": ksr_model.objects.get(quadrennium=quadrennium, number=item["ksr"]),
                "category": categories[(component, item["activity_category"])],
                "kind": item["result_type"],
                "standard": True,
                "needs_review": False,
            },
        )
