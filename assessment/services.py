"""Writes for assessments. Views and commands call these; nothing else saves answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from pillars.models import CatalogVersion, Question

from .consultants import client_assessment_start
from .models import (
    NO_ANSWER_VERSION,
    Answer,
    AnswerStatus,
    Assessment,
    BusinessModel,
    Organisation,
    Participant,
    answer_version,
)
from .values import NOTHING_PICKED, AnswerValue

if TYPE_CHECKING:
    from .importing import ImportData


class AssessmentLocked(Exception):
    """The assessment is completed; it must be reopened before answers change."""


@dataclass(frozen=True)
class AnswerInput:
    """One question's validated answer, as a form or the import parser hands it over."""

    question: Question
    value: AnswerValue
    target: int | None = None
    comment: str = ""
    relevance: str = ""  # a Relevance value; "" is no statement
    # The answer's version the page showed; None (an import, a client without it): no check.
    seen: str | None = None

    @property
    def is_empty(self) -> bool:
        return (
            self.value.status is None
            and self.target is None
            and not self.comment
            and not self.relevance
        )

    def matches(self, answer: Answer) -> bool:
        stored = (answer.status or None, answer.level, answer.target, answer.comment)
        return (*stored, answer.relevance) == (
            self.value.status,
            self.value.level,
            self.target,
            self.comment,
            self.relevance,
        )


@dataclass(frozen=True)
class SaveOutcome:
    saved: int  # answers inserted, updated or cleared
    unchanged: int
    # Questions whose answer another window changed after this page showed it: not saved over.
    conflicts: tuple[Question, ...] = ()
    # Each question's answer version after the save (NO_ANSWER_VERSION when there is none).
    versions: dict[int, str] = field(default_factory=dict, compare=False)


def assessment_start(
    *,
    organisation_name: str,
    industry: str,
    size_band: str,
    country: str,
    language: str,
    catalog: CatalogVersion,
    participant_name: str = "",
    business_model: str = BusinessModel.BOTH,
    scope: str = Assessment.Scope.FULL,
    is_sample: bool = False,
) -> Assessment:
    with transaction.atomic():
        organisation = Organisation(
            name=organisation_name,
            industry=industry,
            size_band=size_band,
            country=country,
            business_model=business_model,
            is_sample=is_sample,
        )
        organisation.full_clean()
        organisation.save()
        assessment = Assessment(
            organisation=organisation, catalog=catalog, language=language, scope=scope
        )
        assessment.full_clean()
        assessment.save()
        Participant.objects.create(assessment=assessment, name=participant_name)
        return assessment


def _lock_open_assessment(assessment_id: int) -> None:
    """Hold the assessment row until the transaction ends and refuse a completed one.

    "finish" takes the same lock, so an answer is either stored before completion or refused:
    never stored after it. (SQLite has no row locks; its IMMEDIATE transactions, see settings,
    serialise the two the same way.)
    """
    status = (
        Assessment.objects.select_for_update()
        .filter(pk=assessment_id)
        .values_list("status", flat=True)
        .get()
    )
    if status == Assessment.Status.COMPLETED:
        raise AssessmentLocked


