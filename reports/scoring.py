"""Scoring of an assessment: pure functions on frozen dataclasses.

This module is the single place where scores are computed (DESIGN.md, "Scoring"). It takes plain
data and returns plain data: no Django, no ORM, no translations. A selector loads the catalog and
the answers into ``PillarSpec``/``Answer`` values and calls ``score_assessment``; the results page,
the PDF and the exports all read the returned ``AssessmentResult``, so a number is computed once.

Conventions:

- A question score is ``(level - 1) / 4 * 100``: level 1 → 0, 2 → 25, 3 → 50, 4 → 75, 5 → 100.
- "Don't know" and unanswered questions are left out of every score and lower the coverage;
  "not applicable" questions are left out of every score *and* out of the coverage.
- Means are weighted means, ``sum(weight * score) / sum(weight)``. Weights must be positive
  (the catalog format requires ``weight > 0``).
- Results are computed in catalog order; the order of the answers mapping never matters.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from pillars.constants import DEFAULT_TARGET_LEVEL, MIN_COVERAGE

ANSWER_LEVEL = "level"
ANSWER_DONT_KNOW = "dont_know"
ANSWER_NOT_APPLICABLE = "n_a"
# Never stored: the status of a question with no level picked (missing from the answers mapping,
# or an answer that so far only carries a target or a comment).
ANSWER_UNANSWERED = "unanswered"
ANSWER_STATUSES = (ANSWER_LEVEL, ANSWER_DONT_KNOW, ANSWER_NOT_APPLICABLE)

MIN_LEVEL = 1
MAX_LEVEL = 5

# (lower bound, maturity level): a score belongs to the last band whose lower bound it reaches.
# [0, 20) → 1, [20, 40) → 2, [40, 60) → 3, [60, 80) → 4, [80, 100] → 5.
LEVEL_BANDS: tuple[tuple[float, int], ...] = ((0, 1), (20, 2), (40, 3), (60, 4), (80, 5))

STRENGTH_THRESHOLD = 75
WEAKNESS_THRESHOLD = 25

# Two questions diverge when the team's answers are at least this many levels apart.
DIVERGENCE_LEVELS = 2


def _check_level(level: int, what: str = "level") -> None:
    # bool is an int subclass; True must not silently count as level 1.
    if isinstance(level, bool) or not isinstance(level, int) or not MIN_LEVEL <= level <= MAX_LEVEL:
        raise ValueError(
            f"{what} must be an integer from {MIN_LEVEL} to {MAX_LEVEL}, got {level!r}"
        )


def _check_weight(weight: float, owner: str) -> None:
    if not math.isfinite(weight) or weight <= 0:
        raise ValueError(f"weight of {owner!r} must be a finite number > 0, got {weight!r}")


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    weight: float = 1.0

    def __post_init__(self) -> None:
        _check_weight(self.weight, self.key)


@dataclass(frozen=True)
class PillarSpec:
    key: str
    questions: tuple[QuestionSpec, ...]
    weight: float = 1.0

    def __post_init__(self) -> None:
        _check_weight(self.weight, self.key)
        # Accept any sequence but store a tuple, so the spec stays immutable and hashable.
        object.__setattr__(self, "questions", tuple(self.questions))
        keys = [question.key for question in self.questions]
        if len(set(keys)) != len(keys):
            raise ValueError(f"pillar {self.key!r} has duplicate question keys")


@dataclass(frozen=True)
class Answer:
    """One question's answer.

    ``level`` is set exactly when a level was picked (``status == "level"``). An answer with
    status "level" but no level yet (only a target or a comment) counts as unanswered.
    """

    level: int | None = None
    status: str = ANSWER_LEVEL
    target: int | None = None
    # A team's mean level (1.0..5.0) when it scores instead of ``level`` (reports/team.py):
    # the score is then (mean - 1) / 4 * 100, while ``level`` stays the whole level that picks
    # the next step. None for one person's answer and for a team's agreed (consensus) level.
    mean: float | None = None

    def __post_init__(self) -> None:
        if self.status not in ANSWER_STATUSES:
            raise ValueError(f"unknown answer status {self.status!r}")
        if self.level is not None:
            if self.status != ANSWER_LEVEL:
                raise ValueError(f"an answer with status {self.status!r} cannot have a level")
            _check_level(self.level)
        if self.target is not None:
            _check_level(self.target, "target")
        if self.mean is not None:
            if self.level is None:
                raise ValueError("an answer with a mean needs the level it stands for")
            if not math.isfinite(self.mean) or not MIN_LEVEL <= self.mean <= MAX_LEVEL:
                raise ValueError(f"mean must be from {MIN_LEVEL} to {MAX_LEVEL}, got {self.mean!r}")


def question_score(level: int) -> float:
    """Score 0..100 of a level 1..5: (level - 1) / 4 * 100."""
    _check_level(level)
    return (level - 1) / 4 * 100


def mean_score(mean: float) -> float:
    """Score 0..100 of a mean level 1.0..5.0: (mean - 1) / 4 * 100, clamped against rounding."""
    if not math.isfinite(mean) or not MIN_LEVEL <= mean <= MAX_LEVEL:
        raise ValueError(f"mean must be from {MIN_LEVEL} to {MAX_LEVEL}, got {mean!r}")
    return min(max((mean - 1) / 4 * 100, 0.0), 100.0)


def level_for_score(score: float) -> int:
    """Maturity level 1..5 of a score 0..100 (see LEVEL_BANDS)."""
    if not 0 <= score <= 100:  # also rejects NaN
        raise ValueError(f"score must be from 0 to 100, got {score!r}")
    level = LEVEL_BANDS[0][1]
    for lower_bound, band_level in LEVEL_BANDS:
        if score >= lower_bound:
            level = band_level
    return level


def _weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Weighted mean of (weight, value) pairs; None when there are none.

    fsum keeps the result exact up to one rounding, so it does not depend on the order of the
    pairs and never decreases when a value increases. The clamp removes the last rounding error:
    a mean of values from 0 to 100 must never come out as 100.00000000000001.
    """
    pairs = list(pairs)
    if not pairs:
        return None
    values = [value for _, value in pairs]
    mean = math.fsum(weight * value for weight, value in pairs) / math.fsum(
        weight for weight, _ in pairs
    )
    return min(max(mean, min(values)), max(values))


