"""scripts/check_imports.py: no import cycle among the project's modules, imports inside
functions included, and at most 16 modules directly in ssc_reports/."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check_imports.py"


@pytest.fixture(scope="module")
def check_imports():
    spec = importlib.util.spec_from_file_location("check_imports", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def run(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(root)], capture_output=True, text=True, check=False
    )


def test_check_imports_project_has_no_cycle():
    result = run(ROOT)

    assert result.returncode == 0, result.stdout
    assert "no cycle" in result.stdout


def test_check_imports_finds_cycle_hidden_inside_a_function(tmp_path):
    write(
        tmp_path,
        {
            "ssc_reports/__init__.py": "",
            "ssc_reports/permissions.py": (
                "def can_edit(report):\n"
                "    from ssc_reports.review import lock_state\n"
                "    return lock_state(report)\n"
            ),
            "ssc_reports/review.py": "from ssc_reports.permissions import can_edit\n",
        },
    )

    result = run(tmp_path)

    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "import cycle: ssc_reports.permissions -> ssc_reports.review -> ssc_reports.permissions"
    )


def test_check_imports_follows_relative_and_package_imports(tmp_path, check_imports):
    write(
        tmp_path,
        {
            "ssc_reports/__init__.py": "",
            "ssc_reports/review/__init__.py": "from . import workflow\n",
            "ssc_reports/review/workflow.py": "from ..pdf import render\n",
            "ssc_reports/pdf/__init__.py": "",
            "ssc_reports/pdf/render.py": "import ssc_reports.review.workflow\n",
            "groups/__init__.py": "",
            "groups/models.py": "from ssc_reports import pdf\n",
        },
    )

    graph = check_imports.import_graph(tmp_path)

    assert graph["ssc_reports.review.workflow"] == {
        "ssc_reports",
        "ssc_reports.pdf",
        "ssc_reports.pdf.render",
    }
    assert graph["groups.models"] == {"ssc_reports", "ssc_reports.pdf"}
    assert check_imports.find_cycles(graph) == [
        ["ssc_reports.pdf.render", "ssc_reports.review", "ssc_reports.review.workflow"]
    ]


def test_check_imports_refuses_more_than_16_top_modules(tmp_path):
    write(tmp_path, {f"ssc_reports/m{n:02d}.py": "" for n in range(17)})

    result = run(tmp_path)

    assert result.returncode == 1
    assert result.stdout.startswith("ssc_reports/ holds 17 modules directly (at most 16): m00.py")


def test_check_imports_accepts_a_tree_without_cycle(tmp_path):
    write(
        tmp_path,
        {
            "ssc_reports/__init__.py": "",
            "ssc_reports/models.py": "from targets.models import Target\n",
            "ssc_reports/review/__init__.py": "",
            "ssc_reports/review/lock.py": (
                "from ssc_reports.models import Report\n"
                "def f():\n"
                "    from ssc_reports.permissions import is_staff\n"
            ),
            "ssc_reports/permissions.py": "from ssc_reports.models import Report\n",
            "targets/__init__.py": "",
            "targets/models.py": "import json\n",
        },
    )

    result = run(tmp_path)

    assert result.returncode == 0
    assert result.stdout == "imports: 7 modules, no cycle; ssc_reports/ holds 3 modules\n"
