"""Every environment variable the code reads is in the README's configuration table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.dbless

ROOT = Path(__file__).resolve().parents[1]
READS = re.compile(
    r"""(?:os\.environ\.get|os\.getenv|env_bool|env_list|env_int)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def read_variables() -> set[str]:
    found = set()
    for app in ("config", "assessment", "pillars", "reports"):
        for path in (ROOT / app).rglob("*.py"):
            if path.parent.name == "migrations" or path.name == "test.py":
                continue
            found |= set(READS.findall(path.read_text()))
    return found


def configuration_section() -> str:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("## Configuration")
    return readme[start : readme.index("\n## ", start + 1)]


def test_the_scan_finds_the_variables_it_should():
    variables = read_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "BEHIND_PROXY", "GUNICORN_TIMEOUT"} <= variables


def test_every_variable_is_documented():
    section = configuration_section()
    missing = sorted(name for name in read_variables() if f"`{name}`" not in section)
    assert missing == []