@dataclass(frozen=True)
class QuestionResult:
    key: str
    level: int | None  # None unless a level was picked
    status: str  # "level", "dont_know", "n_a" or "unanswered"
    score: float | None  # question_score(level), None unless answered
    weight: float
    target: int  # the answer's target, else DEFAULT_TARGET_LEVEL
    gap: int | None  # target - level when answered (negative when beyond the target)
    contribution: float | None  # weight * score: this question's share of the pillar's sum
    mean: float | None = None  # a team's mean level when it gave the score (see Answer.mean)

    @property
    def answered(self) -> bool:
        return self.level is not None


def _score_question(question: QuestionSpec, answer: Answer | None) -> QuestionResult:
    target = DEFAULT_TARGET_LEVEL
    if answer is not None and answer.target is not None:
        target = answer.target
    if answer is None or (answer.status == ANSWER_LEVEL and answer.level is None):
        status = ANSWER_UNANSWERED
    else:
        status = answer.status
    if answer is None or answer.level is None:
        return QuestionResult(
            key=question.key,
            level=None,
            status=status,
            score=None,
            weight=question.weight,
            target=target,
            gap=None,
            contribution=None,
        )
    score = question_score(answer.level) if answer.mean is None else mean_score(answer.mean)
    return QuestionResult(
        key=question.key,
        level=answer.level,
        status=status,
        score=score,
        weight=question.weight,
        target=target,
        gap=target - answer.level,
        contribution=question.weight * score,
        mean=answer.mean,
    )


