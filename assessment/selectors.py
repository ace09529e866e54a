"""Reads for assessments: each fetches what a page needs in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from pillars.models import Pillar, Question
from reports import scoring

from .models import Answer, AnswerStatus, Assessment, Participant

ANSWERED_STATUSES = (AnswerStatus.LEVEL, AnswerStatus.DONT_KNOW, AnswerStatus.NOT_APPLICABLE)


def assessment_for_token(token: str) -> Assessment | None:
    return Assessment.objects.select_related("organisation", "catalog").filter(token=token).first()


def participant_for(assessment: Assessment) -> Participant:
    """The participant of a self-assessment (created with it, so there always is one)."""
    participant = assessment.participants.order_by("pk").first()
    if participant is None:
        raise Participant.DoesNotExist(f"assessment {assessment.pk} has no participant")
    participant.assessment = assessment  # saves a query when services read it back
    return participant


def _pillars_with_questions(assessment: Assessment, *, recommendations: bool) -> list[Pillar]:
    lookups = ["levels", "recommendations"] if recommendations else ["levels"]
    questions = Question.objects.order_by("order").prefetch_related(*lookups)
    return list(
        assessment.catalog.pillars.order_by("order").prefetch_related(
            Prefetch("questions", queryset=questions)
        )
    )


def _answers_by_question(participant: Participant) -> dict[int, Answer]:
    return {answer.question_id: answer for answer in participant.answers.all()}


@dataclass
class Progress:
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


@dataclass
class PillarNavItem:
    pillar: Pillar
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered == self.total


@dataclass
class QuestionnairePage:
    assessment: Assessment
    participant: Participant
    pillar: Pillar
    questions: list[Question]
    answers: dict[int, Answer]
    nav: list[PillarNavItem]
    progress: Progress
    previous: Pillar | None
    next: Pillar | None


def _progress(pillars: list[Pillar], answers: dict[int, Answer]) -> tuple[list, Progress]:
    nav = []
    for pillar in pillars:
        questions = pillar.questions.all()
        answered = sum(
            1 for q in questions if q.pk in answers and answers[q.pk].status in ANSWERED_STATUSES
        )
        nav.append(PillarNavItem(pillar=pillar, answered=answered, total=len(questions)))
    progress = Progress(
        answered=sum(item.answered for item in nav), total=sum(item.total for item in nav)
    )
    return nav, progress


def questionnaire_page(
    assessment: Assessment, participant: Participant, pillar_key: str
) -> QuestionnairePage | None:
    pillars = _pillars_with_questions(assessment, recommendations=False)
    index = next((i for i, p in enumerate(pillars) if p.key == pillar_key), None)
    if index is None:
        return None
    answers = _answers_by_question(participant)
    nav, progress = _progress(pillars, answers)
    pillar = pillars[index]
    return QuestionnairePage(
        assessment=assessment,
        participant=participant,
        pillar=pillar,
        questions=list(pillar.questions.all()),
        answers=answers,
        nav=nav,
        progress=progress,
        previous=pillars[index - 1] if index > 0 else None,
        next=pillars[index + 1] if index + 1 < len(pillars) else None,
    )


@dataclass
class ReviewPage:
    nav: list[PillarNavItem]
    progress: Progress
    unanswered: list[tuple[Pillar, list[Question]]]
    dont_know: int


def review_page(assessment: Assessment, participant: Participant) -> ReviewPage:
    pillars = _pillars_with_questions(assessment, recommendations=False)
    answers = _answers_by_question(participant)
    nav, progress = _progress(pillars, answers)
    unanswered = []
    for pillar in pillars:
        missing = [
            q
            for q in pillar.questions.all()
            if q.pk not in answers or answers[q.pk].status not in ANSWERED_STATUSES
        ]
        if missing:
            unanswered.append((pillar, missing))
    dont_know = sum(1 for a in answers.values() if a.status == AnswerStatus.DONT_KNOW)
    return ReviewPage(nav=nav, progress=progress, unanswered=unanswered, dont_know=dont_know)


def first_pillar_key(assessment: Assessment) -> str | None:
    return assessment.catalog.pillars.order_by("order").values_list("key", flat=True).first()


def question_in_catalog(assessment: Assessment, key: str) -> Question | None:
    return Question.objects.filter(catalog_id=assessment.catalog_id, key=key).first()


@dataclass
class ScoredAssessment:
    """Everything the results page, the exports and the report are built from."""

    assessment: Assessment
    participant: Participant
    pillars: list[Pillar]
    answers: dict[int, Answer]
    result: scoring.AssessmentResult
    questions_by_key: dict[str, Question] = field(default_factory=dict)


def scoring_input(
    pillars: list[Pillar], answers: dict[int, Answer]
) -> tuple[list[scoring.PillarSpec], dict[str, scoring.Answer]]:
    """Turn catalog rows and stored answers into the plain data the scoring module takes."""
    specs = [
        scoring.PillarSpec(
            key=pillar.key,
            weight=float(pillar.weight),
            questions=tuple(
                scoring.QuestionSpec(key=q.key, weight=float(q.weight))
                for q in pillar.questions.all()
            ),
        )
        for pillar in pillars
    ]
    plain: dict[str, scoring.Answer] = {}
    for pillar in pillars:
        for question in pillar.questions.all():
            answer = answers.get(question.pk)
            if answer is None:
                continue
            # A blank status (only a target or a comment so far) is "level" without a level,
            # which the scoring module counts as unanswered but keeps the target of.
            plain[question.key] = scoring.Answer(
                level=answer.level,
                status=answer.status or scoring.ANSWER_LEVEL,
                target=answer.target,
            )
    return specs, plain


def scored_assessment(assessment: Assessment) -> ScoredAssessment:
    participant = participant_for(assessment)
    pillars = _pillars_with_questions(assessment, recommendations=True)
    answers = _answers_by_question(participant)
    specs, plain = scoring_input(pillars, answers)
    return ScoredAssessment(
        assessment=assessment,
        participant=participant,
        pillars=pillars,
        answers=answers,
        result=scoring.score_assessment(specs, plain),
        questions_by_key={q.key: q for p in pillars for q in p.questions.all()},
    )
