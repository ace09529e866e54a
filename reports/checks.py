"""System checks: what the PDF and DOCX reports need from the server, named as Debian packages.

``manage.py check`` reports them. A missing Chromium is a warning (reports.W001): migrate,
load_catalog and the web pages work without it. It is an error only where a PDF is made: the
download answers a 503 page that names the package, and ``manage.py report --format pdf`` fails
with the install command.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Sequence
from typing import Any

from django.core.checks import CheckMessage, Error, Warning, register

from . import chart_images
from .chart_images import CHROMIUM_PACKAGE

# The shared libraries weasyprint opens when it is imported, and the Debian package of each
# (libgobject comes with Pango). libharfbuzz-subset is optional for weasyprint.
WEASYPRINT_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libgobject-2.0.so.0", "libpango-1.0-0"),
    ("libpango-1.0.so.0", "libpango-1.0-0"),
    ("libpangoft2-1.0.so.0", "libpangoft2-1.0-0"),
    ("libharfbuzz.so.0", "libharfbuzz0b"),
    ("libfontconfig.so.1", "libfontconfig1"),
)


def missing_weasyprint_packages() -> list[str]:
    """Debian packages of weasyprint's libraries that cannot be loaded (Linux only).

    Opening the libraries takes milliseconds; importing weasyprint would add half a second to
    every management command.
    """
    if not sys.platform.startswith("linux"):
        return []
    missing: list[str] = []
    for library, package in WEASYPRINT_LIBRARIES:
        try:
            ctypes.CDLL(library)
        except OSError:
            if package not in missing:
                missing.append(package)
    return missing


def missing_report_packages() -> list[str]:
    """Every Debian package the reports need and this server lacks (for the error page)."""
    missing = [] if chart_images.chromium_available() else [CHROMIUM_PACKAGE]
    return missing + missing_weasyprint_packages()


def install_command(packages: Sequence[str]) -> str:
    return "apt-get install " + " ".join(packages)


@register()
def chromium_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """reports.W001: kaleido draws the reports' radar chart with Debian's Chromium."""
    if chart_images.chromium_available():
        return []
    return [
        Warning(
            "Chromium is needed to draw the radar chart in PDF and DOCX reports; it is not "
            f"found at {chart_images.chromium_path()}.",
            hint=(
                f"Install it: {install_command([CHROMIUM_PACKAGE])} (or point the CHROMIUM_PATH "
                "setting or the BROWSER_PATH environment variable at a Chromium executable)."
            ),
            id="reports.W001",
        )
    ]


@register()
def weasyprint_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """reports.E002: weasyprint, which lays out the PDF report, needs Pango and HarfBuzz."""
    missing = missing_weasyprint_packages()
    if not missing:
        return []
    return [
        Error(
            "weasyprint cannot load its libraries (Pango, HarfBuzz, fontconfig), so the PDF "
            "report cannot be produced.",
            hint=f"Install them: {install_command(missing)}",
            id="reports.E002",
        )
    ]
