"""Checking an `ssc-report/1` document before anything is written: the schema, then the rules
the schema cannot say (references, lengths, numbers, the group's and period's identity), then
every image. `check_document` returns the Plan the importer writes from."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator

from activities.models import ActivityCategory
from groups.models import Group, Officer
from ssc_reports.images import check_image_bytes, reencode_image_bytes
from ssc_reports.interchange.schema import (
    DOCUMENT_NAME,
    FORMAT,
    InterchangeError,
    document_order,
    json_path,
    parse_json,
    schema_error,
    schema_validator,
)
from ssc_reports.interchange.sources import Source, open_source
from ssc_reports.models import Photo, Report, ReportingPeriod
from ssc_reports.richtext import rich_text_problem
from targets.models import KSR, Quadrennium

INTEGER_MAX = 2_147_483_647  # PositiveIntegerField on PostgreSQL
# Result.value_number is DecimalField(max_digits=15, decimal_places=3).
VALUE_MAX_ABS = Decimal(10) ** 12
VALUE_PLACES = 3

# Text lengths the database holds but the schema does not say (JSON path regex -> limit).
MAX_LENGTHS = [
    (re.compile(r"^group\.officers\[\d+\]\.(name|title)$"), 200),
    (re.compile(r"^group\.officers\[\d+\]\.affiliation$"), 300),
    (re.compile(r"^group\.website$"), 200),
    (re.compile(r"^photos\[\d+\]\.credit$"), 200),
    (re.compile(r"^activities\[\d+\]\.results\[\d+\]\.indicator$"), 400),
    (re.compile(r"^activities\[\d+\]\.category$"), 100),
]
# The rich-text fields, checked against what renders in bounded time (richtext.py).
RICH_TEXT = re.compile(
    r"^(group\.mission|projected_impact|acknowledgements"
    r"|activities\[\d+\]\.results\[\d+\]\.description|photos\[\d+\]\.caption)$"
)


@dataclass
class Image:
    path: str  # JSON path
    data: bytes  # as stored: re-encoded without metadata
    ext: str
    source_digest: str = ""  # of the bytes as imported: names the stored file
    stored_name: str = ""  # a file of the group already stored with exactly these bytes

    @property
    def digest(self) -> str:
        return self.source_digest or hashlib.sha256(self.data).hexdigest()[:20]

    def storage_name(self, folder: str) -> str:
        return self.stored_name or f"{folder}/{self.digest}.{self.ext}"


@dataclass
class Plan:
    """Everything the writer needs, resolved while checking."""

    doc: dict
    quadrennium: Quadrennium | None = None
    period: ReportingPeriod | None = None
    group: Group | None = None
    report: Report | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    ksrs: dict[int, KSR] = field(default_factory=dict)
    categories: dict[tuple[str, str], ActivityCategory] = field(default_factory=dict)
    images: dict[str, Image] = field(default_factory=dict)


def check_semantics(doc: dict, plan: Plan) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []

    def walk(value, parts):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, [*parts, key])
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, [*parts, index])
        elif isinstance(value, str):
            path = json_path(parts)
            for pattern, limit in MAX_LENGTHS:
                if pattern.match(path) and len(value) > limit:
                    errors.append((path, f"must have at most {limit} characters"))
            if "\x00" in value:
                errors.append((path, "must not contain NUL characters"))
            if RICH_TEXT.match(path) and (problem := rich_text_problem(value)):
                errors.append((path, problem))

    walk(doc, [])

    group_doc = doc["group"]
    url_validator = URLValidator()
    urls = [("group.website", group_doc.get("website"))]
    urls += [
        (f"group.social_links[{i}]", u) for i, u in enumerate(group_doc.get("social_links", []))
    ]
    for path, url in urls:
        if url is None:
            continue
        try:
            url_validator(url)
        except ValidationError:
            errors.append((path, "must be a web address like https://..."))
    if (group_doc.get("members_count") or 0) > INTEGER_MAX:
        errors.append(("group.members_count", f"must be at most {INTEGER_MAX}"))
    for index, officer in enumerate(group_doc.get("officers", [])):
        if officer["role"] == "other" and not officer.get("title", "").strip():
            errors.append((f"group.officers[{index}].title", 'is required when role is "other"'))

    # Quadrennium and period.
    first, last = (int(year) for year in doc["quadrennium"].split("-"))
    if first > last:
        errors.append(("quadrennium", "the first year cannot be after the second"))
    plan.quadrennium = Quadrennium.objects.filter(label=doc["quadrennium"]).first()
    period_doc = doc["period"]
    try:
        plan.start = datetime.date.fromisoformat(period_doc["start"])
    except ValueError:
        errors.append(("period.start", "must be a date like 2024-01-31"))
    try:
        plan.end = datetime.date.fromisoformat(period_doc["end"])
    except ValueError:
        errors.append(("period.end", "must be a date like 2024-01-31"))
    if plan.start and plan.end and plan.start > plan.end:
        errors.append(
            ("period.start", f"{plan.start} is after period.end {plan.end}; the start comes first")
        )
    plan.period = (
        ReportingPeriod.objects.select_related("quadrennium")
        .filter(label=period_doc["label"])
        .first()
    )
    if plan.period:
        if plan.period.quadrennium.label != doc["quadrennium"]:
            errors.append(
                (
                    "quadrennium",
                    f"period {plan.period.label} belongs to quadrennium "
                    f"{plan.period.quadrennium.label}",
                )
            )
        for key, stored, given in (
            ("start", plan.period.start, plan.start),
            ("end", plan.period.end, plan.end),
        ):
            if given and stored != given:
                errors.append(
                    (
                        f"period.{key}",
                        f"period {plan.period.label} exists and its {key} is {stored}, not {given}",
                    )
                )

    # Group and report.
    plan.group = Group.objects.filter(acronym=group_doc["acronym"]).first()
    if plan.group and plan.period:
        plan.report = Report.objects.filter(group=plan.group, period=plan.period).first()
        if plan.report and plan.report.status == Report.Status.APPROVED:
            errors.append(
                (
                    "period.label",
                    f"the {plan.group.acronym} report for {plan.period.label} is approved; "
                    "an import cannot change an approved report",
                )
            )

    # Targets.
    components = {}
    seen: dict[str, int] = {}
    for index, target in enumerate(doc["targets"]):
        code = target["code"]
        if code in seen:
            errors.append(
                (f"targets[{index}].code", f"{code} is also the code of targets[{seen[code]}]")
            )
        else:
            seen[code] = index
            components[code] = target["component"]
        regions = target.get("regions", [])
        if len(set(regions)) != len(regions):
            errors.append((f"targets[{index}].regions", "names a region twice"))

    # Activities.
    if plan.quadrennium:
        plan.ksrs = {ksr.number: ksr for ksr in KSR.objects.filter(quadrennium=plan.quadrennium)}
    for category in ActivityCategory.objects.of_quadrennium(plan.quadrennium):
        plan.categories[(category.component, category.name)] = category
    for index, activity in enumerate(doc.get("activities", [])):
        here = f"activities[{index}]"
        component = components.get(activity["target"])
        if component is None:
            known = ", ".join(sorted(components)) or "none"
            errors.append(
                (
                    f"{here}.target",
                    f"{activity['target']} is not a target of this document (targets: {known})",
                )
            )
        elif (component, activity["category"]) not in plan.categories:
            allowed = sorted(name for comp, name in plan.categories if comp == component)
            errors.append(
                (
                    f"{here}.category",
                    f"{activity['category']!r} is not an activity category of component "
                    f"{component} (allowed: {', '.join(allowed) or 'none yet'})",
                )
            )
        if activity["ksr"] not in plan.ksrs:
            numbers = sorted(plan.ksrs)
            allowed = f"{numbers[0]} to {numbers[-1]}" if numbers else "none"
            errors.append(
                (
                    f"{here}.ksr",
                    f"there is no KSR {activity['ksr']} in quadrennium {doc['quadrennium']} "
                    f"(KSRs: {allowed})",
                )
            )
        for rindex, result in enumerate(activity["results"]):
            path = f"{here}.results[{rindex}].value"
            value = result["value"]
            if isinstance(value, str):
                if not value.strip():
                    errors.append((path, "must not be an empty text"))
            else:
                try:
                    number = Decimal(str(value))
                except InvalidOperation:
                    errors.append((path, "must be a number or a text"))
                    continue
                if abs(number) >= VALUE_MAX_ABS:
                    errors.append((path, f"must be less than {VALUE_MAX_ABS:,} in size"))
                elif number != round(number, VALUE_PLACES):
                    errors.append((path, f"must have at most {VALUE_PLACES} decimal places"))
    return errors


def check_images(doc: dict, source: Source, plan: Plan) -> list[tuple[str, str]]:
    errors = []
    wanted = []
    if doc["group"].get("logo"):
        wanted.append(("group.logo", doc["group"]["logo"]))
    for index, officer in enumerate(doc["group"].get("officers", [])):
        if officer.get("photo"):
            wanted.append((f"group.officers[{index}].photo", officer["photo"]))
    for index, photo in enumerate(doc.get("photos", [])):
        wanted.append((f"photos[{index}].file", photo["file"]))
    for path, relative in wanted:
        data, problem = source.image(relative)
        if problem:
            errors.append((path, problem))
            continue
        try:
            plan.images[path] = _clean_image(path, data, plan.group)
        except ValidationError as exc:
            errors.append((path, f"file {relative} {exc.messages[0]}"))
    return errors


def _clean_image(path: str, data: bytes, group: Group | None) -> Image:
    """An imported image as it is stored: re-encoded without metadata (reencode_image_bytes)
    under a name from the imported bytes, unless the bytes are exactly one of the group's
    stored files (our own re-encoded output, e.g. an export imported again), which is then
    used as it is. Raises ValidationError."""
    ext = check_image_bytes(data)
    # group.logo -> logos, group.officers[i].photo -> officers, photos[i].file -> photos
    folder = "logos" if path == "group.logo" else path.split(".")[-2].split("[")[0]
    stored = _stored_copy(group, folder, data)
    if stored:
        return Image(path=path, data=data, ext=ext, stored_name=stored)
    clean, ext = reencode_image_bytes(data)
    digest = hashlib.sha256(data).hexdigest()[:20]
    return Image(path=path, data=clean, ext=ext, source_digest=digest)


def _stored_copy(group: Group | None, folder: str, data: bytes) -> str | None:
    """The name of a file under `folder` that `group` uses and that holds exactly `data`."""
    if group is None:
        return None
    names = {group.logo.name}
    names |= set(Officer.objects.filter(group=group).values_list("photo", flat=True))
    names |= set(Photo.objects.filter(report__group=group).values_list("image", flat=True))
    for name in sorted(name for name in names if name and name.startswith(f"{folder}/")):
        try:
            if default_storage.size(name) != len(data):
                continue
            with default_storage.open(name, "rb") as handle:
                if handle.read() == data:
                    return name
        except OSError:
            continue
    return None


def check_document(source) -> tuple[Plan, Source]:
    src = open_source(source)
    doc = parse_json(src.document_bytes(), getattr(src, "name", DOCUMENT_NAME))
    if isinstance(doc, dict) and doc.get("format") != FORMAT:
        found = json.dumps(doc.get("format")) if "format" in doc else "missing"
        raise InterchangeError([("format", f'must be "{FORMAT}" (found {found})')])
    schema_errors = [
        schema_error(error)
        for error in sorted(schema_validator().iter_errors(doc), key=document_order)
    ]
    if schema_errors:
        raise InterchangeError(list(dict.fromkeys(schema_errors)))
    plan = Plan(doc=doc)
    errors = check_semantics(doc, plan)
    errors += check_images(doc, src, plan)
    if errors:
        raise InterchangeError(errors)
    return plan, src
