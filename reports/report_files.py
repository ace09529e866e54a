"""Reports made off the web workers: the state key, the request of a report and its making.

A web request asks for a report (``report_file_request``): a kept report of the same state is
served at once; otherwise one row is created for that state and one task enqueued
(reports/tasks.py), which a task worker (``manage.py db_worker``) runs with the machine's one
chart browser (``report_file_build``). The web worker never draws a chart nor lays out a PDF.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ReportFile
from .pdf import STYLESHEET_PATH, report_html

if TYPE_CHECKING:
    from .report_document import ReportDocument
    from .selectors import ScoredAssessment

logger = logging.getLogger(__name__)

DEFAULT_TASK_TIMEOUT = 300


# The Word template (docx_report.TEMPLATE_PATH), named here so that the web worker never loads
# python-docx and docxtpl only to find it.
DOCX_TEMPLATE_PATH = Path(__file__).resolve().parent / "docx" / "report-template.docx"


@functools.cache
def _layout_version() -> str:
    """What shapes a report besides its HTML: the PDF stylesheet and the Word template."""
    digest = hashlib.sha256()
    for path in (STYLESHEET_PATH, DOCX_TEMPLATE_PATH):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _chart_spec(document: ReportDocument) -> str:
    # The figure the chart is drawn from stands for the drawing: same figure, same image.
    return str(document.report.radar.to_json())


def report_state_key(scored: ScoredAssessment, *, kind: str, language: str) -> str:
    """A fingerprint of everything the report shows, in its language.

    The report's own HTML with the chart's figure in place of the drawing: answers, agreed
    levels, comments, targets, KPI figures, the baseline, the branding, names and the date are
    all in it, so any change the reader could see gives a new key, and nothing else does.
    Built without Chromium or weasyprint (a few tens of milliseconds).
    """
    html = report_html(scored, language=language, chart_of=_chart_spec)
    digest = hashlib.sha256()
    for part in (kind, language, str(scored.include_comments), _layout_version(), html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def task_timeout() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "REPORT_TASK_TIMEOUT", DEFAULT_TASK_TIMEOUT)))


def is_stalled(report_file: ReportFile) -> bool:
    """Pending for longer than any report takes: its worker died, or no worker runs."""
    return (
        report_file.status == ReportFile.Status.PENDING
        and report_file.requested_at < timezone.now() - task_timeout()
    )


# Tried again by the next request of the same state.
_RETRIED = (ReportFile.Status.FAILED, ReportFile.Status.UNAVAILABLE)


def _enqueue(report_file: ReportFile) -> None:
    from .tasks import make_report

    result = make_report.enqueue(str(report_file.pk))
    # An immediate backend has made the report by now; a queue has only stored the task.
    ReportFile.objects.filter(pk=report_file.pk).update(task_id=str(result.id)[:64])
    report_file.refresh_from_db()


def report_file_request(*, scored: ScoredAssessment, kind: str, language: str) -> ReportFile:
    """The report of the assessment's current state: kept, being made, or enqueued now.

    One row and one task per state: concurrent requests of one state share them. A report that
    failed or stalled is tried again (that is what the "try again" button does).
    """
    identity = {
        "assessment": scored.assessment,
        "kind": kind,
        "language": language,
        "include_comments": scored.include_comments,
        "state_key": report_state_key(scored, kind=kind, language=language),
    }
    now = timezone.now()
    report_file = ReportFile.objects.filter(**identity).defer("content").first()
    if report_file is None:
        try:
            with transaction.atomic():
                report_file = ReportFile.objects.create(**identity, requested_at=now)
        except IntegrityError:  # another request of the same state was first
            return ReportFile.objects.defer("content").get(**identity)
        _enqueue(report_file)
        return report_file
    again = ReportFile.objects.filter(pk=report_file.pk, status__in=_RETRIED).update(
        status=ReportFile.Status.PENDING, requested_at=now, finished_at=None
    ) or ReportFile.objects.filter(
        pk=report_file.pk,
        status=ReportFile.Status.PENDING,
        requested_at__lt=now - task_timeout(),
    ).update(requested_at=now)
    if again:  # this request won the retry; a concurrent one sees it pending
        _enqueue(report_file)
    return report_file


def report_file_of(assessment_id: int, file_id: UUID | str, **match: object) -> ReportFile | None:
    """One report of this assessment by its id (None for any other), without its content."""
    return (
        ReportFile.objects.filter(pk=file_id, assessment_id=assessment_id, **match)
        .defer("content")
        .first()
    )


def report_file_build(*, file_id: str) -> str:
    """Make the report of a pending row (in the task worker) and keep it; returns its status.

    A missing component (no Chromium, no weasyprint libraries) marks it unavailable; any other
    error marks it failed and propagates, so the task backend records it too.
    """
    from . import docx_report, pdf
    from .chart_images import ChartUnavailable
    from .selectors import scored_assessment

    report_file = (
        ReportFile.objects.select_related("assessment__organisation", "assessment__catalog")
        .defer("content")
        .filter(pk=file_id)
        .first()
    )
    if report_file is None or report_file.status != ReportFile.Status.PENDING:
        return report_file.status if report_file else "gone"
    assessment = report_file.assessment
    build = pdf.report_pdf if report_file.kind == ReportFile.Kind.PDF else docx_report.report_docx
    language = report_file.language
    try:
        scored = scored_assessment(assessment, include_comments=report_file.include_comments)
        own = language == assessment.language
        content = build(scored) if own else build(scored, language=language)
    except (pdf.ReportUnavailable, ChartUnavailable):
        logger.exception(
            "The %s report of assessment %s is unavailable", report_file.kind, assessment.pk
        )
        _finish(report_file, ReportFile.Status.UNAVAILABLE)
        return ReportFile.Status.UNAVAILABLE
    except Exception:
        _finish(report_file, ReportFile.Status.FAILED)
        raise
    _finish(report_file, ReportFile.Status.READY, content)
    # Older states of the same report are never asked for again by the current one.
    ReportFile.objects.filter(
        assessment=assessment,
        kind=report_file.kind,
        language=language,
        include_comments=report_file.include_comments,
    ).exclude(pk=report_file.pk).exclude(status=ReportFile.Status.PENDING).delete()
    return ReportFile.Status.READY


def _finish(report_file: ReportFile, status: str, content: bytes = b"") -> None:
    ReportFile.objects.filter(pk=report_file.pk).update(
        status=status, content=content, finished_at=timezone.now()
    )
