"""Results of an assessment: by its private link (the page, JSON, CSV, XLSX, PDF/DOCX report),
by a read-only share link (the page and the PDF), and two of a client's assessments side by
side."""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

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
from assessment.downloads import attachment
from assessment.models import Assessment, ShareLink
from assessment.selectors import action_plan, actions_of, share_links_of
from assessment.sharing import (
    ShareLinkRefused,
    share_link_create,
    share_link_revoke,
    share_link_status,
)
from assessment.spreadsheets import XLSX_CONTENT_TYPE
from assessment.workshops import consensus_clear, consensus_record
from pillars.models import Question

from .checks import install_command, missing_report_packages
from .constants import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE, REPORT_POLL_SECONDS
from .context import participant_team_context, results_context, results_json_data
from .exports import answers_csv_rows, export_filename
from .forms import ConsensusForm, ShareLinkForm
from .models import ReportFile
from .report_document import report_filename
from .report_files import is_stalled, report_file_of, report_file_request
from .selectors import scored_assessment, scored_pair
from .xlsx_export import results_workbook

logger = logging.getLogger(__name__)

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


@never_cache
@require_safe
def answers_xlsx(request: HttpRequest, token: str) -> HttpResponse:
    """Answers, scores and the action plan as a workbook, in the request's language."""
    assessment = assessment_for_request(request, token)
    content = results_workbook(scored_assessment(assessment), action_plan(assessment).actions)
    filename = export_filename(assessment, "xlsx", what="answers")
    return attachment(content, XLSX_CONTENT_TYPE, filename)


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


