"""Imports run one way: pillars ◀ assessment ◀ reports; scoring is pure."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.dbless

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules(app: str) -> list[Path]:
    return [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


@pytest.mark.parametrize(
    ("app", "forbidden"),
    [("pillars", ("assessment", "reports")), ("assessment", ("reports",))],
)
def test_imports_run_one_way(app, forbidden):
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _modules(app)
        for module in _imports(path)
        if module.split(".")[0] in forbidden
    ]
    assert wrong == []


def test_scoring_is_pure():
    imported = _imports(ROOT / "reports" / "scoring.py")
    assert not [m for m in imported if m.startswith(("django", "assessment", "reports"))]
    assert imported - {"__future__"} <= {
        "math",
        "statistics",
        "collections.abc",
        "dataclasses",
        "pillars.constants",
    }


def test_kpi_formulas_are_pure():
    imported = _imports(ROOT / "reports" / "kpi.py")
    assert imported - {"__future__"} <= {"math", "collections.abc", "dataclasses"}
