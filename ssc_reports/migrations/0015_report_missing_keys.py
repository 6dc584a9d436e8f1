"""Report.missing holds keys and parameters instead of English sentences.

What a report lacks used to be stored as the checklist's English sentences ("T-002 has no
status for 2024-2025."); it is now stored as `{"key": ..., "params": {...}}`
(ssc_reports.entry.completeness.MissingItem) and written in the viewer's language when shown.
The stored sentences are mapped to their keys here, by the shapes the checklist wrote them in,
without recomputing anything from today's code (a migration runs with the tables of its time).
A sentence of no known shape keeps its text, shown as it is (key "text") until the report's
next write refreshes its progress. Backwards, the keys are written as the English sentences."""

import re

from django.db import migrations

# The sentences the checklist wrote (in English: the progress was refreshed under English).
FIXED = {
    "The mission statement is empty.": "mission_empty",
    "No officer is listed.": "no_officer",
    "The projected impact is empty.": "impact_empty",
    "No target for the quadrennium.": "no_target",
    "No activity is recorded.": "no_activity",
}
PATTERNS = [
    (
        "status_unconfirmed",
        re.compile(
            r"(?P<code>.+): the status from last year is not confirmed for (?P<period>.+)\.", re.S
        ),
    ),
    ("status_missing", re.compile(r"(?P<code>.+) has no status for (?P<period>.+)\.", re.S)),
    ("no_result", re.compile(r"(?P<activity>.+) has no result\.", re.S)),
]
ENGLISH = {
    "mission_empty": "The mission statement is empty.",
    "no_officer": "No officer is listed.",
    "impact_empty": "The projected impact is empty.",
    "no_target": "No target for the quadrennium.",
    "no_activity": "No activity is recorded.",
    "status_missing": "%(code)s has no status for %(period)s.",
    "status_unconfirmed": "%(code)s: the status from last year is not confirmed for %(period)s.",
    "no_result": "%(activity)s has no result.",
}


def item_of_sentence(sentence) -> dict:
    """One stored sentence as {"key", "params"}; an item already keyed is kept."""
    if isinstance(sentence, dict):
        return sentence
    sentence = str(sentence)
    if sentence in FIXED:
        return {"key": FIXED[sentence], "params": {}}
    for key, pattern in PATTERNS:
        match = pattern.fullmatch(sentence)
        if match:
            return {"key": key, "params": match.groupdict()}
    return {"key": "text", "params": {"text": sentence}}


def sentence_of_item(item) -> str:
    if not isinstance(item, dict):
        return str(item)
    key, params = item.get("key"), item.get("params") or {}
    if key in ENGLISH:
        try:
            return ENGLISH[key] % params if params else ENGLISH[key]
        except (KeyError, TypeError, ValueError):
            pass
    return str(params.get("text", key))


def _convert(apps, convert_item):
    Report = apps.get_model("ssc_reports", "Report")
    changed = []
    for report in Report.objects.only("pk", "missing").order_by("pk").iterator(chunk_size=500):
        missing = [convert_item(item) for item in report.missing or []]
        if missing != report.missing:
            report.missing = missing
            changed.append(report)
    Report.objects.bulk_update(changed, ["missing"], batch_size=500)


def sentences_to_keys(apps, schema_editor):
    _convert(apps, item_of_sentence)


def keys_to_sentences(apps, schema_editor):
    _convert(apps, sentence_of_item)


class Migration(migrations.Migration):
    dependencies = [("ssc_reports", "0014_report_pdf_language")]

    operations = [
        migrations.RunPython(sentences_to_keys, keys_to_sentences),
    ]
