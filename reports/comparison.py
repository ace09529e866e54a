"""The change between two scored assessments: pure functions on frozen dataclasses.

Like scoring.py this module takes plain data (two ``scoring.AssessmentResult``) and returns plain
data: no Django, no ORM, no translations. "Before" is the earlier assessment (the baseline),
"now" the later one; swapping them negates every delta and swaps "improved" and "declined".

Questions are matched by their key, so two assessments on different catalog versions compare
where their questions agree:

- a key in both catalogs with a level picked in both: *improved*, *declined* or *unchanged*;
- a key in both catalogs with a level in only one of them: *answered once*;
- a key in both catalogs without a level in either: *not answered*;
- a key in only one of the two catalogs: *not comparable*.

Every question of either catalog falls in exactly one of these groups. Pillars are matched by
key as well; a pillar's (and the overall) delta exists only when both sides have a score.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .scoring import AssessmentResult, PillarResult, QuestionResult

IMPROVED = "improved"
DECLINED = "declined"
UNCHANGED = "unchanged"
ANSWERED_ONCE = "answered_once"
NOT_ANSWERED = "not_answered"
NOT_COMPARABLE = "not_comparable"
KINDS = (IMPROVED, DECLINED, UNCHANGED, ANSWERED_ONCE, NOT_ANSWERED, NOT_COMPARABLE)

_SWAPPED = {IMPROVED: DECLINED, DECLINED: IMPROVED}


def _delta(before: float | None, now: float | None) -> float | None:
    return None if before is None or now is None else now - before


@dataclass(frozen=True)
class QuestionChange:
    key: str
    pillar_key: str  # the pillar in "now", else in "before"
    before: int | None  # the level picked, None without one (or not in that catalog)
    now: int | None
    kind: str  # one of KINDS
    in_before: bool  # the key is in the earlier catalog
    in_now: bool

    @property
    def delta(self) -> int | None:
        """Levels gained (negative: lost); None unless both sides have a level."""
        if self.before is None or self.now is None:
            return None
        return self.now - self.before


@dataclass(frozen=True)
class PillarChange:
    key: str
    before: float | None  # the pillar's score, None without enough answers or not in the catalog
    now: float | None

    @property
    def delta(self) -> float | None:
        return _delta(self.before, self.now)


@dataclass(frozen=True)
class ChangeCounts:
    improved: int = 0
    declined: int = 0
    unchanged: int = 0
    answered_once: int = 0
    not_answered: int = 0
    not_comparable: int = 0

    @property
    def total(self) -> int:
        return (
            self.improved
            + self.declined
            + self.unchanged
            + self.answered_once
            + self.not_answered
            + self.not_comparable
        )

    def of(self, kind: str) -> int:
        if kind not in KINDS:
            raise ValueError(f"unknown kind of change {kind!r}")
        value: int = getattr(self, kind)
        return value


@dataclass(frozen=True)
class Comparison:
    overall_before: float | None
    overall_now: float | None
    pillars: tuple[PillarChange, ...]  # "now"'s order, then pillars only "before" has
    questions: tuple[QuestionChange, ...]  # the same order, questions by catalog order
    counts: ChangeCounts

    @property
    def overall_delta(self) -> float | None:
        return _delta(self.overall_before, self.overall_now)

    def questions_of(self, kind: str) -> tuple[QuestionChange, ...]:
        return tuple(question for question in self.questions if question.kind == kind)


def _questions(result: AssessmentResult) -> Iterator[tuple[str, QuestionResult]]:
    for pillar in result.pillars:
        for question in pillar.questions:
            yield pillar.key, question


def _kind(before: QuestionResult | None, now: QuestionResult | None) -> str:
    if before is None or now is None:
        return NOT_COMPARABLE
    if before.level is None and now.level is None:
        return NOT_ANSWERED
    if before.level is None or now.level is None:
        return ANSWERED_ONCE
    if now.level > before.level:
        return IMPROVED
    if now.level < before.level:
        return DECLINED
    return UNCHANGED


def compare(before: AssessmentResult, now: AssessmentResult) -> Comparison:
    """The change from ``before`` to ``now`` (see the module docstring)."""
    before_questions = {q.key: (pillar, q) for pillar, q in _questions(before)}
    now_questions = {q.key: (pillar, q) for pillar, q in _questions(now)}
    keys = list(now_questions) + [key for key in before_questions if key not in now_questions]
    changes = []
    for key in keys:
        before_pillar, before_question = before_questions.get(key, ("", None))
        now_pillar, now_question = now_questions.get(key, ("", None))
        changes.append(
            QuestionChange(
                key=key,
                pillar_key=now_pillar or before_pillar,
                before=before_question.level if before_question else None,
                now=now_question.level if now_question else None,
                kind=_kind(before_question, now_question),
                in_before=before_question is not None,
                in_now=now_question is not None,
            )
        )
    counts = ChangeCounts(
        **{kind: sum(1 for change in changes if change.kind == kind) for kind in KINDS}
    )

    before_pillars: dict[str, PillarResult] = {p.key: p for p in before.pillars}
    now_pillars: dict[str, PillarResult] = {p.key: p for p in now.pillars}
    pillar_keys = list(now_pillars) + [key for key in before_pillars if key not in now_pillars]
    pillars = tuple(
        PillarChange(
            key=key,
            before=before_pillars[key].score if key in before_pillars else None,
            now=now_pillars[key].score if key in now_pillars else None,
        )
        for key in pillar_keys
    )
    return Comparison(
        overall_before=before.score,
        overall_now=now.score,
        pillars=pillars,
        questions=tuple(changes),
        counts=counts,
    )


def swapped_kind(kind: str) -> str:
    """The kind a change has when before and now trade places."""
    return _SWAPPED.get(kind, kind)