def _attachment(report_file: ReportFile, filename: str) -> HttpResponse:
    is_pdf = report_file.kind == ReportFile.Kind.PDF
    content_type = PDF_CONTENT_TYPE if is_pdf else DOCX_CONTENT_TYPE
    response = HttpResponse(bytes(report_file.content), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _report_filename(report_file: ReportFile) -> str:
    assessment = report_file.assessment
    language = None if report_file.language == assessment.language else report_file.language
    return report_filename(assessment, report_file.kind, language=language)


def _kept_or_progress(
    request: HttpRequest, report_file: ReportFile, urls: dict[str, str], filename: str
) -> HttpResponse:
    """The report itself when it is made (kept, or made at once by an immediate backend), a
    503 page when the server cannot make it, else a redirect to its progress page."""
    if report_file.status == ReportFile.Status.READY:
        # Loaded only now: a report still being made is not read into memory.
        report_file.content = ReportFile.objects.values_list("content", flat=True).get(
            pk=report_file.pk
        )
        return _attachment(report_file, filename)
    if report_file.status == ReportFile.Status.UNAVAILABLE:
        return _render_progress(request, report_file, urls, partial=False)
    return redirect(urls["progress_url"])


def _download(request: HttpRequest, token: str, kind: str) -> HttpResponse:
    assessment = assessment_for_request(request, token)
    try:
        language = report_language(request, assessment) or assessment.language
    except BadReportLanguage:
        return HttpResponseBadRequest(
            _("The report is available in German, English and Danish only."),
            content_type="text/plain; charset=utf-8",
        )
    report_file = report_file_request(
        scored=scored_assessment(assessment), kind=kind, language=language
    )
    report_file.assessment = assessment
    urls = _private_urls(token, report_file)
    return _kept_or_progress(request, report_file, urls, _report_filename(report_file))


@never_cache
@require_safe
def report_pdf_download(request: HttpRequest, token: str) -> HttpResponse:
    return _download(request, token, ReportFile.Kind.PDF)


@never_cache
@require_safe
def report_docx_download(request: HttpRequest, token: str) -> HttpResponse:
    return _download(request, token, ReportFile.Kind.DOCX)


def _progress_context(
    report_file: ReportFile,
    *,
    progress_url: str,
    status_url: str,
    download_url: str,
    results_url: str,
) -> dict[str, Any]:
    return {
        "report_file": report_file,
        "state": ReportFile.Status.FAILED if is_stalled(report_file) else report_file.status,
        "progress_url": progress_url,
        "status_url": status_url,
        "download_url": download_url,
        "results_url": results_url,
        "poll_seconds": REPORT_POLL_SECONDS,
    }


def _render_progress(
    request: HttpRequest, report_file: ReportFile, urls: dict[str, str], *, partial: bool
) -> HttpResponse:
    context = _progress_context(report_file, **urls)
    if context["state"] == ReportFile.Status.UNAVAILABLE:
        packages = missing_report_packages()
        context["packages"] = " ".join(packages)
        context["install_command"] = install_command(packages) if packages else ""
    template = "reports/report_progress.html" + ("#status" if partial else "")
    # The whole page of a report the server cannot make says so in its status too (htmx swaps
    # only successful answers, so the polled box stays 200).
    unavailable = context["state"] == ReportFile.Status.UNAVAILABLE and not partial
    return render(request, template, context, status=503 if unavailable else 200)


def _private_urls(token: str, report_file: ReportFile) -> dict[str, str]:
    download = reverse(f"reports:report_{report_file.kind}", kwargs={"token": token})
    if report_file.language != report_file.assessment.language:
        download += "?" + urlencode({"lang": report_file.language})
    ids = {"token": token, "file_id": report_file.pk}
    return {
        "progress_url": reverse("reports:report_progress", kwargs=ids),
        "status_url": reverse("reports:report_status", kwargs=ids),
        "download_url": download,
        "results_url": reverse("reports:results", kwargs={"token": token}),
    }


def _private_progress(
    request: HttpRequest, token: str, file_id: UUID
) -> tuple[ReportFile, dict[str, str]]:
    assessment = assessment_for_request(request, token)
    report_file = report_file_of(assessment.pk, file_id)
    if report_file is None:
        raise Http404("No such report of this assessment.")
    report_file.assessment = assessment
    return report_file, _private_urls(token, report_file)


@never_cache
@require_safe
def report_progress(request: HttpRequest, token: str, file_id: UUID) -> HttpResponse:
    """The page that waits for a report being made, then offers it."""
    report_file, urls = _private_progress(request, token, file_id)
    return _render_progress(request, report_file, urls, partial=False)


@never_cache
@require_safe
def report_status(request: HttpRequest, token: str, file_id: UUID) -> HttpResponse:
    """The progress page's status box, asked for every few seconds while a report is made."""
    report_file, urls = _private_progress(request, token, file_id)
    return _render_progress(request, report_file, urls, partial=True)


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
    scored = scored_assessment(assessment, include_comments=link.include_comments)
    report_file = report_file_request(
        scored=scored, kind=ReportFile.Kind.PDF, language=assessment.language
    )
    report_file.assessment = assessment
    urls = _shared_urls(token, report_file)
    filename = report_filename(assessment, "pdf")
    return _noindex(_kept_or_progress(request, report_file, urls, filename))


def _shared_urls(token: str, report_file: ReportFile) -> dict[str, str]:
    ids = {"token": token, "file_id": report_file.pk}
    return {
        "progress_url": reverse("reports:shared_report_progress", kwargs=ids),
        "status_url": reverse("reports:shared_report_status", kwargs=ids),
        "download_url": reverse("reports:shared_report_pdf", kwargs={"token": token}),
        "results_url": reverse("reports:shared_results", kwargs={"token": token}),
    }


def _shared_progress(
    request: HttpRequest, token: str, file_id: UUID
) -> tuple[ReportFile, dict[str, str]]:
    link = share_link_for_request(request, token)
    # Only the report this link gives: its PDF, with or without comments as the link says.
    report_file = report_file_of(
        link.assessment_id,
        file_id,
        kind=ReportFile.Kind.PDF,
        include_comments=link.include_comments,
        language=link.assessment.language,
    )
    if report_file is None:
        raise Http404("No such report behind this link.")
    report_file.assessment = link.assessment
    return report_file, _shared_urls(token, report_file)


@never_cache
@require_safe
def shared_report_progress(request: HttpRequest, token: str, file_id: UUID) -> HttpResponse:
    report_file, urls = _shared_progress(request, token, file_id)
    return _noindex(_render_progress(request, report_file, urls, partial=False))


@never_cache
@require_safe
def shared_report_status(request: HttpRequest, token: str, file_id: UUID) -> HttpResponse:
    report_file, urls = _shared_progress(request, token, file_id)
    return _noindex(_render_progress(request, report_file, urls, partial=True))


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