@dataclass(frozen=True)
class PillarResult:
    key: str
    weight: float
    questions: tuple[QuestionResult, ...]  # in catalog order
    answered: int  # questions with a level
    applicable: int  # questions that are not "n_a"
    coverage: float  # answered / applicable, 0.0 when nothing is applicable
    enough_answers: bool  # coverage >= MIN_COVERAGE and at least one answer
    score: float | None  # weighted mean of the answered scores, None without enough answers
    raw_score: float | None  # the same mean regardless of coverage, None when nothing answered
    level: int | None  # level_for_score(score)
    strongest: QuestionResult | None  # highest answered score, first in catalog order on ties
    weakest: QuestionResult | None  # lowest answered score, first in catalog order on ties
    target_score: float | None  # weighted mean of the answered questions' target scores


def score_pillar(pillar: PillarSpec, answers: Mapping[str, Answer]) -> PillarResult:
    """Score one pillar from the answers (keyed by question key; other keys are ignored)."""
    questions = tuple(
        _score_question(question, answers.get(question.key)) for question in pillar.questions
    )
    answered = [question for question in questions if question.score is not None]
    applicable = sum(1 for question in questions if question.status != ANSWER_NOT_APPLICABLE)
    coverage = len(answered) / applicable if applicable else 0.0
    enough_answers = bool(answered) and coverage >= MIN_COVERAGE
    raw_score = _weighted_mean((q.weight, q.score) for q in answered if q.score is not None)
    score = raw_score if enough_answers else None
    target_score = _weighted_mean((q.weight, question_score(q.target)) for q in answered)
    # max()/min() return the first of equal items, which is the first in catalog order.
    strongest = max(answered, key=lambda q: q.score or 0.0, default=None)
    weakest = min(answered, key=lambda q: q.score or 0.0, default=None)
    return PillarResult(
        key=pillar.key,
        weight=pillar.weight,
        questions=questions,
        answered=len(answered),
        applicable=applicable,
        coverage=coverage,
        enough_answers=enough_answers,
        score=score,
        raw_score=raw_score,
        level=None if score is None else level_for_score(score),
        strongest=strongest,
        weakest=weakest,
        target_score=target_score,
    )


@dataclass(frozen=True)
class NextStep:
    """The recommendation for ``from_level`` of one question (the step to ``from_level + 1``)."""

    question_key: str
    pillar_key: str
    from_level: int
    gap: int  # target - from_level, always > 0
    priority: float  # gap * question weight * pillar weight


@dataclass(frozen=True)
class AssessmentResult:
    """The scored assessment.

    ``strengths`` holds the pillars with a score >= STRENGTH_THRESHOLD (in catalog order), then
    the answered questions with a score >= STRENGTH_THRESHOLD (in catalog order, from every
    pillar, also from pillars without enough answers: one answer is its own evidence).
    ``weaknesses`` is built the same way with score <= WEAKNESS_THRESHOLD. Tell the two kinds
    apart with ``isinstance``; ``pillar_for_question`` finds a question's pillar.
    """

    pillars: tuple[PillarResult, ...]  # in catalog order
    score: float | None  # weighted mean of the scores of pillars with enough answers
    level: int | None
    answered: int
    total: int
    strengths: tuple[PillarResult | QuestionResult, ...]
    weaknesses: tuple[PillarResult | QuestionResult, ...]
    next_steps: tuple[NextStep, ...]  # highest priority first

    @property
    def questions_answered(self) -> int:
        """The count people see as "X of Y questions answered": a level or "not applicable".

        "Don't know" is not counted: like a blank it lowers the coverage, so "Y of Y answered"
        means full coverage. ``answered`` (levels only) stays the coverage's numerator. The
        questionnaire counts the same (assessment.models.COUNTS_AS_ANSWERED).
        """
        not_applicable = sum(len(pillar.questions) - pillar.applicable for pillar in self.pillars)
        return self.answered + not_applicable

    def pillar_for_question(self, question_key: str) -> PillarResult:
        for pillar in self.pillars:
            if any(question.key == question_key for question in pillar.questions):
                return pillar
        raise KeyError(question_key)


def _is_strength(score: float) -> bool:
    return score >= STRENGTH_THRESHOLD


