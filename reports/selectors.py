"""Reads for results and reports: an assessment's answers, scored, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment.models import Answer, Assessment, Participant
from assessment.selectors import answers_by_question, participant_for, pillars_with_questions
from pillars.models import Pillar, Question

from . import scoring


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
    pillars = pillars_with_questions(assessment, recommendations=True)
    answers = answers_by_question(participant)
    specs, plain = scoring_input(pillars, answers)
    return ScoredAssessment(
        assessment=assessment,
        participant=participant,
        pillars=pillars,
        answers=answers,
        result=scoring.score_assessment(specs, plain),
        questions_by_key={q.key: q for p in pillars for q in p.questions.all()},
    )
