"""Finished reports, kept so that a second download of the same state is instant."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.models import Assessment


class ReportFile(models.Model):
    """One report (PDF or DOCX) of one state of an assessment, made by a task worker.

    The state key is a fingerprint of everything the report shows (reports/report_files.py): a
    changed answer, agreed level, KPI figure or branding gives a new key and so a new report;
    the same state finds this row and its content. The row exists from the request on, so two
    requests of one state share one task.
    """

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"

    class Status(models.TextChoices):
        PENDING = "pending", _("Being made")
        READY = "ready", _("Ready")
        # The server lacks a component (Chromium, weasyprint's libraries): the administrator's.
        UNAVAILABLE = "unavailable", _("Not available")
        FAILED = "failed", _("Failed")

    # Random, so that the address of a report's progress page tells nothing about others.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="report_files"
    )
    kind = models.CharField(_("format"), max_length=8, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=8)
    # False for a share link created without comments: a report of its own.
    include_comments = models.BooleanField(_("with comments"), default=True)
    state_key = models.CharField(_("state key"), max_length=64)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    content = models.BinaryField(_("content"), default=b"", editable=False)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    # When the current task was enqueued: a pending report older than REPORT_TASK_TIMEOUT
    # counts as failed (its worker died or none runs).
    requested_at = models.DateTimeField(_("requested at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "kind", "language", "include_comments", "state_key"],
                name="report_file_one_per_state",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.language} {self.state_key[:8]} ({self.status})"
