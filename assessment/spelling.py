"""Swiss Standard German writes "ss" where German in Germany and Austria writes "ß".

Everything a reader of a Swiss organisation's assessment sees in German — pages, exports, the PDF
and Word reports — is spelled the Swiss way. The texts are written once, with "ß"; the spelling is
changed on the way out: the access door that finds the assessment marks the request, and
`SwissSpellingMiddleware` rewrites the response.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.utils import translation

if TYPE_CHECKING:
    from .models import Assessment

SWISS_COUNTRY = "CH"
TEXT_TYPES = ("text/html", "text/csv", "application/json", "text/calendar")


def swiss(text: str) -> str:
    return text.replace("ß", "ss").replace("ẞ", "SS")


def reads_swiss(assessment: Assessment, language: str | None = None) -> bool:
    """Whether this assessment's German texts are shown in Swiss spelling."""
    language = (language or translation.get_language() or "")[:2]
    return assessment.organisation.country == SWISS_COUNTRY and language == "de"


def mark_request(request: HttpRequest, assessment: Assessment) -> None:
    """Called by the access doors: the response for this assessment is rewritten if Swiss."""
    if assessment.organisation.country == SWISS_COUNTRY:
        request.swiss_spelling = True  # type: ignore[attr-defined]


class SwissSpellingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            getattr(request, "swiss_spelling", False)
            and (translation.get_language() or "")[:2] == "de"
            and not response.streaming
            and response.get("Content-Type", "").startswith(TEXT_TYPES)
            and "ß".encode() in response.content
        ):
            response.content = response.content.replace("ß".encode(), b"ss").replace(
                "ẞ".encode(), b"SS"
            )
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
