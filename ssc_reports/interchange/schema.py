"""The `ssc-report/1` document itself: its format name, the JSON reading (UTF-8, no NaN), the
JSON schema (data/report.schema.json) and its errors in the users' words, each with the JSON
path of the offending value. InterchangeError carries every (json_path, message) pair."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from ssc_reports.interchange.json_keys import DuplicateKeysError, loads_unique_keys

FORMAT = "ssc-report/1"
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "data" / "report.schema.json"
DOCUMENT_NAME = "report.json"
JSON_MAX_BYTES = 20 * 1024 * 1024

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


def json_path(parts) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def parse_json(data: bytes, name: str):
    def refuse_constant(value):
        raise ValueError(f"{value} is not allowed in JSON")

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InterchangeError([(name, f"is not UTF-8 text ({exc.reason})")]) from exc
    try:
        return loads_unique_keys(text, parse_constant=refuse_constant)
    except DuplicateKeysError as exc:
        raise InterchangeError(
            [(path, "is given more than once in the same object") for path in exc.paths]
        ) from exc
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            [(name, f"is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")]
        ) from exc
    except ValueError as exc:
        raise InterchangeError([(name, f"is not valid JSON: {exc}")]) from exc
    except RecursionError as exc:
        raise InterchangeError([(name, "is nested too deeply")]) from exc


_validator = None


def schema_validator():
    global _validator
    if _validator is None:
        schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
        _validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
    return _validator


def schema_error(error) -> tuple[str, str]:
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


def document_order(error) -> tuple:
    """Sort key putting schema errors in the order of the document."""
    parts = list(error.absolute_path)
    first = TOP_LEVEL_ORDER.index(parts[0]) if parts and parts[0] in TOP_LEVEL_ORDER else -1
    return (first, [f"{p:08d}" if isinstance(p, int) else str(p) for p in parts[1:]])
