"""The verdict of `make audit` from pip-audit's JSON (bench/dependency_audit.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.dbless

_spec = importlib.util.spec_from_file_location(
    "dependency_audit", Path(__file__).resolve().parents[1] / "bench" / "dependency_audit.py"
)
assert _spec and _spec.loader
dependency_audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dependency_audit)

CLEAN = {"name": "django", "version": "6.1.3", "vulns": []}
SKIPPED = {"name": "lxml", "version": "6.1.3", "skip_reason": "Dependency not found on PyPI"}
VULNERABLE = {
    "name": "jinja2",
    "version": "3.1.2",
    "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"]}],
}


def test_a_known_vulnerability_fails_and_names_the_fix():
    code, lines = dependency_audit.summarise({"dependencies": [CLEAN, VULNERABLE, SKIPPED]})
    assert code == 1
    assert "VULNERABLE jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)" in lines


def test_no_data_at_all_is_reported_as_not_audited_not_as_clean():
    code, lines = dependency_audit.summarise({"dependencies": [SKIPPED, SKIPPED]})
    assert code == 0
    assert lines[-1].startswith("NOT AUDITED")
    assert not any("no known vulnerabilities" in line for line in lines)


def test_a_partial_audit_names_what_was_not_checked():
    code, lines = dependency_audit.summarise({"dependencies": [CLEAN, SKIPPED]})
    assert code == 0
    assert "Not audited (no data): lxml 6.1.3" in lines
    assert lines[-1] == "1 packages audited: no known vulnerabilities."
