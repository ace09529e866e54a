"""Writes for assessments. Views and commands call these; nothing else saves answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from pillars.models import CatalogVersion, Question

from .models import Answer, AnswerStatus, Assessment, Organisation, Participant

if TYPE_CHECKING:
    from .importing import ImportData


class AssessmentLocked(Exception):
    """The assessment is completed; it must be reopened before answers change."""


@dataclass(frozen=True)
class AnswerValue:
    """A validated answer: a level 1–5, "don't know", "not applicable", or nothing picked yet."""

    status: str | None  # AnswerStatus value, or None while only target/comment are given
    level: int | None = None


@transaction.atomic
def assessment_start(
    *,
    organisation_name: str,
    industry: str,
    size_band: str,
    country: str,
    language: str,
    catalog: CatalogVersion,
    participant_name: str = "",
) -> Assessment:
    organisation = Organisation(
        name=organisation_name, industry=industry, size_band=size_band, country=country
    )
    organisation.full_clean()
    organisation.save()
    assessment = Assessment(organisation=organisation, catalog=catalog, language=language)
    assessment.full_clean()
    assessment.save()
    Participant.objects.create(assessment=assessment, name=participant_name)
    return assessment


def answer_save(
    *,
    participant: Participant,
    question: Question,
    value: AnswerValue,
    target: int | None,
    comment: str,
) -> Answer | None:
    """Store one answer (insert or update). An empty answer deletes what was stored."""
    assessment = participant.assessment
    if assessment.is_completed:
        raise AssessmentLocked
    if question.catalog_id != assessment.catalog_id:
        raise ValueError("question does not belong to this assessment's catalog")
    if value.status is None and target is None and not comment:
        Answer.objects.filter(participant=participant, question=question).delete()
        return None
    status = value.status or ""
    answer, _created = Answer.objects.update_or_create(
        participant=participant,
        question=question,
        defaults={
            "status": status,
            "level": value.level if status == AnswerStatus.LEVEL else None,
            "target": target,
            "comment": comment,
        },
    )
    return answer


def participant_visit(*, participant: Participant, pillar_key: str) -> None:
    """Remember the last pillar page, so the private link brings the user back there."""
    if participant.last_pillar_key != pillar_key:
        participant.last_pillar_key = pillar_key
        participant.save(update_fields=["last_pillar_key"])


def assessment_finish(*, assessment: Assessment) -> Assessment:
    if not assessment.is_completed:
        assessment.status = Assessment.Status.COMPLETED
        assessment.completed_at = timezone.now()
        assessment.save(update_fields=["status", "completed_at", "updated_at"])
    return assessment


def assessment_reopen(*, assessment: Assessment) -> Assessment:
    if assessment.is_completed:
        assessment.status = Assessment.Status.IN_PROGRESS
        assessment.completed_at = None
        assessment.save(update_fields=["status", "completed_at", "updated_at"])
    return assessment


@transaction.atomic
def assessment_import(*, data: ImportData, catalog: CatalogVersion) -> Assessment:
    """Create an assessment with the answers of a validated answers file, all or nothing."""
    assessment = assessment_start(
        organisation_name=data.organisation_name,
        industry=data.industry,
        size_band=data.size_band,
        country=data.country,
        language=data.language,
        catalog=catalog,
        participant_name=data.participant,
    )
    participant = assessment.participants.get()
    participant.assessment = assessment
    questions = {q.key: q for q in Question.objects.filter(catalog=catalog)}
    for key in sorted(set(data.answers) | set(data.targets) | set(data.comments)):
        answer_save(
            participant=participant,
            question=questions[key],
            value=data.answers.get(key, AnswerValue(status=None)),
            target=data.targets.get(key),
            comment=data.comments.get(key, ""),
        )
    if data.completed:
        assessment_finish(assessment=assessment)
    return assessment
