from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Registers the system checks (Chromium for the chart, weasyprint's libraries).
        from . import checks  # noqa: F401
