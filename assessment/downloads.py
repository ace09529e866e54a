"""Downloads: file names, and cells that a spreadsheet shows as text, never runs as formulas."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify

if TYPE_CHECKING:
    from .models import Assessment


# A spreadsheet reads a cell that starts with one of these as a formula (or, for tab and carriage
# return, as the start of one after its own trimming): OWASP's CSV injection list.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading quote in front of a formula trigger.

    Applied to every cell of text we export, user input or not; our own numeric cells (levels,
    targets) never start with a sign, so they stay numbers.
    """
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def export_filename(assessment: Assessment, extension: str, what: str = "") -> str:
    """``kundenkompass-<organisation>[-<what>]-<date>.<extension>``."""
    organisation = slugify(assessment.organisation.name)[:60].strip("-") or "organisation"
    date = timezone.localdate(assessment.completed_at or timezone.now()).isoformat()
    parts = ["kundenkompass", organisation, what, date]
    return "-".join(part for part in parts if part) + f".{extension}"


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A download the browser saves as `filename` rather than shows."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
