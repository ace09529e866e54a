"""Results of an assessment, by its private link: the page, JSON, CSV, and the PDF/DOCX report."""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from assessment.access import assessment_for_request
from assessment.models import Assessment

from .chart_images import ChartUnavailable
from .checks import install_command, missing_report_packages
from .context import results_context, results_json_data
from .docx_report import DOCX_CONTENT_TYPE, report_docx
from .exports import answers_csv_rows, export_filename
from .pdf import ReportUnavailable, report_pdf
from .report_document import report_filename
from .selectors import ScoredAssessment, scored_assessment

logger = logging.getLogger(__name__)

PDF_CONTENT_TYPE = "application/pdf"


@never_cache
@require_safe
def results(request: HttpRequest, token: str) -> HttpResponse:
    assessment = assessment_for_request(request, token)
    context = results_context(scored_assessment(assessment))
    return render(request, "reports/results.html", context)


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


def _download(
    request: HttpRequest,
    token: str,
    build: Callable[[ScoredAssessment], bytes],
    content_type: str,
    extension: str,
) -> HttpResponse:
    assessment = assessment_for_request(request, token)
    try:
        content = build(scored_assessment(assessment))
    except (ReportUnavailable, ChartUnavailable):
        logger.exception("The %s report of assessment %s is unavailable", extension, assessment.pk)
        return _unavailable(request, assessment)
    response = HttpResponse(content, content_type=content_type)
    filename = report_filename(assessment, extension)
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
