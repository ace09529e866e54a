"""Reads for the facilitator: who joined, how far each participant is, and whether anything changed.

The facilitator view polls every 2 seconds. `live_fingerprint` answers "did anything change?" in
one query, so an unchanged board costs the poll no more than that (the view answers 304); the
board itself is read in three queries, whatever the number of participants.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from pillars.models import Pillar

from .models import Answer, Participant, Workshop
from .selectors import ANSWERED_STATUSES


def live_fingerprint(workshop: Workshop) -> str:
    """A short value that changes whenever the facilitator board would (one query).

    Joins, answers given, changed or cleared, participants finishing, and every facilitator
    action (it stamps the workshop's updated_at, read with the workshop itself) change it.
    """
    figures = Participant.objects.filter(assessment_id=workshop.assessment_id).aggregate(
        participant_count=Count("id", distinct=True),
        last_join=Max("created_at"),
        last_finish=Max("finished_at"),
        answer_count=Count("answers"),
        last_answer=Max("answers__updated_at"),
    )
    parts = [
        workshop.updated_at.isoformat(),
        str(workshop.closed_at),
        *(str(figures[name]) for name in sorted(figures)),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def participant_label(participant: Participant, number: int, *, anonymous: bool) -> str:
    """The name to show: never a name in an anonymous workshop, a number when none was given."""
    if participant.name and not anonymous:
        return participant.name
    return _("Participant %(number)s") % {"number": number}


@dataclass(frozen=True)
class PillarProgress:
    pillar: Pillar
    questions: int
    complete: int  # participants who answered every question of the pillar
    answered: int  # answers given in this pillar, by everyone
    possible: int  # questions × participants

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.possible) if self.possible else 0


@dataclass(frozen=True)
class ParticipantRow:
    number: int  # in order of joining, from 1
    label: str
    role: str
    answered: int
    total: int
    finished: bool
    current_pillar_key: str

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.answered >= self.total


@dataclass(frozen=True)
class Board:
    workshop: Workshop
    pillars: list[PillarProgress]
    participants: list[ParticipantRow]
    fingerprint: str

    @property
    def finished(self) -> int:
        return sum(1 for row in self.participants if row.finished or row.complete)

    @property
    def current_pillar(self) -> Pillar | None:
        key = self.workshop.current_pillar_key
        return next((item.pillar for item in self.pillars if item.pillar.key == key), None)


def facilitator_board(workshop: Workshop, *, fingerprint: str | None = None) -> Board:
    """Everything the facilitator view shows, in four queries (three given the fingerprint)."""
    assessment = workshop.assessment
    pillars = list(
        assessment.catalog.pillars.order_by("order").annotate(question_count=Count("questions"))
    )
    participants = list(assessment.participants.order_by("created_at", "pk"))
    answered: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (
        Answer.objects.filter(participant__assessment=assessment, status__in=ANSWERED_STATUSES)
        .values_list("participant_id", "question__pillar_id")
        .annotate(n=Count("id"))
    )
    for participant_id, pillar_id, n in rows:
        answered[participant_id][pillar_id] = n
    progress = []
    for pillar in pillars:
        questions: int = pillar.question_count
        counts = [answered[participant.pk].get(pillar.pk, 0) for participant in participants]
        progress.append(
            PillarProgress(
                pillar=pillar,
                questions=questions,
                complete=sum(1 for n in counts if n >= questions),
                answered=sum(counts),
                possible=questions * len(participants),
            )
        )
    total = sum(item.questions for item in progress)
    participant_rows = [
        ParticipantRow(
            number=number,
            label=participant_label(participant, number, anonymous=workshop.is_anonymous),
            role=participant.role,
            answered=sum(answered[participant.pk].values()),
            total=total,
            finished=participant.finished_at is not None,
            current_pillar_key=participant.last_pillar_key,
        )
        for number, participant in enumerate(participants, start=1)
    ]
    return Board(
        workshop=workshop,
        pillars=progress,
        participants=participant_rows,
        fingerprint=fingerprint or live_fingerprint(workshop),
    )
