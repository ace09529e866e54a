"""A consultant's clients: create, edit, delete, and start their assessments.

The list and the client's page show scores, so they live in `reports/client_views.py`; both sets
of views share the "clients" URL namespace (`config/urls.py` puts them together).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from pillars.selectors import catalog_current

from .access import client_for_request, workspace_for_request
from .consultants import (
    NothingToReassess,
    assessment_reassess,
    client_assessment_start,
    client_create,
    client_delete,
    client_update,
)
from .forms import ClientAssessmentForm, ClientForm
from .models import Assessment
from .selectors import client_deletion


def _consultant(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # behind login_required
    return user


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def create(request: HttpRequest) -> HttpResponse:
    workspace = workspace_for_request(request)
    form = ClientForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            client = client_create(workspace=workspace, **form.cleaned_data)
            messages.success(request, _("The client %(name)s was added.") % {"name": client.name})
            return redirect("clients:detail", client_id=client.pk)
        return render(request, "clients/form.html", {"form": form}, status=400)
    return render(request, "clients/form.html", {"form": form})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edit(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id)
    form = ClientForm(request.POST if request.method == "POST" else None, instance=client)
    if request.method == "POST":
        if form.is_valid():
            # The form validated a copy of the values; the service writes them.
            client_update(client=client, **form.cleaned_data)
            messages.success(request, _("The client's details were saved."))
            return redirect("clients:detail", client_id=client.pk)
        client.refresh_from_db()  # the form wrote the refused values onto the instance
        return render(request, "clients/form.html", {"form": form, "client": client}, status=400)
    return render(request, "clients/form.html", {"form": form, "client": client})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def delete(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id)
    if request.method == "POST":
        name = client.name
        client_delete(client=client)
        messages.success(
            request, _("The client %(name)s and all its assessments were deleted.") % {"name": name}
        )
        return redirect("clients:list")
    return render(
        request,
        "clients/delete.html",
        {"client": client, "deletion": client_deletion(client)},
    )


def _to_questionnaire(assessment: Assessment) -> HttpResponse:
    """Self: the private-link page to send on; facilitated: straight into the questions;
    a live workshop: the facilitator view."""
    if assessment.mode == Assessment.Mode.DISTRIBUTED:
        return redirect("workshops:facilitator", assessment_id=assessment.pk)
    name = "assessment:link" if assessment.mode == Assessment.Mode.SELF else "assessment:resume"
    # The questionnaire speaks the language chosen for the assessment.
    with translation.override(assessment.language):
        return redirect(reverse(name, kwargs={"token": assessment.token}))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def assessment_new(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id)
    form = ClientAssessmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        catalog = catalog_current()
        if catalog is None:
            messages.error(
                request, _("The checklist is not available right now. Please try later.")
            )
            return redirect("clients:detail", client_id=client.pk)
        if form.is_valid():
            assessment = client_assessment_start(
                client=client,
                catalog=catalog,
                language=form.cleaned_data["language"],
                mode=form.cleaned_data["mode"],
                created_by=_consultant(request),
                naming=form.cleaned_data["naming"],
                pacing=form.cleaned_data["pacing"],
            )
            return _to_questionnaire(assessment)
        status = 400
    else:
        status = 200
    # "Assess again" is offered beside "start" once the client has a completed assessment.
    completed = client.assessments.filter(status=Assessment.Status.COMPLETED).exists()
    return render(
        request,
        "clients/assessment_new.html",
        {"client": client, "form": form, "page": {"has_completed": completed}},
        status=status,
    )


@never_cache
@require_POST
@login_required
def reassess(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id)
    form = ClientAssessmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose the kind and the language of the assessment."))
        return redirect("clients:detail", client_id=client.pk)
    try:
        assessment = assessment_reassess(
            client=client,
            created_by=_consultant(request),
            mode=form.cleaned_data["mode"],
            language=form.cleaned_data["language"],
            naming=form.cleaned_data["naming"],
            pacing=form.cleaned_data["pacing"],
        )
    except NothingToReassess:
        messages.error(
            request,
            _("There is no completed assessment of this client yet to compare a new one with."),
        )
        return redirect("clients:detail", client_id=client.pk)
    except ValueError:
        messages.error(request, _("The checklist is not available right now. Please try later."))
        return redirect("clients:detail", client_id=client.pk)
    return _to_questionnaire(assessment)
