from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def operator(request: HttpRequest) -> dict[str, object]:
    """Whether the installation names its operator (the footer links to the imprint then)."""
    return {"operator_named": bool(settings.OPERATOR_NAME)}