def answers_save(
    *, participant: Participant, answers: Sequence[AnswerInput], pillar_key: str = ""
) -> SaveOutcome:
    """Store a page of answers (or one autosaved answer) in one transaction.

    An answer equal to the stored one is skipped; an empty one deletes what was stored. The
    participant's last pillar is remembered, so the private link brings them back there.
    Raises AssessmentLocked when the assessment is completed, and ValueError for a question of
    another catalog.
    """
    assessment = participant.assessment
    for item in answers:
        if item.question.catalog_id != assessment.catalog_id:
            raise ValueError("question does not belong to this assessment's catalog")
    with transaction.atomic():
        _lock_open_assessment(assessment.pk)
        stored = {
            answer.question_id: answer
            for answer in Answer.objects.filter(
                participant=participant, question__in=[item.question for item in answers]
            )
        }
        saved = unchanged = 0
        conflicts: list[Question] = []
        versions: dict[int, str] = {}
        # Written together below: one statement for the deletions, one upsert for the new and
        # the changed answers, whatever the number of answers on the page.
        deleted: list[int] = []
        written: list[Answer] = []
        for item in answers:
            current = stored.get(item.question.pk)
            versions[item.question.pk] = answer_version(current)
            if _changed_elsewhere(item, current):
                conflicts.append(item.question)
                continue
            if item.is_empty:
                if current is None:
                    unchanged += 1
                else:
                    deleted.append(current.pk)
                    versions[item.question.pk] = NO_ANSWER_VERSION
                    saved += 1
            elif current is not None and item.matches(current):
                unchanged += 1
            else:
                # New or changed: one upsert writes both; a changed answer keeps its row.
                written.append(
                    Answer(participant=participant, question=item.question, **_answer_fields(item))
                )
                saved += 1
        _answers_write(deleted, written)
        for answer in written:
            versions[answer.question_id] = answer_version(answer)
        if pillar_key and participant.last_pillar_key != pillar_key:
            participant.last_pillar_key = pillar_key
            participant.save(update_fields=["last_pillar_key"])
    return SaveOutcome(
        saved=saved, unchanged=unchanged, conflicts=tuple(conflicts), versions=versions
    )


def _changed_elsewhere(item: AnswerInput, current: Answer | None) -> bool:
    """True when the stored answer is not the one the page showed, and this one differs from it.

    Two windows on one private link: the later save must not silently undo the other's answer.
    Posting what is stored already is no conflict, whatever the page showed.
    """
    if item.seen is None or item.seen == answer_version(current):
        return False
    if current is None:
        return not item.is_empty
    return not item.matches(current)


ANSWER_FIELDS = ("status", "level", "target", "comment", "relevance")


def _answer_fields(item: AnswerInput) -> dict[str, object]:
    status = item.value.status or ""
    return {
        "status": status,
        "level": item.value.level if status == AnswerStatus.LEVEL else None,
        "target": item.target,
        "comment": item.comment,
        "relevance": item.relevance,
    }


def _answers_write(deleted: list[int], written: list[Answer]) -> None:
    """A page's changed answers in at most two statements (inside the caller's transaction).

    New and changed answers are written by one upsert (INSERT … ON CONFLICT (participant,
    question) DO UPDATE): a changed answer keeps its row (pk); a row a second tab
    inserted meanwhile on PostgreSQL is updated (the unique constraint keeps one row per
    participant and question). `updated_at` is set by auto_now on every written answer, so each
    has a new version. (Django's bulk_update, with a CASE per column, cost half a page POST.)
    """
    if deleted:
        Answer.objects.filter(pk__in=deleted).delete()
    if written:
        Answer.objects.bulk_create(
            written,
            update_conflicts=True,
            unique_fields=["participant", "question"],
            update_fields=[*ANSWER_FIELDS, "updated_at"],
        )


def assessment_finish(*, assessment: Assessment) -> Assessment:
    """Complete the assessment.

    It takes the row lock that answers_save takes, so the two serialise: every answer is saved
    before completed_at, or refused.
    """
    with transaction.atomic():
        Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("pk").get()
        now = timezone.now()  # read under the lock: later than every answer saved before it
        completed = Assessment.objects.filter(
            pk=assessment.pk, status=Assessment.Status.IN_PROGRESS
        ).update(status=Assessment.Status.COMPLETED, completed_at=now, updated_at=now)
        if completed:
            assessment.status = Assessment.Status.COMPLETED
            assessment.completed_at = assessment.updated_at = now
        else:
            assessment.refresh_from_db(fields=["status", "completed_at", "updated_at"])
        return assessment


def assessment_reopen(*, assessment: Assessment) -> Assessment:
    with transaction.atomic():
        now = timezone.now()
        reopened = Assessment.objects.filter(
            pk=assessment.pk, status=Assessment.Status.COMPLETED
        ).update(status=Assessment.Status.IN_PROGRESS, completed_at=None, updated_at=now)
        if reopened:
            assessment.status = Assessment.Status.IN_PROGRESS
            assessment.completed_at = None
            assessment.updated_at = now
        else:
            assessment.refresh_from_db(fields=["status", "completed_at", "updated_at"])
        return assessment


