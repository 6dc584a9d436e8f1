#!/usr/bin/env python3
"""Write static/css/palette.css, the status badges of the web pages, from targets/palette.py.

    .venv/bin/python scripts/write_palette_css.py

Run it after changing a colour of the palette; tests/targets/test_palette.py fails until the
file matches."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssc_reports.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from targets.palette import badge_css  # noqa: E402

(ROOT / "static" / "css" / "palette.css").write_text(badge_css(), encoding="utf-8")
