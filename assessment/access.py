"""The only doors to an assessment: views and commands get one here or not at all."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from . import ratelimit
from .models import Assessment
from .selectors import assessment_for_token


def assessment_for_request(request: HttpRequest, token: str) -> Assessment:
    """An assessment by its private link, or 404 for everyone else.

    An address that has tried too many wrong links gets 429 for every link, right ones
    included, until its window ends: a guesser learns nothing from the answers.
    """
    address = ratelimit.client_address(request)
    ratelimit.refuse_if_exhausted(ratelimit.token_miss_limit(), address)
    assessment = assessment_for_token(token)
    if assessment is None:
        ratelimit.hit(ratelimit.token_miss_limit(), address)
        raise Http404("No assessment behind this link.")
    return assessment


def assessment_for_reference(reference: str) -> Assessment | None:
    """An assessment by its private-link token or numeric id, for the command line."""
    assessment = assessment_for_token(reference)
    if assessment is None and reference.isascii() and reference.isdigit():
        assessment = (
            Assessment.objects.select_related("organisation", "catalog")
            .filter(pk=int(reference))
            .first()
        )
    return assessment
