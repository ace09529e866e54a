"""The client list and a client's page: they show overall scores, so they live beside scoring.

Writes (create, edit, delete, new assessments) are in `assessment/clients_views.py`; both share
the "clients" URL namespace.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from assessment.access import client_for_request, workspace_for_request
from assessment.forms import ClientAssessmentForm
from assessment.models import Assessment, Organisation
from assessment.values import has_forbidden_characters

from .selectors import client_page, client_rows
from .sparkline import sparkline

MAX_SEARCH_LENGTH = Organisation._meta.get_field("name").max_length


@never_cache
@require_safe
@login_required
def client_list(request: HttpRequest) -> HttpResponse:
    workspace = workspace_for_request(request)
    search = request.GET.get("q", "").strip()[:MAX_SEARCH_LENGTH]
    if has_forbidden_characters(search):
        search = "".join(char for char in search if char.isprintable())
    rows = client_rows(workspace, search)
    return render(
        request,
        "clients/list.html",
        {"workspace": workspace, "rows": rows, "search": search},
    )


def _private_link(request: HttpRequest, assessment: Assessment) -> str:
    """The link to send: it opens the questionnaire in the assessment's language."""
    with translation.override(assessment.language):
        return request.build_absolute_uri(assessment.get_absolute_url())


@never_cache
@require_safe
@login_required
def client_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id)
    page = client_page(client)
    links = {row.assessment.pk: _private_link(request, row.assessment) for row in page.rows}
    trend = sparkline([row.score for row in page.trend if row.score is not None])
    return render(
        request,
        "clients/detail.html",
        {
            "client": client,
            "page": page,
            "rows": [(row, links[row.assessment.pk]) for row in page.rows],
            "trend": trend,
            "form": ClientAssessmentForm(),
        },
    )
