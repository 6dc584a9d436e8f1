import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import trans_real

LANGUAGES = ("fr", "es")


def po_file(language: str) -> Path:
    return Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """The .mo files `make install` compiles, made here too when missing or older than their
    .po (the suite can be run without make), written atomically (pytest-xdist workers)."""
    msgfmt = shutil.which("msgfmt")
    for language in LANGUAGES:
        po = po_file(language)
        mo = po.with_suffix(".mo")
        if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        assert msgfmt, "msgfmt is missing: apt-get install gettext"
        temporary = mo.with_name(f".{mo.name}.{os.getpid()}")
        subprocess.run([msgfmt, "--check", "-o", str(temporary), str(po)], check=True)
        os.replace(temporary, mo)
    # Catalogues loaded before the .mo existed would stay empty.
    trans_real._translations = {}
    trans_real._default = None
    yield
