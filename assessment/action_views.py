"""The action plan behind an assessment's private link: list, filter, add, change, reorder,
delete, carry over from the previous assessment, and export (CSV, XLSX, iCalendar)."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .access import action_for_request, assessment_for_request
from .actions import (
    action_create,
    action_delete,
    action_from_step,
    action_move,
    action_update,
    actions_carry_over,
)
from .downloads import attachment, export_filename, spreadsheet_safe
from .forms import ActionForm
from .ical import CalendarEvent, ical_calendar
from .models import Action
from .selectors import action_plan, question_in_catalog
from .spreadsheets import XLSX_CONTENT_TYPE, actions_workbook


def _plan_url(token: str) -> str:
    return reverse("actions:plan", kwargs={"token": token})


def _filters(request: HttpRequest) -> tuple[str, str]:
    status = request.GET.get("status", "")
    return (status if status in Action.Status.values else ""), request.GET.get("owner", "")[:200]


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def plan(request: HttpRequest, token: str) -> HttpResponse:
    """The plan with its filters, and the form that adds an action at its end."""
    assessment = assessment_for_request(request, token)
    form = ActionForm(initial={"status": Action.Status.OPEN})
    status_code = 200
    if request.method == "POST":
        form = ActionForm(request.POST)
        if form.is_valid():
            action_create(assessment=assessment, **form.cleaned_data)
            messages.success(request, _("The action is added to the plan."))
            return redirect(_plan_url(token))
        status_code = 400
    status, owner = _filters(request)
    context = {
        "assessment": assessment,
        "plan": action_plan(assessment, status=status, owner=owner),
        "form": form,
        "status_filter": status,
        "owner_filter": owner,
        "statuses": Action.Status.choices,
    }
    return render(request, "actions/plan.html", context, status=status_code)


@never_cache
@require_POST
def from_step(request: HttpRequest, token: str) -> HttpResponse:
    """Add a next step to the plan: title and "done when" from its recommendation."""
    assessment = assessment_for_request(request, token)
    question = question_in_catalog(assessment, request.POST.get("question", ""))
    level = request.POST.get("from_level", "")
    if question is None or level not in {"1", "2", "3", "4"}:
        messages.error(request, _("This next step is not part of your assessment."))
        return redirect(_plan_url(token))
    try:
        action_from_step(assessment=assessment, question=question, from_level=int(level))
    except ValueError:
        messages.error(request, _("This next step is not part of your assessment."))
        return redirect(_plan_url(token))
    messages.success(request, _("The next step is in your action plan now."))
    if request.POST.get("next") == "results":
        return redirect(reverse("reports:results", kwargs={"token": token}) + "#next-steps")
    return redirect(_plan_url(token))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, token: str, action_id: int) -> HttpResponse:
    action = action_for_request(request, token, action_id)
    form = ActionForm.for_action(action)
    status_code = 200
    if request.method == "POST":
        form = ActionForm(request.POST)
        if form.is_valid():
            action_update(action=action, **form.cleaned_data)
            messages.success(request, _("The action is saved."))
            return redirect(_plan_url(token))
        status_code = 400
    context = {"assessment": action.assessment, "action": action, "form": form}
    return render(request, "actions/edit.html", context, status=status_code)


@never_cache
@require_POST
def move(request: HttpRequest, token: str, action_id: int) -> HttpResponse:
    action = action_for_request(request, token, action_id)
    action_move(action=action, up=request.POST.get("direction") != "down")
    return redirect(_plan_url(token))


@never_cache
@require_POST
def delete(request: HttpRequest, token: str, action_id: int) -> HttpResponse:
    action = action_for_request(request, token, action_id)
    action_delete(action=action)
    messages.info(request, _("The action is deleted."))
    return redirect(_plan_url(token))


@never_cache
@require_POST
def carry_over(request: HttpRequest, token: str) -> HttpResponse:
    assessment = assessment_for_request(request, token)
    carried = actions_carry_over(assessment=assessment)
    messages.success(
        request,
        ngettext(
            "%(count)s open action of the previous assessment is carried over.",
            "%(count)s open actions of the previous assessment are carried over.",
            len(carried),
        )
        % {"count": len(carried)},
    )
    return redirect(_plan_url(token))


@never_cache
@require_safe
def export_csv(request: HttpRequest, token: str) -> HttpResponse:
    assessment = assessment_for_request(request, token)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, export_filename(assessment, "csv", what="actions")
    )
    response.write("\ufeff")  # a BOM, so that spreadsheet programs read UTF-8
    writer = csv.writer(response)
    with translation.override(assessment.language):
        writer.writerow(
            [_("Action"), pgettext("action", "Owner"), _("Due date"), _("Status"), _("Done when")]
        )
        for action in action_plan(assessment).actions:
            writer.writerow(
                [
                    spreadsheet_safe(action.title),
                    spreadsheet_safe(action.owner),
                    action.due_date.isoformat() if action.due_date else "",
                    action.get_status_display(),
                    spreadsheet_safe(action.done_when),
                ]
            )
    return response


@never_cache
@require_safe
def export_xlsx(request: HttpRequest, token: str) -> HttpResponse:
    """The plan as a workbook, its headers in the request's language."""
    assessment = assessment_for_request(request, token)
    content = actions_workbook(assessment, action_plan(assessment).actions)
    filename = export_filename(assessment, "xlsx", what="actions")
    return attachment(content, XLSX_CONTENT_TYPE, filename)


@never_cache
@require_safe
def export_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The due dates of the pending actions as all-day events."""
    assessment = assessment_for_request(request, token)
    host = request.get_host().split(":")[0] or "kundenkompass"
    with translation.override(assessment.language):
        events = [
            CalendarEvent(
                uid=f"action-{action.pk}@{host}",
                day=action.due_date,
                summary=action.title,
                description=action.done_when
                and _("Done when: %(check)s") % {"check": action.done_when},
            )
            for action in action_plan(assessment).actions
            if action.due_date is not None and action.is_pending
        ]
        name = _("Action plan · %(organisation)s") % {"organisation": assessment.organisation.name}
    body = ical_calendar(events, name=name, stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, export_filename(assessment, "ics", what="actions")
    )
    return response
