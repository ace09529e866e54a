"""Writes for live workshops: open, join, pace, reveal, close, and the agreed answers.

A workshop is a distributed assessment with a `Workshop` row. Participants join without an account
and answer through `services.answers_save`, like a self-assessor; closing the workshop completes
the assessment, so the same row lock that guards "finish" refuses every answer that comes late.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from pillars.models import CatalogVersion, Question

from .models import (
    MAX_COMMENT_LENGTH,
    Assessment,
    Consensus,
    Organisation,
    Participant,
    Workshop,
    new_join_code,
    new_token,
)
from .services import AnswerInput, answers_save, assessment_finish, assessment_reopen
from .values import NOTHING_PICKED

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from .importing import WorkshopImportData

MAX_NAME_LENGTH = 200
_CODE_ATTEMPTS = 10


class WorkshopClosed(Exception):
    """The workshop no longer takes participants or answers."""


def _first_pillar_key(catalog: CatalogVersion) -> str:
    return catalog.pillars.order_by("order").values_list("key", flat=True).first() or ""


def _pillar_keys(assessment: Assessment) -> list[str]:
    return list(assessment.catalog.pillars.order_by("order").values_list("key", flat=True))


def workshop_open(
    *,
    client: Organisation,
    catalog: CatalogVersion,
    language: str,
    naming: str = Workshop.Naming.NAMED,
    pacing: str = Workshop.Pacing.SELF,
    created_by: User | None = None,
    baseline: Assessment | None = None,
) -> Workshop:
    """A new distributed assessment of a workspace's client, open for participants to join."""
    if client.workspace_id is None:
        raise ValueError("Only a workspace's clients have workshops.")
    if baseline is not None and (
        baseline.organisation_id != client.pk or not baseline.is_completed
    ):
        raise ValueError("A baseline is a completed assessment of the same client.")
    roles = client.workspace.role_list if client.workspace else []
    with transaction.atomic():
        assessment = Assessment(
            organisation=client,
            catalog=catalog,
            language=language,
            mode=Assessment.Mode.DISTRIBUTED,
            created_by=created_by,
            baseline=baseline,
        )
        assessment.full_clean()
        assessment.save()
        return _workshop_create(
            assessment=assessment,
            naming=naming,
            pacing=pacing,
            leadership_role=roles[0] if roles else "",
        )


def _workshop_create(
    *, assessment: Assessment, naming: str, pacing: str, leadership_role: str
) -> Workshop:
    workshop = Workshop(
        assessment=assessment,
        naming=naming,
        pacing=pacing,
        leadership_role=leadership_role,
        current_pillar_key=_first_pillar_key(assessment.catalog),
    )
    workshop.full_clean(exclude=["join_code"])
    # A join code drawn twice (1 in 244 million per pair) is drawn again.
    for _attempt in range(_CODE_ATTEMPTS):
        workshop.join_code = new_join_code()
        try:
            with transaction.atomic():
                workshop.save()
            break
        except IntegrityError:
            workshop.pk = None
    else:
        raise RuntimeError("No free join code found.")
    return workshop


def workshop_import(
    *,
    data: WorkshopImportData,
    catalog: CatalogVersion,
    client: Organisation | None = None,
) -> Workshop:
    """A paper workshop from a validated file, all or nothing: closed, every pillar revealed.

    With `client` (a workspace's client) the workshop is that client's; otherwise it belongs to
    a new organisation named in the file, reached through the assessment's private link only.
    Each participant's answers go through `answers_save`, the agreed levels through
    `consensus_record`, as in a live workshop.
    """
    if client is not None and client.workspace_id is None:
        raise ValueError("Only a workspace's clients get client assessments.")
    questions = {question.key: question for question in catalog.questions.all()}
    with transaction.atomic():
        if client is None:
            client = Organisation(
                name=data.organisation_name,
                industry=data.industry,
                size_band=data.size_band,
                country=data.country,
            )
            client.full_clean()
            client.save()
        assessment = Assessment(
            organisation=client,
            catalog=catalog,
            language=data.language,
            mode=Assessment.Mode.DISTRIBUTED,
        )
        assessment.full_clean()
        assessment.save()
        workshop = _workshop_create(
            assessment=assessment,
            naming=data.naming,
            pacing=Workshop.Pacing.SELF,
            leadership_role=data.leadership_role,
        )
        finished_at = timezone.now()
        for sheet in data.participants:
            participant = Participant.objects.create(
                assessment=assessment,
                # The parser refuses names in an anonymous file; this keeps the invariant anyway.
                name="" if workshop.is_anonymous else sheet.name,
                role=sheet.role,
                token=new_token(),
                finished_at=finished_at,
            )
            answers_save(
                participant=participant,
                answers=[
                    AnswerInput(
                        question=questions[key],
                        value=sheet.answers.get(key, NOTHING_PICKED),
                        comment=sheet.comments.get(key, ""),
                    )
                    for key in sorted(set(sheet.answers) | set(sheet.comments))
                ],
            )
        for key, agreed in sorted(data.consensus.items()):
            consensus_record(
                assessment=assessment,
                question=questions[key],
                level=agreed.level,
                note=agreed.note,
                minority_note=agreed.minority_note,
            )
        workshop_reveal(workshop=workshop)
        workshop_close(workshop=workshop)
    return workshop