def assessment_extend(*, assessment: Assessment) -> Assessment:
    """Turn a quick check into the full check: every answer stays, the assessment is open again.

    Its scores are no longer indicative once the other questions are answered.
    """
    with transaction.atomic():
        now = timezone.now()
        Assessment.objects.filter(pk=assessment.pk).update(
            scope=Assessment.Scope.FULL,
            status=Assessment.Status.IN_PROGRESS,
            completed_at=None,
            updated_at=now,
        )
        assessment.scope = Assessment.Scope.FULL
        assessment.status = Assessment.Status.IN_PROGRESS
        assessment.completed_at = None
        assessment.updated_at = now
        return assessment


def assessment_set_benchmark_opt_out(*, assessment: Assessment, opt_out: bool) -> Assessment:
    """Whether the assessment stays out of other companies' peer benchmark."""
    Assessment.objects.filter(pk=assessment.pk).update(benchmark_opt_out=opt_out)
    assessment.benchmark_opt_out = opt_out
    return assessment


def assessment_import(
    *, data: ImportData, catalog: CatalogVersion, client: Organisation | None = None
) -> Assessment:
    """Create an assessment with the answers of a validated answers file, all or nothing.

    With `client` (a workspace's client) the assessment is that client's; otherwise it is an
    anonymous self-assessment of a new organisation named in the file.
    """
    with transaction.atomic():
        if client is not None:
            assessment = client_assessment_start(
                client=client, catalog=catalog, language=data.language
            )
            assessment.participants.update(name=data.participant)
        else:
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
        answers_save(
            participant=participant,
            answers=[
                AnswerInput(
                    question=questions[key],
                    value=data.answers.get(key, NOTHING_PICKED),
                    target=data.targets.get(key),
                    comment=data.comments.get(key, ""),
                )
                for key in sorted(set(data.answers) | set(data.targets) | set(data.comments))
            ],
        )
        if data.completed:
            assessment_finish(assessment=assessment)
        return assessment


def assessment_delete(*, assessment: Assessment) -> None:
    """Delete an anonymous self-assessment with its answers, and its organisation when nothing
    else refers to it."""
    if assessment.organisation.workspace_id is not None:
        raise ValueError("A client's assessment is deleted with the client, by its consultant.")
    with transaction.atomic():
        organisation_id = assessment.organisation_id
        assessment.delete()
        Organisation.objects.filter(
            pk=organisation_id, workspace__isnull=True, assessments__isnull=True
        ).delete()


@dataclass(frozen=True)
class PurgeOutcome:
    never_answered: int
    untouched: int


def assessment_purge_abandoned(
    *, retention_days: int, now: datetime | None = None, dry_run: bool = False
) -> PurgeOutcome:
    """Delete anonymous self-assessments nobody will come back to.

    Abandoned means: never answered and started more than a day ago, or still in progress and
    untouched (no answer saved, no status change) for `retention_days`. Completed assessments
    are kept: their owners may return to the results and the report. Assessments in a
    consultant's workspace are never purged here.
    """
    now = now or timezone.now()
    anonymous = Assessment.objects.filter(organisation__workspace__isnull=True)
    never_answered = anonymous.filter(
        created_at__lt=now - timedelta(days=1), participants__answers__isnull=True
    ).exclude(status=Assessment.Status.COMPLETED)
    untouched = (
        anonymous.filter(status=Assessment.Status.IN_PROGRESS)
        .exclude(updated_at__gte=now - timedelta(days=retention_days))
        .exclude(participants__answers__updated_at__gte=now - timedelta(days=retention_days))
    )
    first_ids = set(never_answered.values_list("pk", flat=True))
    second_ids = set(untouched.values_list("pk", flat=True)) - first_ids
    if not dry_run:
        doomed = Assessment.objects.filter(pk__in=first_ids | second_ids)
        organisation_ids = set(doomed.values_list("organisation_id", flat=True))
        with transaction.atomic():
            doomed.delete()
            # An anonymous organisation exists for its self-assessment only; other organisations
            # without assessments are not this job's business.
            Organisation.objects.filter(
                pk__in=organisation_ids, workspace__isnull=True, assessments__isnull=True
            ).delete()
    return PurgeOutcome(never_answered=len(first_ids), untouched=len(second_ids))
