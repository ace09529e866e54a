"""Swiss Standard German writes "ss" where German in Germany and Austria writes "ß"; Austrian
German has its own words for a few things (the commercial register is the "Firmenbuch").

Everything a reader of a Swiss or Austrian organisation's assessment sees in German — pages,
exports, the PDF and Word reports — is written the regional way. The texts are written once, for
Germany; they are changed on the way out: the access door that finds the assessment marks the
request, and `SwissSpellingMiddleware` rewrites the response (`regional` for the reports).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.utils import translation

if TYPE_CHECKING:
    from .models import Assessment

SWISS_COUNTRY = "CH"
AUSTRIAN_COUNTRY = "AT"
# German (Germany) term → the Austrian one. Substrings, so inflections and compounds follow
# ("Handelsregisters" → "Firmenbuchs", "Handelsregistereintrag" → "Firmenbucheintrag"); both
# words are neuter. Switzerland keeps "Handelsregister".
AUSTRIAN_TERMS: tuple[tuple[str, str], ...] = (("Handelsregister", "Firmenbuch"),)
TEXT_TYPES = ("text/html", "text/csv", "application/json", "text/calendar")


def swiss(text: str) -> str:
    return text.replace("ß", "ss").replace("ẞ", "SS")


def austrian(text: str) -> str:
    for german, austrian_term in AUSTRIAN_TERMS:
        text = text.replace(german, austrian_term)
    return text


def regional(text: str, country: str) -> str:
    """German text as readers in ``country`` write it (unchanged outside CH and AT)."""
    if country == SWISS_COUNTRY:
        return swiss(text)
    if country == AUSTRIAN_COUNTRY:
        return austrian(text)
    return text


def _regional_bytes(content: bytes, country: str) -> bytes:
    if country == SWISS_COUNTRY:
        return content.replace("ß".encode(), b"ss").replace("ẞ".encode(), b"SS")
    for german, austrian_term in AUSTRIAN_TERMS:
        content = content.replace(german.encode(), austrian_term.encode())
    return content


def reads_regional(assessment: Assessment, language: str | None = None) -> bool:
    """Whether this assessment's German texts are rewritten for Switzerland or Austria."""
    language = (language or translation.get_language() or "")[:2]
    country = assessment.organisation.country
    return country in (SWISS_COUNTRY, AUSTRIAN_COUNTRY) and language == "de"


def reads_swiss(assessment: Assessment, language: str | None = None) -> bool:
    """Whether this assessment's German texts are shown in Swiss spelling."""
    language = (language or translation.get_language() or "")[:2]
    return assessment.organisation.country == SWISS_COUNTRY and language == "de"


def mark_request(request: HttpRequest, assessment: Assessment) -> None:
    """Called by the access doors: the response for this assessment is rewritten if Swiss or
    Austrian."""
    country = assessment.organisation.country
    if country == SWISS_COUNTRY:
        request.swiss_spelling = True  # type: ignore[attr-defined]
    if country in (SWISS_COUNTRY, AUSTRIAN_COUNTRY):
        request.regional_country = country  # type: ignore[attr-defined]


class SwissSpellingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        country = getattr(request, "regional_country", "")
        if (
            country
            and (translation.get_language() or "")[:2] == "de"
            and not response.streaming
            and response.get("Content-Type", "").startswith(TEXT_TYPES)
        ):
            content = _regional_bytes(response.content, country)
            if content == response.content:
                return response
            response.content = content
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
