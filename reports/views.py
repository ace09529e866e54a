"""Results of an assessment: by its private link (the page, JSON, CSV, PDF/DOCX report), by a
read-only share link (the page and the PDF), and two of a client's assessments side by side."""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from assessment.access import (
    assessment_for_request,
    is_workspace_consultant,
    participant_for_request,
    share_link_for_request,
    workspace_assessment_for_request,
    workspace_share_link_for_request,
)
from assessment.models import Assessment, ShareLink
from assessment.selectors import actions_of, share_links_of
from assessment.sharing import (
    ShareLinkRefused,
    share_link_create,
    share_link_revoke,
    share_link_status,
)
from assessment.workshops import consensus_clear, consensus_record
from pillars.models import Question

from .chart_images import ChartUnavailable
from .checks import install_command, missing_report_packages
from .context import participant_team_context, results_context, results_json_data
from .docx_report import DOCX_CONTENT_TYPE, report_docx
from .exports import answers_csv_rows, export_filename
from .forms import ConsensusForm, ShareLinkForm
from .pdf import ReportUnavailable, report_pdf
from .report_document import report_filename
from .selectors import scored_assessment, scored_pair

logger = logging.getLogger(__name__)

PDF_CONTENT_TYPE = "application/pdf"


# Share pages are for a client's management or a bank, not for search engines.
ROBOTS_HEADER = ("X-Robots-Tag", "noindex, nofollow")


@dataclass
class ShareLinkRow:
    link: ShareLink
    url: str
    status: str

    @property
    def status_label(self) -> str:
        return {
            "active": _("Active"),
            "expired": _("Expired"),
            "revoked": _("Revoked"),
        }[self.status]


def _share_panel(
    request: HttpRequest, assessment: Assessment, form: ShareLinkForm | None = None
) -> dict[str, Any]:
    """The consultant's share links of a workspace assessment, for the results page."""
    rows = [
        ShareLinkRow(
            link=link,
            url=request.build_absolute_uri(
                reverse("reports:shared_results", kwargs={"token": link.token})
            ),
            status=share_link_status(link),
        )
        for link in share_links_of(assessment)
    ]
    return {
        "share_panel": True,
        "share_links": rows,
        "share_form": form or ShareLinkForm(),
    }


def _consensus_forms(context: dict[str, Any], refused: tuple[str, ConsensusForm] | None) -> None:
    """A consensus form under each question of a workshop, the refused one with its input."""
    team = context["report"].team
    if team is None:
        return
    for question in team.questions:
        if refused is not None and refused[0] == question.key:
            question.form = refused[1]
            context["consensus_error_pillar"] = question.pillar_key
        else:
            question.form = ConsensusForm(
                initial={
                    "level": question.consensus_level,
                    "note": question.note,
                    "minority_note": question.minority_note,
                }
            )


def _results_page(
    request: HttpRequest,
    assessment: Assessment,
    form: ShareLinkForm | None = None,
    *,
    consensus: tuple[str, ConsensusForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    # A workspace's consultants see its tools (share links, agreed levels) and, in a named
    # workshop, who took part; whoever else holds the private link sees the results only.
    consultant = is_workspace_consultant(request, assessment)
    context = results_context(scored_assessment(assessment), with_names=consultant)
    # The action plan lives behind the private link (never behind a share link): a summary here,
    # the plan one click away.
    context["actions"] = actions_of(assessment)
    if consultant:
        context.update(_share_panel(request, assessment, form))
        _consensus_forms(context, consensus)
    return render(request, "reports/results.html", context, status=status)


@never_cache
@require_safe
def results(request: HttpRequest, token: str) -> HttpResponse:
    assessment = assessment_for_request(request, token)
    return _results_page(request, assessment)


@never_cache
@require_safe
def results_json(request: HttpRequest, token: str) -> JsonResponse:
    assessment = assessment_for_request(request, token)
    data = results_json_data(scored_assessment(assessment))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})