def _is_weakness(score: float) -> bool:
    return score <= WEAKNESS_THRESHOLD


def _highlights(
    pillars: Sequence[PillarResult], keep: Callable[[float], bool]
) -> tuple[PillarResult | QuestionResult, ...]:
    chosen: list[PillarResult | QuestionResult] = [
        pillar for pillar in pillars if pillar.score is not None and keep(pillar.score)
    ]
    for pillar in pillars:
        chosen.extend(q for q in pillar.questions if q.score is not None and keep(q.score))
    return tuple(chosen)


def _next_steps(pillars: Sequence[PillarResult]) -> tuple[NextStep, ...]:
    candidates: list[tuple[int, NextStep]] = []
    for pillar in pillars:
        for question in pillar.questions:
            level, gap = question.level, question.gap
            # Level 5 has no recommendation; a target at or below the level asks for nothing.
            if level is None or gap is None or gap <= 0 or level >= MAX_LEVEL:
                continue
            step = NextStep(
                question_key=question.key,
                pillar_key=pillar.key,
                from_level=level,
                gap=gap,
                priority=gap * question.weight * pillar.weight,
            )
            candidates.append((len(candidates), step))
    # Rounding the priority in the sort key makes products that are equal on paper (2 × 1.5 and
    # 3 × 1.0) tie even when floating point leaves them a last bit apart.
    candidates.sort(key=lambda item: (-round(item[1].priority, 9), item[1].from_level, item[0]))
    return tuple(step for _, step in candidates)


def score_assessment(
    pillars: Sequence[PillarSpec], answers: Mapping[str, Answer]
) -> AssessmentResult:
    """Score every pillar and the whole assessment (see the module docstring)."""
    pillar_keys = [pillar.key for pillar in pillars]
    if len(set(pillar_keys)) != len(pillar_keys):
        raise ValueError("duplicate pillar keys")
    question_keys = [question.key for pillar in pillars for question in pillar.questions]
    if len(set(question_keys)) != len(question_keys):
        raise ValueError("duplicate question keys across pillars")

    results = tuple(score_pillar(pillar, answers) for pillar in pillars)
    score = _weighted_mean((p.weight, p.score) for p in results if p.score is not None)
    return AssessmentResult(
        pillars=results,
        score=score,
        level=None if score is None else level_for_score(score),
        answered=sum(pillar.answered for pillar in results),
        total=len(question_keys),
        strengths=_highlights(results, _is_strength),
        weaknesses=_highlights(results, _is_weakness),
        next_steps=_next_steps(results),
    )


def top_next_steps(result: AssessmentResult, limit: int = 5) -> tuple[NextStep, ...]:
    """The ``limit`` highest-priority next steps."""
    if limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit!r}")
    return result.next_steps[:limit]


@dataclass(frozen=True)
class QuestionSpread:
    """How the participants of a workshop answered one question."""

    key: str
    n: int
    mean: float
    median: float
    min: int
    max: int
    stdev: float  # population standard deviation, 0.0 for one answer
    divergent: bool  # max - min >= 2 levels: discuss before agreeing


def question_spread(key: str, levels: Sequence[int]) -> QuestionSpread | None:
    """Spread of the participants' levels for one question; None when nobody picked a level."""
    for level in levels:
        _check_level(level)
    if not levels:
        return None
    low, high = min(levels), max(levels)
    return QuestionSpread(
        key=key,
        n=len(levels),
        mean=statistics.fmean(levels),
        median=float(statistics.median(levels)),
        min=low,
        max=high,
        stdev=statistics.pstdev(levels),
        divergent=high - low >= DIVERGENCE_LEVELS,
    )


def team_answer(levels: Sequence[int], consensus: int | None) -> float | None:
    """The team's score for one question.

    A recorded consensus level counts; otherwise the score of the mean level,
    (mean - 1) / 4 * 100. None when there is neither.
    """
    for level in levels:
        _check_level(level)
    if consensus is not None:
        return question_score(consensus)
    if not levels:
        return None
    return (statistics.fmean(levels) - 1) / 4 * 100
