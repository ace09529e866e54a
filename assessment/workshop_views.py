"""The consultant's side of a live workshop: facilitator view, projector page and the controls.

Every view gets its workshop through `access.workshop_for_request` (404 outside the consultant's
workspace). Opening a workshop is a kind of client assessment (clients_views.assessment_new).
"""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from .access import workshop_for_request
from .models import Workshop
from .workshop_selectors import facilitator_board, live_fingerprint
from .workshops import (
    workshop_close,
    workshop_hide,
    workshop_move,
    workshop_reopen,
    workshop_reveal,
)


def _absolute(request: HttpRequest, workshop: Workshop, name: str, **kwargs: str) -> str:
    """A participant page's address for the projector, in the workshop's language."""
    with translation.override(workshop.assessment.language):
        return request.build_absolute_uri(reverse(name, kwargs=kwargs or None))


def _join_url(request: HttpRequest, workshop: Workshop) -> str:
    """The address in the QR code: the join page with the code filled in."""
    return _absolute(request, workshop, "participate:join_code", code=workshop.join_code)


def _short_join_url(request: HttpRequest, workshop: Workshop) -> str:
    """The address to type by hand: the join page without the code."""
    return _absolute(request, workshop, "participate:join")


def _etag(fingerprint: str, part: str) -> str:
    return f'"{part}-{fingerprint}"'


@never_cache
@require_safe
@login_required
def facilitator(request: HttpRequest, assessment_id: int) -> HttpResponse:
    workshop = workshop_for_request(request, assessment_id)
    board = facilitator_board(workshop)
    context = {
        "workshop": workshop,
        "assessment": workshop.assessment,
        "client": workshop.assessment.organisation,
        "board": board,
        "join_url": _join_url(request, workshop),
        "etag": _etag(board.fingerprint, "board"),
    }
    return render(request, "workshops/facilitator.html", context)


LIVE_PARTS = {
    "board": "workshops/facilitator.html#board",
    "count": "workshops/projector.html#count",
}


@never_cache
@require_safe
@login_required
def live(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The facilitator board (or the projector's count) as a fragment; 304 when unchanged.

    The page sends the ETag of what it shows as If-None-Match: an unchanged workshop costs the
    access check and one aggregate query.
    """
    workshop = workshop_for_request(request, assessment_id)
    part = request.GET.get("part", "board")
    if part not in LIVE_PARTS:
        part = "board"
    fingerprint = live_fingerprint(workshop)
    etag = _etag(fingerprint, part)
    if etag in {tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")}:
        response: HttpResponse = HttpResponseNotModified()
    else:
        board = facilitator_board(workshop, fingerprint=fingerprint)
        response = render(request, LIVE_PARTS[part], {"workshop": workshop, "board": board})
    response["ETag"] = etag
    return response


@never_cache
@require_safe
@login_required
def projector(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """What the room sees: the join code, the address and a QR code (SVG made here)."""
    workshop = workshop_for_request(request, assessment_id)
    join_url = _join_url(request, workshop)
    qr = segno.make(join_url, error="m")
    board = facilitator_board(workshop)
    context = {
        "workshop": workshop,
        "client": workshop.assessment.organisation,
        "board": board,
        "join_url": join_url,
        "short_join_url": _short_join_url(request, workshop),
        "qr_svg": qr.svg_inline(scale=1, border=2, omitsize=True, title=join_url),
        "etag": _etag(board.fingerprint, "count"),
    }
    return render(request, "workshops/projector.html", context)


def _back(workshop: Workshop) -> HttpResponse:
    return redirect("workshops:facilitator", assessment_id=workshop.assessment_id)


@never_cache
@require_POST
@login_required
def move(request: HttpRequest, assessment_id: int) -> HttpResponse:
    workshop = workshop_for_request(request, assessment_id)
    try:
        workshop_move(workshop=workshop, pillar_key=request.POST.get("pillar", ""))
    except ValueError:
        messages.error(request, _("This pillar is not part of the workshop."))
    return _back(workshop)


@never_cache
@require_POST
@login_required
def reveal(request: HttpRequest, assessment_id: int) -> HttpResponse:
    workshop = workshop_for_request(request, assessment_id)
    pillar_key = request.POST.get("pillar") or None
    try:
        workshop_reveal(workshop=workshop, pillar_key=pillar_key)
    except ValueError:
        messages.error(request, _("This pillar is not part of the workshop."))
        return _back(workshop)
    if pillar_key is None:
        messages.success(request, _("The team results are revealed: the phones show them now."))
    return _back(workshop)


@never_cache
@require_POST
@login_required
def hide(request: HttpRequest, assessment_id: int) -> HttpResponse:
    workshop = workshop_for_request(request, assessment_id)
    workshop_hide(workshop=workshop)
    messages.info(request, _("The team results are hidden from the participants again."))
    return _back(workshop)


@never_cache
@require_POST
@login_required
def close(request: HttpRequest, assessment_id: int) -> HttpResponse:
    workshop = workshop_for_request(request, assessment_id)
    workshop_close(workshop=workshop)
    messages.success(
        request,
        _("The workshop is closed: the join code no longer works and answers are no longer taken."),
    )
    return _back(workshop)


@never_cache
@require_POST
@login_required
def reopen(request: HttpRequest, assessment_id: int) -> HttpResponse:
    workshop = workshop_for_request(request, assessment_id)
    workshop_reopen(workshop=workshop)
    messages.info(request, _("The workshop is open again, with the same join code."))
    return _back(workshop)