@never_cache
@require_safe
def answers_csv(request: HttpRequest, token: str) -> HttpResponse:
    assessment = assessment_for_request(request, token)
    scored = scored_assessment(assessment)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{export_filename(assessment, "csv", what="answers")}"'
    )
    response.write("\ufeff")  # BOM: spreadsheet programs then read UTF-8 correctly.
    writer = csv.writer(response)
    for row in answers_csv_rows(scored):
        writer.writerow(row)
    return response


def _unavailable(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    """503 with a page that reassures the user and tells the administrator what to install."""
    packages = missing_report_packages()
    return render(
        request,
        "reports/unavailable.html",
        {
            "assessment": assessment,
            "packages": " ".join(packages),
            "install_command": install_command(packages) if packages else "",
        },
        status=503,
    )


def report_language(request: HttpRequest, assessment: Assessment) -> str | None:
    """The report's language from ``?lang=`` (one of settings.LANGUAGES); None when absent or
    the assessment's own. Raises BadReportLanguage for any other value."""
    language = request.GET.get("lang", "")
    if not language or language == assessment.language:
        return None
    if language not in dict(settings.LANGUAGES):
        raise BadReportLanguage(language)
    return language


class BadReportLanguage(ValueError):
    pass


def _download(
    request: HttpRequest,
    token: str,
    build: Callable[..., bytes],
    content_type: str,
    extension: str,
) -> HttpResponse:
    assessment = assessment_for_request(request, token)
    try:
        language = report_language(request, assessment)
    except BadReportLanguage:
        return HttpResponseBadRequest(
            _("The report is available in German, English and Danish only."),
            content_type="text/plain; charset=utf-8",
        )
    try:
        scored = scored_assessment(assessment)
        content = build(scored, language=language) if language else build(scored)
    except (ReportUnavailable, ChartUnavailable):
        logger.exception("The %s report of assessment %s is unavailable", extension, assessment.pk)
        return _unavailable(request, assessment)
    response = HttpResponse(content, content_type=content_type)
    filename = report_filename(assessment, extension, language=language)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_safe
def report_pdf_download(request: HttpRequest, token: str) -> HttpResponse:
    return _download(request, token, report_pdf, PDF_CONTENT_TYPE, "pdf")


@never_cache
@require_safe
def report_docx_download(request: HttpRequest, token: str) -> HttpResponse:
    return _download(request, token, report_docx, DOCX_CONTENT_TYPE, "docx")


# --- Share links: created and revoked by the workspace's consultants, opened by anyone. ----------


@require_POST
@never_cache
@login_required
def share_create(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = workspace_assessment_for_request(request, assessment_id)
    form = ShareLinkForm(request.POST)
    if not assessment.is_completed:
        messages.error(request, _("Only a completed result can be shared."))
    elif form.is_valid():
        try:
            share_link_create(
                assessment=assessment,
                created_by=request.user,  # type: ignore[arg-type]
                include_comments=not form.cleaned_data["omit_comments"],
                days=form.cleaned_data["days"],
            )
        except ShareLinkRefused:
            messages.error(request, _("Only a completed result can be shared."))
        else:
            messages.success(request, _("The share link has been created."))
    else:
        return _results_page(request, assessment, form)
    return redirect(reverse("reports:results", kwargs={"token": assessment.token}) + "#share")


@require_POST
@never_cache
@login_required
def share_revoke(request: HttpRequest, link_id: int) -> HttpResponse:
    link = workspace_share_link_for_request(request, link_id)
    share_link_revoke(link=link)
    messages.success(request, _("The share link has been revoked; it no longer opens."))
    token = link.assessment.token
    return redirect(reverse("reports:results", kwargs={"token": token}) + "#share")


def _noindex(response: HttpResponse) -> HttpResponse:
    response[ROBOTS_HEADER[0]] = ROBOTS_HEADER[1]
    return response


@never_cache
@require_safe
def shared_results(request: HttpRequest, token: str) -> HttpResponse:
    """The result, read-only, behind a share link: no edits, no other exports, nothing else."""
    link = share_link_for_request(request, token)
    scored = scored_assessment(link.assessment, include_comments=link.include_comments)
    context = results_context(scored)
    context["share"] = link
    return _noindex(render(request, "reports/results.html", context))


@never_cache
@require_safe
def shared_report_pdf(request: HttpRequest, token: str) -> HttpResponse:
    link = share_link_for_request(request, token)
    assessment = link.assessment
    try:
        content = report_pdf(scored_assessment(assessment, include_comments=link.include_comments))
    except (ReportUnavailable, ChartUnavailable):
        logger.exception("The shared PDF report of assessment %s is unavailable", assessment.pk)
        return _noindex(_unavailable(request, assessment))
    response = HttpResponse(content, content_type=PDF_CONTENT_TYPE)
    filename = report_filename(assessment, "pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _noindex(response)


# --- Two completed assessments of one client, side by side. ---------------------------------------


@require_safe
@never_cache
@login_required
def compare(request: HttpRequest, first_id: int, second_id: int) -> HttpResponse:
    first = workspace_assessment_for_request(request, first_id)
    second = workspace_assessment_for_request(request, second_id)
    if first.organisation_id != second.organisation_id or first.pk == second.pk:
        raise Http404("Only two different assessments of one client compare.")
    if not (first.is_completed and second.is_completed):
        raise Http404("Only completed assessments compare.")
    scored = scored_pair(first, second)
    context = results_context(scored)
    context["before"] = scored.baseline.assessment if scored.baseline else None
    return render(request, "reports/compare.html", context)


# --- Workshops: the agreed levels (consultants) and the team view on a participant's phone. -----


@require_POST
@never_cache
@login_required
def consensus(request: HttpRequest, assessment_id: int, question_key: str) -> HttpResponse:
    """Record, change or remove the level a workshop team agreed on for one question."""
    assessment = workspace_assessment_for_request(request, assessment_id)
    if assessment.mode != Assessment.Mode.DISTRIBUTED:
        raise Http404("Only a workshop has agreed levels.")
    results_url = reverse("reports:results", kwargs={"token": assessment.token})
    question = Question.objects.filter(catalog_id=assessment.catalog_id, key=question_key).first()
    if question is None:
        messages.error(
            request,
            _("This question is not in this workshop's checklist; nothing was recorded."),
        )
        return redirect(results_url + "#team-title")
    back = redirect(f"{results_url}#team-{question.key}")
    if request.POST.get("clear"):
        consensus_clear(assessment=assessment, question=question)
        messages.success(request, _("The agreed level has been removed; the mean counts again."))
        return back
    form = ConsensusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The agreed level was not saved: please check the form."))
        return _results_page(request, assessment, consensus=(question.key, form), status=400)
    consensus_record(
        assessment=assessment,
        question=question,
        level=form.cleaned_data["level"],
        note=form.cleaned_data["note"],
        minority_note=form.cleaned_data["minority_note"],
        recorded_by=request.user,  # type: ignore[arg-type]
    )
    messages.success(request, _("The agreed level has been saved."))
    return back


@never_cache
@require_safe
def participant_team(request: HttpRequest, token: str) -> HttpResponse:
    """A participant's view of the team results: only the pillars the consultant revealed."""
    participant = participant_for_request(request, token)
    assessment = participant.assessment
    workshop = getattr(assessment, "workshop", None)
    if workshop is None:
        raise Http404("Not a workshop.")
    revealed = [key for key in workshop.revealed_pillar_keys if isinstance(key, str)]
    context: dict[str, Any] = {"participant": participant, "assessment": assessment}
    if revealed:
        context.update(participant_team_context(scored_assessment(assessment), revealed))
    return render(request, "reports/participant_team.html", context)
