"""Import and export of `ssc-report/1` documents (see ../shared/report-format/README.md).

`import_report(source)` reads a `.json` file (images beside it) or a `.zip` (report.json at
its root), checks everything first (JSON schema, then the rules the schema cannot say, then
every image), and only then writes, in one transaction. Any problem raises InterchangeError
listing every offending JSON path; the database and the media folder are left unchanged.

Importing is idempotent: rows are updated in place (matched by key or by position), a row is
saved only when one of its fields changes, and images are stored under names derived from
their content, so importing the same document twice leaves the same state as importing it once.

`export_report(report, path)` writes the same format, `.json` (images beside it) or `.zip`.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import jsonschema
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction

from activities.models import Activity, ActivityCategory, Indicator, Result
from groups.models import Group, Officer
from ssc_reports.images import check_image_bytes
from ssc_reports.models import Photo, Report, ReportingPeriod
from ssc_reports.ordering import sort_activities, sort_photos, sort_targets
from ssc_reports.richtext import rich_text_problem
from targets.models import KSR, Quadrennium, Region, Target, TargetStatus

FORMAT = "ssc-report/1"
SCHEMA_FILE = Path(__file__).resolve().parent / "data" / "report.schema.json"
DOCUMENT_NAME = "report.json"
JSON_MAX_BYTES = 20 * 1024 * 1024
ZIP_MAX_ENTRIES = 10_000
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

TYPE_NAMES = {
    "string": "a text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "null",
    "array": "a list",
    "object": "an object",
}


class InterchangeError(Exception):
    """The document cannot be imported. `.errors` lists (json_path, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = list(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(f"{path}: {message}" if path else message for path, message in self.errors)


class _DryRunRollback(Exception):
    pass


# ---------------------------------------------------------------------------------------
# Reading the source: a .json file with images beside it, or a .zip archive.


class _Source:
    """Gives the document and the bytes of the images it names."""

    name = DOCUMENT_NAME

    def document_bytes(self) -> bytes:
        raise NotImplementedError

    def image(self, relative: str) -> tuple[bytes | None, str | None]:
        """Return (data, None) or (None, message)."""
        raise NotImplementedError


def _clean_relative(relative: str) -> str | None:
    """The normalised relative path, or None when it is absolute or leaves the folder."""
    if not relative or relative.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", relative):
        return None
    if "\\" in relative:
        return None
    normal = posixpath.normpath(relative)
    if normal == ".." or normal.startswith("../"):
        return None
    return normal


def _too_big_message(size: int) -> str:
    return (
        f"is {size / 1_000_000:.1f} MB; images may be at most "
        f"{settings.IMAGE_MAX_BYTES // 1_000_000} MB"
    )


class _FolderSource(_Source):
    def __init__(self, path: Path):
        self.path = path
        self.folder = path.parent.resolve()
        self.name = path.name

    def document_bytes(self) -> bytes:
        try:
            size = self.path.stat().st_size
        except OSError as exc:
            raise InterchangeError([(self.name, f"cannot be read ({exc.strerror})")]) from exc
        if size > JSON_MAX_BYTES:
            raise InterchangeError(
                [(self.name, f"is {size} bytes; a document may be at most {JSON_MAX_BYTES}")]
            )
        return self.path.read_bytes()

    def image(self, relative):
        normal = _clean_relative(relative)
        if normal is None:
            return None, f"{relative!r} must be a relative path inside the document's folder"
        target = (self.folder / normal).resolve()
        if not target.is_relative_to(self.folder):
            return None, f"{relative!r} must be a relative path inside the document's folder"
        if not target.is_file():
            return None, f"file {relative} not found next to {self.name}"
        size = target.stat().st_size
        if size > settings.IMAGE_MAX_BYTES:
            return None, f"file {relative} {_too_big_message(size)}"
        return target.read_bytes(), None


class _ZipSource(_Source):
    def __init__(self, path: Path):
        self.path = path
        self.members: dict[str, zipfile.ZipInfo] = {}
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise InterchangeError([(path.name, f"is not a readable zip archive ({exc})")]) from exc
        errors = []
        total = 0
        entries = self.archive.infolist()
        if len(entries) > ZIP_MAX_ENTRIES:
            self.archive.close()
            raise InterchangeError(
                [(path.name, f"has {len(entries)} entries; at most {ZIP_MAX_ENTRIES} are read")]
            )
        for info in entries:
            normal = _clean_relative(info.filename.rstrip("/") if info.is_dir() else info.filename)
            if normal is None:
                errors.append(
                    (info.filename, "zip entry escapes the archive (absolute path or '..')")
                )
                continue
            total += info.file_size
            if not info.is_dir():
                self.members[normal] = info
        if total > settings.ZIP_MAX_EXPANDED_BYTES:
            errors.append(
                (
                    path.name,
                    f"expands to {total} bytes, more than the limit of "
                    f"{settings.ZIP_MAX_EXPANDED_BYTES} bytes",
                )
            )
        if errors:
            self.archive.close()
            raise InterchangeError(errors)

    def _read(self, info: zipfile.ZipInfo, cap: int) -> bytes:
        with self.archive.open(info) as handle:
            data = handle.read(cap + 1)
        if len(data) > cap or len(data) > info.file_size:
            raise ValueError("entry is larger than the archive says")
        return data

    def document_bytes(self) -> bytes:
        info = self.members.get(DOCUMENT_NAME)
        if info is None:
            nested = sorted(n for n in self.members if n.endswith("/" + DOCUMENT_NAME))
            hint = (
                f" (found {nested[0]}: zip the folder's contents, not the folder)" if nested else ""
            )
            raise InterchangeError([(DOCUMENT_NAME, f"not found at the root of the archive{hint}")])
        if info.file_size > JSON_MAX_BYTES:
            raise InterchangeError(
                [(DOCUMENT_NAME, f"is {info.file_size} bytes; at most {JSON_MAX_BYTES}")]
            )
        try:
            return self._read(info, JSON_MAX_BYTES)
        except (ValueError, zipfile.BadZipFile, OSError, EOFError) as exc:
            raise InterchangeError([(DOCUMENT_NAME, f"cannot be read ({exc})")]) from exc

    def image(self, relative):
        normal = _clean_relative(relative)
        if normal is None:
            return None, f"{relative!r} must be a relative path inside the archive"
        info = self.members.get(normal)
        if info is None:
            return None, f"file {relative} not found in the archive"
        if info.file_size > settings.IMAGE_MAX_BYTES:
            return None, f"file {relative} {_too_big_message(info.file_size)}"
        try:
            return self._read(info, settings.IMAGE_MAX_BYTES), None
        except (ValueError, zipfile.BadZipFile, OSError, EOFError) as exc:
            return None, f"file {relative} cannot be read from the archive ({exc})"

    def close(self):
        self.archive.close()


def _open_source(source) -> _Source:
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return _ZipSource(path)
    if suffix == ".json":
        return _FolderSource(path)
    raise InterchangeError([(path.name, "must be a .json file or a .zip archive")])


# ---------------------------------------------------------------------------------------
# Checking the document.


def json_path(parts) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _parse_json(data: bytes, name: str):
    def refuse_constant(value):
        raise ValueError(f"{value} is not allowed in JSON")

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InterchangeError([(name, f"is not UTF-8 text ({exc.reason})")]) from exc
    try:
        return json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            [(name, f"is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")]
        ) from exc
    except ValueError as exc:
        raise InterchangeError([(name, f"is not valid JSON: {exc}")]) from exc
    except RecursionError as exc:
        raise InterchangeError([(name, "is nested too deeply")]) from exc


_validator = None


def _schema_validator():
    global _validator
    if _validator is None:
        schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
        _validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
    return _validator


def _schema_error(error) -> tuple[str, str]:
    parts = list(error.absolute_path)
    keyword = error.validator
    value = error.validator_value
    if keyword == "required":
        missing = [name for name in value if name not in error.instance]
        return json_path([*parts, missing[0]]), "is required"
    if keyword == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(name for name in error.instance if name not in allowed)
        return json_path([*parts, extra[0]]), (
            "is not a property of this object (allowed: " + ", ".join(sorted(allowed)) + ")"
        )
    path = json_path(parts) or "(document)"
    if keyword == "type":
        kinds = value if isinstance(value, list) else [value]
        return path, "must be " + " or ".join(TYPE_NAMES.get(k, k) for k in kinds)
    if keyword == "const":
        return path, f"must be {json.dumps(value)}"
    if keyword == "enum":
        return path, "must be one of " + ", ".join(str(v) for v in value)
    if keyword == "minLength":
        return path, "must not be empty" if value == 1 else f"must have at least {value} characters"
    if keyword == "maxLength":
        return path, f"must have at most {value} characters"
    if keyword == "pattern":
        examples = {
            "^T-[0-9]{3}$": "a target code like T-001",
            "^[0-9]{4}-[0-9]{4}$": "two years like 2021-2025",
            "^[0-9]{4}(-[0-9]{4})?$": "a year or two years like 2024-2025",
        }
        return path, "must be " + examples.get(value, f"text matching {value}")
    if keyword == "format":
        names = {"date": "a date like 2024-01-31", "uri": "a web address like https://..."}
        return path, "must be " + names.get(value, f"in {value} format")
    if keyword == "minimum":
        return path, f"must be at least {value}"
    if keyword == "minItems":
        return path, f"must have at least {value} item" + ("s" if value != 1 else "")
    return path, error.message


TOP_LEVEL_ORDER = [
    "format", "group", "quadrennium", "period", "projected_impact",
    "targets", "activities", "photos", "acknowledgements",
]  # fmt: skip


def _document_order(error) -> tuple:
    """Sort key putting schema errors in the order of the document."""
    parts = list(error.absolute_path)
    first = TOP_LEVEL_ORDER.index(parts[0]) if parts and parts[0] in TOP_LEVEL_ORDER else -1
    return (first, [f"{p:08d}" if isinstance(p, int) else str(p) for p in parts[1:]])


@dataclass
class _Image:
    path: str  # JSON path
    data: bytes
    ext: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()[:20]

    def storage_name(self, folder: str) -> str:
        return f"{folder}/{self.digest}.{self.ext}"


@dataclass
class _Plan:
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
    images: dict[str, _Image] = field(default_factory=dict)


def _check_semantics(doc: dict, plan: _Plan) -> list[tuple[str, str]]:
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
    for category in ActivityCategory.objects.all():
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


def _check_images(doc: dict, source: _Source, plan: _Plan) -> list[tuple[str, str]]:
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
            ext = check_image_bytes(data)
        except ValidationError as exc:
            errors.append((path, f"file {relative} {exc.messages[0]}"))
            continue
        plan.images[path] = _Image(path=path, data=data, ext=ext)
    return errors


# ---------------------------------------------------------------------------------------
# Writing.


def _assign(obj, values: dict) -> bool:
    """Set the fields that differ; return whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _save_if(obj, values: dict, *, bump_version: bool = False) -> bool:
    if obj.pk is None:
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()
        return True
    if _assign(obj, values):
        if bump_version:
            obj.version += 1
        obj.save()
        return True
    return False


def _image_name(plan: _Plan, path: str, folder: str) -> str:
    image = plan.images.get(path)
    return image.storage_name(folder) if image else ""


def _write(plan: _Plan) -> Report:
    doc = plan.doc
    group_doc = doc["group"]

    quadrennium = plan.quadrennium
    if quadrennium is None:
        first, last = (int(year) for year in doc["quadrennium"].split("-"))
        quadrennium = Quadrennium.objects.create(
            label=doc["quadrennium"],
            start=datetime.date(first, 1, 1),
            end=datetime.date(last, 12, 31),
        )
    period = plan.period
    if period is None:
        period = ReportingPeriod.objects.create(
            quadrennium=quadrennium, label=doc["period"]["label"], start=plan.start, end=plan.end
        )

    group = Group.objects.select_for_update().filter(acronym=group_doc["acronym"]).first()
    group = group or Group(acronym=group_doc["acronym"])
    _save_if(
        group,
        {
            "name": group_doc["name"],
            "kind": group_doc["kind"],
            "mission": group_doc.get("mission", ""),
            "members_count": group_doc.get("members_count"),
            "website": group_doc.get("website") or "",
            "social_links": list(group_doc.get("social_links", [])),
            "logo": _image_name(plan, "group.logo", "logos"),
        },
        bump_version=True,
    )

    officers = list(group.officers.order_by("order", "pk"))
    for index, officer_doc in enumerate(group_doc.get("officers", [])):
        officer = officers[index] if index < len(officers) else Officer(group=group)
        _save_if(
            officer,
            {
                "name": officer_doc["name"],
                "role": officer_doc["role"],
                "title": officer_doc.get("title", ""),
                "affiliation": officer_doc.get("affiliation", ""),
                "photo": _image_name(plan, f"group.officers[{index}].photo", "officers"),
                "order": index,
            },
        )
    for officer in officers[len(group_doc.get("officers", [])) :]:
        officer.delete()

    report = Report.objects.select_for_update().filter(group=group, period=period).first()
    if report is not None and report.status == Report.Status.APPROVED:
        raise InterchangeError(
            [
                (
                    "period.label",
                    f"the {group.acronym} report for {period.label} is approved; "
                    "an import cannot change an approved report",
                )
            ]
        )
    created = report is None
    if created:
        report = Report.objects.create(
            group=group,
            period=period,
            projected_impact=doc.get("projected_impact", ""),
            acknowledgements=doc.get("acknowledgements", ""),
        )
    changed = _assign(
        report,
        {
            "projected_impact": doc.get("projected_impact", ""),
            "acknowledgements": doc.get("acknowledgements", ""),
        },
    )

    # Targets and their statuses for this report.
    regions = {region.code: region for region in Region.objects.all()}
    existing = {t.code: t for t in Target.objects.filter(group=group, quadrennium=quadrennium)}
    targets = {}
    for target_doc in doc["targets"]:
        target = existing.get(target_doc["code"]) or Target(
            group=group, quadrennium=quadrennium, code=target_doc["code"]
        )
        _save_if(
            target,
            {"component": target_doc["component"], "title": target_doc["title"]},
            bump_version=True,
        )
        wanted = {regions[code].pk for code in target_doc.get("regions", [])}
        if set(target.regions.values_list("pk", flat=True)) != wanted:
            target.regions.set(wanted)
        targets[target.code] = target
    statuses = {s.target_id: s for s in TargetStatus.objects.filter(report=report)}
    for target_doc in doc["targets"]:
        target = targets[target_doc["code"]]
        status = statuses.pop(target.pk, None) or TargetStatus(report=report, target=target)
        changed |= _save_if(status, {"status": target_doc["status"]})
    for status in statuses.values():
        status.delete()
        changed = True

    # Activities and results, matched by position.
    indicators = {indicator.text: indicator for indicator in Indicator.objects.all()}
    activities = list(report.activities.order_by("order", "pk"))
    activity_docs = doc.get("activities", [])
    for index, activity_doc in enumerate(activity_docs):
        target = targets[activity_doc["target"]]
        category = plan.categories[(target.component, activity_doc["category"])]
        ksr = plan.ksrs[activity_doc["ksr"]]
        activity = activities[index] if index < len(activities) else Activity(report=report)
        changed |= _save_if(
            activity,
            {
                "target": target,
                "category": category,
                "ksr": ksr,
                "ssc_grant_awarded": activity_doc.get("ssc_grant_awarded", False),
                "order": index,
            },
            bump_version=True,
        )
        results = list(activity.results.order_by("order", "pk"))
        for rindex, result_doc in enumerate(activity_doc["results"]):
            value = result_doc["value"]
            text = result_doc["indicator"]
            indicator = indicators.get(text)
            if indicator is None:
                indicator = Indicator.objects.create(
                    text=text,
                    ksr=ksr,
                    category=category,
                    kind=(
                        Indicator.Kind.QUALITATIVE
                        if isinstance(value, str)
                        else Indicator.Kind.QUANTITATIVE
                    ),
                    standard=False,
                    needs_review=True,
                )
                indicators[text] = indicator
            result = results[rindex] if rindex < len(results) else Result(activity=activity)
            changed |= _save_if(
                result,
                {
                    "indicator": indicator,
                    "value_number": None if isinstance(value, str) else Decimal(str(value)),
                    "value_text": value if isinstance(value, str) else None,
                    "description": result_doc.get("description", ""),
                    "order": rindex,
                },
            )
        for result in results[len(activity_doc["results"]) :]:
            result.delete()
            changed = True
    for activity in activities[len(activity_docs) :]:
        activity.delete()
        changed = True

    # Photos, matched by position.
    photos = list(report.photos.order_by("order", "pk"))
    photo_docs = doc.get("photos", [])
    for index, photo_doc in enumerate(photo_docs):
        photo = photos[index] if index < len(photos) else Photo(report=report)
        changed |= _save_if(
            photo,
            {
                "image": _image_name(plan, f"photos[{index}].file", "photos"),
                "caption": photo_doc.get("caption", ""),
                "credit": photo_doc.get("credit", ""),
                "component": photo_doc.get("component", ""),
                "order": index,
            },
            bump_version=True,
        )
    for photo in photos[len(photo_docs) :]:
        photo.delete()
        changed = True

    if changed and not created:
        report.version += 1
        report.save()
    return report


def _store_images(plan: _Plan) -> list[str]:
    """Write the images not stored yet; return the names written (to undo on failure)."""
    folders = {"group.logo": "logos"}
    written = []
    for path, image in plan.images.items():
        if path.startswith("group.officers"):
            folder = "officers"
        elif path.startswith("photos"):
            folder = "photos"
        else:
            folder = folders[path]
        name = image.storage_name(folder)
        if default_storage.exists(name):
            continue
        saved = default_storage.save(name, ContentFile(image.data))
        if saved != name:  # pragma: no cover - a race with another import
            default_storage.delete(saved)
            continue
        written.append(name)
    return written


def check_document(source) -> tuple[_Plan, _Source]:
    src = _open_source(source)
    doc = _parse_json(src.document_bytes(), getattr(src, "name", DOCUMENT_NAME))
    if isinstance(doc, dict) and doc.get("format") != FORMAT:
        found = json.dumps(doc.get("format")) if "format" in doc else "missing"
        raise InterchangeError([("format", f'must be "{FORMAT}" (found {found})')])
    schema_errors = [
        _schema_error(error)
        for error in sorted(_schema_validator().iter_errors(doc), key=_document_order)
    ]
    if schema_errors:
        raise InterchangeError(list(dict.fromkeys(schema_errors)))
    plan = _Plan(doc=doc)
    errors = _check_semantics(doc, plan)
    errors += _check_images(doc, src, plan)
    if errors:
        raise InterchangeError(errors)
    return plan, src


def import_report(source, *, dry_run: bool = False) -> Report:
    """Import one `ssc-report/1` document (.json or .zip) and return its Report.

    Side effects: creates or updates the group (officers replaced), quadrennium, period,
    report, targets, statuses, activities, results, photos and non-standard indicators, and
    stores new images under content-hash names. With dry_run, checks and writes inside a
    transaction that is rolled back, and stores no image. Raises InterchangeError.
    """
    plan, src = check_document(source)
    try:
        if dry_run:
            try:
                with transaction.atomic():
                    report = _write(plan)
                    raise _DryRunRollback
            except _DryRunRollback:
                return report
        written = _store_images(plan)
        try:
            with transaction.atomic():
                return _write(plan)
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
    finally:
        if isinstance(src, _ZipSource):
            src.close()


# ---------------------------------------------------------------------------------------
# Export.


def _export_name(field_file) -> str | None:
    return field_file.name if field_file else None


def build_document(report: Report) -> tuple[dict, dict[str, bytes]]:
    """The document for `report` and the image files it names (relative path -> bytes)."""
    return build_documents([report])[report.pk]


def build_documents(reports) -> dict[int, tuple[dict, dict[str, bytes]]]:
    """`build_document` of many reports at once, in a constant number of queries (the
    compilation's planning step keys every approved report with it). Report pk -> result."""
    ids = [report.pk for report in reports]
    loaded = list(Report.objects.filter(pk__in=ids).select_related("group", "period__quadrennium"))
    group_ids = {report.group_id for report in loaded}
    officers: dict[int, list] = {}
    for officer in Officer.objects.filter(group_id__in=group_ids).order_by("order", "pk"):
        officers.setdefault(officer.group_id, []).append(officer)
    statuses: dict[int, dict] = {}
    for report_id, target_id, status in TargetStatus.objects.filter(report_id__in=ids).values_list(
        "report_id", "target_id", "status"
    ):
        statuses.setdefault(report_id, {})[target_id] = status
    targets: dict[tuple[int, int], list] = {}
    for target in Target.objects.filter(
        group_id__in=group_ids,
        quadrennium_id__in={report.period.quadrennium_id for report in loaded},
    ).prefetch_related("regions"):
        targets.setdefault((target.group_id, target.quadrennium_id), []).append(target)
    activities: dict[int, list] = {}
    for activity in (
        Activity.objects.filter(report_id__in=ids)
        .select_related("target", "category", "ksr")
        .prefetch_related("results__indicator")
    ):
        activities.setdefault(activity.report_id, []).append(activity)
    photos: dict[int, list] = {}
    for photo in Photo.objects.filter(report_id__in=ids):
        photos.setdefault(photo.report_id, []).append(photo)
    return {
        report.pk: _document(
            report,
            officers=officers.get(report.group_id, []),
            statuses=statuses.get(report.pk, {}),
            targets=targets.get((report.group_id, report.period.quadrennium_id), []),
            activities=activities.get(report.pk, []),
            photos=photos.get(report.pk, []),
        )
        for report in loaded
    }


def _document(
    report: Report, *, officers, statuses, targets, activities, photos
) -> tuple[dict, dict[str, bytes]]:
    """The document of a report from its loaded rows (no query)."""
    group = report.group
    files: dict[str, bytes] = {}

    def add_file(field_file) -> str | None:
        if not field_file:
            return None
        name = field_file.name
        if name not in files:
            with field_file.storage.open(name, "rb") as handle:
                files[name] = handle.read()
        return name

    officer_docs = []
    for officer in officers:
        item = {"name": officer.name, "role": officer.role}
        if officer.title:
            item["title"] = officer.title
        item["affiliation"] = officer.affiliation
        item["photo"] = add_file(officer.photo)
        officer_docs.append(item)

    # The targets of the quadrennium: all active ones, and retired ones this report uses.
    used = {activity.target_id for activity in activities} | set(statuses)
    target_docs = []
    for target in sort_targets(t for t in targets if t.pk in used or not t.retired):
        target_docs.append(
            {
                "code": target.code,
                "component": target.component,
                "title": target.title,
                "status": statuses.get(target.pk, "not_initiated"),
                "regions": [region.code for region in target.regions.all()],
            }
        )

    activity_docs = []
    for activity in sort_activities(activities):
        activity_docs.append(
            {
                "target": activity.target.code,
                "category": activity.category.name,
                "ksr": activity.ksr.number,
                "ssc_grant_awarded": activity.ssc_grant_awarded,
                "results": [
                    {
                        "indicator": result.indicator.text,
                        "value": result.value,
                        "description": result.description,
                    }
                    for result in activity.results.all()
                ],
            }
        )

    photo_docs = []
    for photo in sort_photos(photos):
        item = {"file": add_file(photo.image), "caption": photo.caption, "credit": photo.credit}
        if photo.component:
            item["component"] = photo.component
        photo_docs.append(item)

    doc = {
        "format": FORMAT,
        "group": {
            "name": group.name,
            "acronym": group.acronym,
            "kind": group.kind,
            "mission": group.mission,
            "members_count": group.members_count,
            "website": group.website or None,
            "social_links": list(group.social_links or []),
            "logo": add_file(group.logo),
            "officers": officer_docs,
        },
        "quadrennium": report.period.quadrennium.label,
        "period": {
            "label": report.period.label,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
        },
        "projected_impact": report.projected_impact,
        "targets": target_docs,
        "activities": activity_docs,
        "photos": photo_docs,
        "acknowledgements": report.acknowledgements,
    }
    return doc, files


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def export_report(report: Report, path) -> Path:
    """Write `report` to `path`: a .json file with its images beside it, or a .zip archive.

    Side effects: creates the file (and for .json, image files under its folder)."""
    path = Path(path)
    doc, files = build_document(report)
    problems = [_schema_error(e) for e in _schema_validator().iter_errors(doc)]
    if problems:  # pragma: no cover - the data in the database breaks the format
        raise InterchangeError(problems)
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    suffix = path.suffix.lower()
    if suffix == ".zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(_zip_info(DOCUMENT_NAME), text.encode("utf-8"))
            for name in sorted(files):
                archive.writestr(_zip_info(name), files[name])
        path.write_bytes(buffer.getvalue())
    elif suffix == ".json":
        path.write_text(text, encoding="utf-8")
        for name, data in files.items():
            target = path.parent / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    else:
        raise InterchangeError([(path.name, "must end in .json or .zip")])
    return path
