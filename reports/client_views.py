"""The client list and a client's page: they show overall scores, so they live beside scoring.

Writes (create, edit, delete, new assessments) are in `assessment/clients_views.py`; both share
the "clients" URL namespace.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from assessment.access import client_for_request, workspace_for_request
from assessment.forms import ClientAssessmentForm
from assessment.models import Assessment, Organisation
from assessment.selectors import client_assessments
from assessment.values import has_forbidden_characters

from .selectors import ClientPage, client_page, client_rows
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
            "compare_fields": _compare_fields(page),
            "form": ClientAssessmentForm(),
        },
    )


def _compare_fields(page: ClientPage) -> list[tuple[str, str, int]]:
    """The compare form's two choices, preset to the two newest completed assessments."""
    completed = [row.assessment.pk for row in page.rows if row.assessment.is_completed]
    if len(completed) < 2:
        return []
    return [("first", _("Earlier"), completed[1]), ("second", _("Later"), completed[0])]


@never_cache
@require_safe
@login_required
def compare_pick(request: HttpRequest, client_id: int) -> HttpResponse:
    """The client page's "compare" form: two of its completed assessments, side by side."""
    client = client_for_request(request, client_id)
    completed = {a.pk for a in client_assessments(client) if a.is_completed}
    picked = [request.GET.get(name, "") for name in ("first", "second")]
    ids = [int(value) for value in picked if value.isascii() and value.isdigit()]
    if len(ids) != 2 or ids[0] == ids[1] or not set(ids) <= completed:
        messages.error(request, _("Choose two different completed assessments to compare."))
        return redirect("clients:detail", client_id=client.pk)
    return redirect("reports:compare", first_id=min(ids), second_id=max(ids))
