"""Report downloads: the PDF and the editable DOCX of an assessment, by its private link."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from assessment.models import Assessment
from assessment.selectors import ScoredAssessment, scored_assessment
from assessment.views import _assessment_for

from .chart_images import ChartUnavailable
from .checks import install_command, missing_report_packages
from .docx_report import DOCX_CONTENT_TYPE, report_docx
from .pdf import ReportUnavailable, report_pdf
from .report_document import report_filename

logger = logging.getLogger(__name__)

PDF_CONTENT_TYPE = "application/pdf"


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
    assessment = _assessment_for(request, token)
    try:
        content = build(scored_assessment(assessment))
    except (ReportUnavailable, ChartUnavailable):
        logger.exception("The %s report of assessment %s is unavailable", extension, assessment.pk)
        return _unavailable(request, assessment)
    response = HttpResponse(content, content_type=content_type)
    filename = report_filename(assessment, extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def report_pdf_download(request: HttpRequest, token: str) -> HttpResponse:
    return _download(request, token, report_pdf, PDF_CONTENT_TYPE, "pdf")


@require_safe
def report_docx_download(request: HttpRequest, token: str) -> HttpResponse:
    return _download(request, token, report_docx, DOCX_CONTENT_TYPE, "docx")
