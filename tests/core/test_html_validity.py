"""Every page is valid HTML for the Nu HTML checker (vnu.jar, the npm package `vnu-jar` of
package.json, run with Java): every page the permission matrix lets an officer or staff GET,
with the matrix's world and with the SMSG demo report, and every form after an empty POST.
No stray end tags, duplicate attributes or duplicate ids."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests import test_permissions as permission_matrix
from tests.audit_pages import FORM_POSTS, NOT_HTML, full_world, html_pages
from tests.test_permissions import _url

world = permission_matrix.world  # the matrix's fixture: one object of every kind

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _checker() -> list[str]:
    java = shutil.which("java")
    if not java or not VNU.exists():
        message = "the Nu HTML checker needs java and node_modules/vnu-jar (make install)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json"]


def nu_errors(command: list[str], files: list[Path]) -> list[str]:
    checked = subprocess.run(
        [*command, *map(str, files)], capture_output=True, text=True, timeout=600, check=False
    )
    messages = json.loads(checked.stderr or '{"messages": []}')["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]


def test_checker_finds_what_it_is_meant_to_find(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<input id="a" disabled disabled><p id="a">x</p></span></body></html>'
    )

    errors = nu_errors(_checker(), [page])

    assert [error.split(": ", 1)[1] for error in errors] == [
        "Duplicate attribute “disabled”.",
        "Duplicate ID “a”.",
        "Stray end tag “span”.",
    ]


def test_every_page_is_valid_html(client, world, tmp_path):
    command = _checker()
    worlds = {"empty": world, "full": full_world(world)}
    files = []
    for role in ("officer", "staff"):
        client.force_login(world["users"][role])
        for world_name, one_world in worlds.items():
            for name in html_pages(role):
                response = client.get(_url(name, one_world))
                assert response.status_code == 200, name
                files.append(tmp_path / f"{role}-{world_name}-{name.replace(':', '_')}.html")
                files[-1].write_bytes(response.content)
            for name in FORM_POSTS[role]:
                response = client.post(_url(name, one_world))
                files.append(tmp_path / f"{role}-{world_name}-{name.replace(':', '_')}-post.html")
                files[-1].write_bytes(response.content)

    errors = nu_errors(command, files)

    assert errors == []
    assert len(files) > 100


def test_not_html_pages_are_not_html(client, world):
    client.force_login(world["users"]["staff"])
    for name in sorted(NOT_HTML):
        response = client.get(_url(name, world))
        if response.status_code == 200:
            content_type = response.headers["Content-Type"]
            assert not content_type.startswith("text/html"), (name, content_type)
