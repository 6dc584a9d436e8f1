"""The French and Spanish catalogues are complete, valid and up to date with the code."""

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings

from tests.i18n.conftest import LANGUAGES, po_file
from tests.i18n.po import messages, read_po

SOURCES = ("ssc_reports", "groups", "targets", "activities", "templates", "static")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    entries = messages(po_file(language))
    untranslated = [e.msgid for e in entries if not e.translated]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]

    assert len(entries) > 300
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header_names_the_language_and_its_plural_forms(language):
    header = read_po(po_file(language))[0]
    text = header.msgstr[0]

    assert header.msgid == ""
    assert f"Language: {language}\n" in text
    assert "Plural-Forms: nplurals=2;" in text
    assert "fuzzy" not in header.flags


@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_check_accepts_the_catalogue(language, tmp_path):
    mo = tmp_path / "django.mo"
    result = subprocess.run(
        [shutil.which("msgfmt"), "--check", "-o", str(mo), str(po_file(language))],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_kept_in_every_translation(language):
    placeholder = re.compile(r"%\(\w+\)[sd]|\{[\w.]+\}")
    wrong = []
    for entry in messages(po_file(language)):
        expected = sorted(placeholder.findall(entry.msgid_plural or entry.msgid))
        for text in entry.msgstr.values():
            if sorted(placeholder.findall(text)) != expected and not (
                entry.msgid_plural
                and sorted(placeholder.findall(entry.msgid)) == sorted(placeholder.findall(text))
            ):
                wrong.append((entry.msgid, text))

    assert wrong == []


def test_committed_catalogues_hold_every_message_of_the_code_and_templates(tmp_path):
    """`make messages` run now finds nothing new: a text marked for translation in code or in
    a template without a translation in locale/ fails here."""
    work = tmp_path / "work"
    work.mkdir()
    for name in SOURCES:
        os.symlink(Path(settings.BASE_DIR) / name, work / name)
    (work / "locale").mkdir()
    script = textwrap.dedent(
        f"""
        import django
        from django.conf import settings
        django.setup()
        settings.LOCALE_PATHS = [{str(work / "locale")!r}]
        from django.core.management import call_command
        call_command(
            "makemessages", locale={list(LANGUAGES)!r}, symlinks=True, verbosity=0,
            ignore_patterns=["node_modules", "staticfiles", "media"],
        )
        """
    )
    env = {**os.environ, "PYTHONPATH": str(settings.BASE_DIR)}
    subprocess.run([sys.executable, "-c", script], cwd=work, env=env, check=True)

    for language in LANGUAGES:
        extracted = work / "locale" / language / "LC_MESSAGES" / "django.po"
        fresh = {entry.key for entry in messages(extracted)}
        committed = {entry.key for entry in messages(po_file(language))}
        assert len(fresh) > 300
        assert sorted(fresh - committed, key=str) == [], f"run `make messages` ({language})"