def participant_join(*, workshop: Workshop, name: str = "", role: str = "") -> Participant:
    """A new participant with their own private link; the name is dropped when anonymous."""
    if not workshop.is_open:
        raise WorkshopClosed
    name = "" if workshop.is_anonymous else " ".join(name.split())[:MAX_NAME_LENGTH]
    roles = workshop.assessment.organisation.workspace.role_list  # type: ignore[union-attr]
    if role and role not in roles:
        raise ValueError(f"{role!r} is not one of the workspace's roles")
    return Participant.objects.create(
        assessment=workshop.assessment,
        name=name,
        role=role,
        token=new_token(),
        last_pillar_key=workshop.current_pillar_key,
    )


def participant_finish(*, participant: Participant) -> Participant:
    """The participant says they are done (they may still change answers while it is open)."""
    if participant.finished_at is None:
        participant.finished_at = timezone.now()
        participant.save(update_fields=["finished_at"])
    return participant


def _touch(workshop: Workshop, **changes: object) -> Workshop:
    for field, value in changes.items():
        setattr(workshop, field, value)
    workshop.save(update_fields=[*changes, "updated_at"])
    return workshop


def workshop_move(*, workshop: Workshop, pillar_key: str) -> Workshop:
    """Facilitator-paced: every phone now shows this pillar."""
    if pillar_key not in _pillar_keys(workshop.assessment):
        raise ValueError(f"no pillar {pillar_key!r} in this workshop's catalog")
    return _touch(workshop, current_pillar_key=pillar_key)


def workshop_reveal(*, workshop: Workshop, pillar_key: str | None = None) -> Workshop:
    """Show the team results to the participants: of one pillar, or of all (pillar_key None)."""
    keys = _pillar_keys(workshop.assessment)
    if pillar_key is None:
        revealed = keys
    elif pillar_key in keys:
        revealed = [key for key in keys if key == pillar_key or workshop.is_revealed(key)]
    else:
        raise ValueError(f"no pillar {pillar_key!r} in this workshop's catalog")
    return _touch(workshop, revealed_pillar_keys=revealed)


def workshop_hide(*, workshop: Workshop) -> Workshop:
    """Hide the team results from the participants again."""
    return _touch(workshop, revealed_pillar_keys=[])


def workshop_close(*, workshop: Workshop) -> Workshop:
    """No more joining or answering; the assessment is completed (and its report available)."""
    with transaction.atomic():
        assessment_finish(assessment=workshop.assessment)
        if workshop.closed_at is None:
            _touch(workshop, closed_at=timezone.now())
    return workshop


def workshop_reopen(*, workshop: Workshop) -> Workshop:
    """Take answers again, with the same join code."""
    with transaction.atomic():
        assessment_reopen(assessment=workshop.assessment)
        if workshop.closed_at is not None:
            _touch(workshop, closed_at=None)
    return workshop


def consensus_record(
    *,
    assessment: Assessment,
    question: Question,
    level: int,
    note: str = "",
    minority_note: str = "",
    recorded_by: User | None = None,
) -> Consensus:
    """Record (or change) the level the team agreed on for one question, with its notes."""
    if question.catalog_id != assessment.catalog_id:
        raise ValueError("question does not belong to this assessment's catalog")
    if not 1 <= level <= 5:
        raise ValueError(f"level must be 1..5, got {level!r}")
    for text in (note, minority_note):
        if len(text) > MAX_COMMENT_LENGTH:
            raise ValueError("note too long")
    consensus, _created = Consensus.objects.update_or_create(
        assessment=assessment,
        question=question,
        defaults={
            "level": level,
            "note": note,
            "minority_note": minority_note,
            "recorded_by": recorded_by,
        },
    )
    return consensus


def consensus_clear(*, assessment: Assessment, question: Question) -> None:
    Consensus.objects.filter(assessment=assessment, question=question).delete()
