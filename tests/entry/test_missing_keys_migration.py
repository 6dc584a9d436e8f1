"""Migration 0015: the English sentences stored in Report.missing become keys and parameters,
and back."""

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from ssc_reports.entry.completeness import MISSING_TEXTS, MissingItem
from ssc_reports.entry.progress import refresh_report_progress, stale_report_progress
from ssc_reports.models import Report
from tests import factories

migration = importlib.import_module("ssc_reports.migrations.0015_report_missing_keys")

OLD_SENTENCES = [
    "The mission statement is empty.",
    "No officer is listed.",
    "The projected impact is empty.",
    "No target for the quadrennium.",
    "T-002 has no status for 2024-2025.",
    "T-003: the status from last year is not confirmed for 2024-2025.",
    "No activity is recorded.",
    "T-001 / Green Status Assessment has no result.",
]
KEYED = [
    {"key": "mission_empty", "params": {}},
    {"key": "no_officer", "params": {}},
    {"key": "impact_empty", "params": {}},
    {"key": "no_target", "params": {}},
    {"key": "status_missing", "params": {"code": "T-002", "period": "2024-2025"}},
    {"key": "status_unconfirmed", "params": {"code": "T-003", "period": "2024-2025"}},
    {"key": "no_activity", "params": {}},
    {"key": "no_result", "params": {"activity": "T-001 / Green Status Assessment"}},
]


@pytest.fixture
def old_rows(db):
    period = factories.make_period(label="2024-2025")
    every = factories.make_report(group=factories.make_group(acronym="ALL"), period=period)
    odd = factories.make_report(group=factories.make_group(acronym="ODD"), period=period)
    none = factories.make_report(group=factories.make_group(acronym="NON"), period=period)
    Report.objects.filter(pk=every.pk).update(missing=OLD_SENTENCES)
    Report.objects.filter(pk=odd.pk).update(missing=["Something no checklist ever wrote", KEYED[1]])
    Report.objects.filter(pk=none.pk).update(missing=[])
    return every, odd, none


def test_the_migration_stores_keys_for_the_old_sentences(old_rows):
    every, odd, none = old_rows

    migration.sentences_to_keys(apps, None)

    every.refresh_from_db()
    odd.refresh_from_db()
    none.refresh_from_db()
    assert every.missing == KEYED
    assert odd.missing == [
        {"key": "text", "params": {"text": "Something no checklist ever wrote"}},
        KEYED[1],
    ]
    assert none.missing == []
    with translation.override("fr"):
        assert [str(MissingItem.of(i["key"], **i["params"])) for i in every.missing] == [
            "La déclaration de mission est vide.",
            "Aucun·e responsable n’est indiqué·e.",
            "L’impact prévu est vide.",
            "Aucun objectif pour le quadriennat.",
            "T-002 n’a pas de statut pour 2024-2025.",
            "T-003 : le statut de l’an dernier n’est pas confirmé pour 2024-2025.",
            "Aucune activité n’est enregistrée.",
            "T-001 / Green Status Assessment n’a aucun résultat.",
        ]

    migration.sentences_to_keys(apps, None)  # run again: nothing changes
    every.refresh_from_db()
    assert every.missing == KEYED


def test_the_migration_backwards_writes_the_english_sentences(old_rows):
    every, odd, _none = old_rows
    migration.sentences_to_keys(apps, None)

    migration.keys_to_sentences(apps, None)

    every.refresh_from_db()
    odd.refresh_from_db()
    assert every.missing == OLD_SENTENCES
    assert odd.missing == ["Something no checklist ever wrote", "No officer is listed."]


def test_the_migration_knows_every_key_the_checklist_writes():
    """What today's checklist writes in English maps back to its own key and parameters, so
    the migration's copy of the sentences cannot drift from the catalogue's msgids."""
    params = {"code": "T-9", "period": "2030-2031", "activity": "T-9 / Red List"}
    assert set(migration.ENGLISH) == set(MISSING_TEXTS)
    for key, text in MISSING_TEXTS.items():
        names = {name for name in params if f"%({name})s" in str(text)}
        item = MissingItem.of(key, **{name: params[name] for name in names})
        with translation.override("en"):
            sentence = str(item)
        assert migration.ENGLISH[key] == str(text)
        assert migration.item_of_sentence(sentence) == item.stored()
        assert migration.sentence_of_item(item.stored()) == sentence


def test_rows_converted_by_the_migration_equal_a_fresh_computation(db):
    period = factories.make_period(label="2024-2025")
    report = factories.make_report(group=factories.make_group(acronym="TSG"), period=period)
    refresh_report_progress(everything=True)
    report.refresh_from_db()
    fresh = report.missing
    with translation.override("en"):
        sentences = [migration.sentence_of_item(item) for item in fresh]
    Report.objects.filter(pk=report.pk).update(missing=sentences)
    assert sentences[0] == "The mission statement is empty."

    migration.sentences_to_keys(apps, None)

    assert stale_report_progress() == {}
