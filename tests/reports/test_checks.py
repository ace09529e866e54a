"""Checks of the reports' needs: Chromium (reports.W001), weasyprint's libraries (E002)."""

from __future__ import annotations

import ctypes
import sys

import pytest
from django.core.checks import WARNING, run_checks

from reports import chart_images, checks


@pytest.fixture
def chromium_at(monkeypatch):
    """Point the chart renderer at a path of the test's choosing."""

    def point(path) -> None:
        monkeypatch.setattr(chart_images, "chromium_path", lambda: str(path))

    return point


def test_missing_chromium_is_a_warning_naming_the_package(chromium_at, tmp_path):
    missing = tmp_path / "chromium"
    chromium_at(missing)

    errors = checks.chromium_check()

    assert [error.id for error in errors] == ["reports.W001"]
    assert errors[0].level == WARNING, "migrate and runserver must still run"
    assert "Chromium is needed to draw the radar chart in PDF and DOCX reports" in errors[0].msg
    assert str(missing) in errors[0].msg
    assert "apt-get install chromium" in errors[0].hint


def test_a_file_that_is_not_executable_does_not_count(chromium_at, tmp_path):
    path = tmp_path / "chromium"
    path.write_text("not a browser")
    path.chmod(0o644)
    chromium_at(path)

    assert [error.id for error in checks.chromium_check()] == ["reports.W001"]


def test_no_error_when_chromium_exists(chromium_at, tmp_path):
    path = tmp_path / "chromium"
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    chromium_at(path)

    assert checks.chromium_check() == []
    assert checks.missing_report_packages() == []


def test_the_check_is_registered(chromium_at, tmp_path):
    chromium_at(tmp_path / "chromium")

    # No database: the model checks would ask one (JSONField support) and this test has none.
    assert "reports.W001" in [message.id for message in run_checks(databases=[])]


def test_weasyprint_libraries_load_here():
    assert checks.weasyprint_check() == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux library names")
def test_missing_pango_names_its_package_once(monkeypatch):
    real_cdll = ctypes.CDLL

    def cdll(name: str, *args, **kwargs):
        if "gobject" in name or "libpango-" in name:
            raise OSError(f"{name}: cannot open shared object file")
        return real_cdll(name, *args, **kwargs)

    monkeypatch.setattr(checks.ctypes, "CDLL", cdll)

    errors = checks.weasyprint_check()

    assert [error.id for error in errors] == ["reports.E002"]
    assert errors[0].hint == "Install them: apt-get install libpango-1.0-0"
