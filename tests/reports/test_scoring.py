"""Tests of reports.scoring: hand-computed tables first, then hypothesis properties.

Pure functions, so no database and no Django settings. Every expected number is worked out in the
comment beside it from the formulas in DESIGN.md ("Scoring"):
question score = (level - 1) / 4 * 100, i.e. 1 → 0, 2 → 25, 3 → 50, 4 → 75, 5 → 100.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.scoring import (
    ANSWER_DONT_KNOW,
    ANSWER_NOT_APPLICABLE,
    ANSWER_UNANSWERED,
    DEFAULT_TARGET_LEVEL,
    LEVEL_BANDS,
    MIN_COVERAGE,
    RELEVANCE_FACTORS,
    STRENGTH_THRESHOLD,
    WEAKNESS_THRESHOLD,
    Answer,
    AssessmentResult,
    NextStep,
    PillarResult,
    PillarSpec,
    QuestionResult,
    QuestionSpec,
    QuestionSpread,
    level_for_score,
    question_score,
    question_spread,
    score_assessment,
    score_pillar,
    team_answer,
    top_next_steps,
)

DK = Answer(status=ANSWER_DONT_KNOW)
NA = Answer(status=ANSWER_NOT_APPLICABLE)


def lvl(level: int, target: int | None = None) -> Answer:
    return Answer(level=level, target=target)


def make_pillar(key: str, weights: Sequence[float], weight: float = 1.0) -> PillarSpec:
    """A pillar whose questions are named key1, key2, … with the given weights."""
    questions = tuple(QuestionSpec(f"{key}{i}", w) for i, w in enumerate(weights, start=1))
    return PillarSpec(key, questions, weight)


def answers_for(key: str, answers: Sequence[Answer | None]) -> dict[str, Answer]:
    """Answers for key1, key2, … in order; None leaves that question out of the mapping."""
    return {f"{key}{i}": a for i, a in enumerate(answers, start=1) if a is not None}


def keys(items: Sequence[PillarResult | QuestionResult]) -> list[str]:
    return [item.key for item in items]


# --- constants -----------------------------------------------------------------------------------


def test_constants() -> None:
    assert DEFAULT_TARGET_LEVEL == 4
    assert MIN_COVERAGE == 0.5
    assert STRENGTH_THRESHOLD == 75
    assert WEAKNESS_THRESHOLD == 25
    assert LEVEL_BANDS == ((0, 1), (20, 2), (40, 3), (60, 4), (80, 5))


# --- question_score ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (1, 0.0),  # (1 - 1) / 4 * 100 = 0
        (2, 25.0),  # (2 - 1) / 4 * 100 = 25
        (3, 50.0),  # (3 - 1) / 4 * 100 = 50
        (4, 75.0),  # (4 - 1) / 4 * 100 = 75
        (5, 100.0),  # (5 - 1) / 4 * 100 = 100
    ],
)
def test_question_score(level: int, expected: float) -> None:
    assert question_score(level) == expected


@pytest.mark.parametrize("level", [0, 6, -1, True, 2.5, None, "3"])
def test_question_score_rejects_levels_outside_1_to_5(level: Any) -> None:
    with pytest.raises(ValueError):
        question_score(level)


# --- level_for_score -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0, 1),
        (19.999, 1),  # just under 20: still [0, 20)
        (20, 2),  # lower bound belongs to the upper band
        (39.999, 2),
        (40, 3),
        (59.999, 3),
        (60, 4),
        (79.999, 4),
        (80, 5),
        (100, 5),  # the last band is closed: [80, 100]
    ],
)
def test_level_for_score_bands(score: float, expected: int) -> None:
    assert level_for_score(score) == expected


@pytest.mark.parametrize("score", [-0.001, 100.001, -100, math.nan, math.inf])
def test_level_for_score_rejects_scores_outside_0_to_100(score: float) -> None:
    with pytest.raises(ValueError):
        level_for_score(score)


# --- input validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"status": "maybe"},
        {"level": 0},
        {"level": 6},
        {"level": 3, "status": ANSWER_DONT_KNOW},
        {"level": 3, "status": ANSWER_NOT_APPLICABLE},
        {"level": 3, "target": 0},
        {"target": 6},
    ],
)
def test_answer_rejects_inconsistent_data(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Answer(**kwargs)


@pytest.mark.parametrize("weight", [0, -1, math.nan, math.inf])
def test_specs_reject_weights_that_are_not_positive(weight: float) -> None:
    with pytest.raises(ValueError):
        QuestionSpec("q", weight)
    with pytest.raises(ValueError):
        PillarSpec("p", (), weight)


def test_pillar_spec_rejects_duplicate_question_keys_and_stores_a_tuple() -> None:
    with pytest.raises(ValueError):
        PillarSpec("p", (QuestionSpec("q"), QuestionSpec("q")))
    spec = PillarSpec("p", [QuestionSpec("q")])  # type: ignore[arg-type]
    assert spec.questions == (QuestionSpec("q"),)


def test_score_assessment_rejects_duplicate_keys() -> None:
    with pytest.raises(ValueError):
        score_assessment([make_pillar("a", [1]), make_pillar("a", [1])], {})
    with pytest.raises(ValueError):
        score_assessment([make_pillar("a", [1]), PillarSpec("b", (QuestionSpec("a1"),))], {})


# What the messages must say: the wrong field, its value, and which rule it broke. A developer
# who feeds the scoring bad data reads nothing else.
REFUSALS = [
    (lambda: Answer(status="maybe"), ValueError, "unknown answer status 'maybe'"),
    (
        lambda: Answer(level=3, status=ANSWER_DONT_KNOW),
        ValueError,
        "status 'dont_know' cannot have a level",
    ),
    (lambda: Answer(level=6), ValueError, "^level must be an integer from 1 to 5, got 6$"),
    (lambda: Answer(target=True), ValueError, "^target must be an integer from 1 to 5, got True"),
    (lambda: question_score(0), ValueError, "^level must be .* got 0$"),
    (lambda: QuestionSpec("q7", 0), ValueError, "weight of 'q7' must be a finite number > 0"),
    (lambda: PillarSpec("p7", (), -1), ValueError, "weight of 'p7' .* got -1$"),
    (
        lambda: PillarSpec("p7", (QuestionSpec("q"), QuestionSpec("q"))),
        ValueError,
        "pillar 'p7' has duplicate question keys",
    ),
    (lambda: level_for_score(101), ValueError, "score must be from 0 to 100, got 101"),
    (
        lambda: score_assessment([make_pillar("a", [1]), make_pillar("a", [1])], {}),
        ValueError,
        "^duplicate pillar keys$",
    ),
    (
        lambda: score_assessment(
            [make_pillar("a", [1]), PillarSpec("b", (QuestionSpec("a1"),))], {}
        ),
        ValueError,
        "^duplicate question keys across pillars$",
    ),
    (
        lambda: top_next_steps(score_assessment([make_pillar("a", [1])], {}), -2),
        ValueError,
        "limit must be >= 0, got -2",
    ),
    (
        lambda: score_assessment([make_pillar("a", [1])], {}).pillar_for_question("zz"),
        KeyError,
        "zz",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), REFUSALS)
def test_a_refusal_says_what_is_wrong(call: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()


def test_an_invalid_answer_level_never_reaches_the_score() -> None:
    # Answer validates itself, so score_pillar can trust every level it sees.
    with pytest.raises(ValueError):
        score_pillar(make_pillar("a", [1]), {"a1": Answer(level=9)})


# --- score_pillar --------------------------------------------------------------------------------

# Each case: question weights, answers in question order (None = missing from the mapping), and
# the expected answered, applicable, coverage, enough_answers, score, raw_score, level and
# target_score.
PILLAR_CASES = [
    pytest.param(
        [1, 1, 1],
        [lvl(1), lvl(3), lvl(5)],
        # (0 + 50 + 100) / 3 = 50 → level 3; targets all 4 → 75
        (3, 3, 1.0, True, 50.0, 50.0, 3, 75.0),
        id="uniform weights",
    ),
    pytest.param(
        [3, 1],
        [lvl(5), lvl(1)],
        # (3*100 + 1*0) / (3+1) = 300/4 = 75 → level 4 (an unweighted mean would give 50)
        (2, 2, 1.0, True, 75.0, 75.0, 4, 75.0),
        id="non-uniform weights 3:1",
    ),
    pytest.param(
        [2, 1, 1],
        [lvl(2), lvl(4), DK],
        # coverage 2/3; (2*25 + 1*75) / (2+1) = 125/3 = 41.67 → level 3
        (2, 3, 2 / 3, True, 125 / 3, 125 / 3, 3, 75.0),
        id="non-uniform weights with dont_know",
    ),
    pytest.param(
        [0.5, 1.5, 2],
        [lvl(5, target=5), lvl(3), lvl(2, target=3)],
        # (0.5*100 + 1.5*50 + 2*25) / (0.5+1.5+2) = (50+75+50)/4 = 175/4 = 43.75 → level 3
        # targets 5, 4, 3: (0.5*100 + 1.5*75 + 2*50) / 4 = (50+112.5+100)/4 = 262.5/4 = 65.625
        (3, 3, 1.0, True, 43.75, 43.75, 3, 65.625),
        id="fractional weights and targets",
    ),
    pytest.param(
        [1, 1, 1, 1],
        [lvl(3), lvl(4), DK, DK],
        # coverage 2/4 = 0.5 exactly: enough; (50 + 75) / 2 = 62.5 → level 4
        (2, 4, 0.5, True, 62.5, 62.5, 4, 75.0),
        id="coverage exactly 50 percent",
    ),
    pytest.param(
        [1, 1, 1, 1, 1, 1, 1, 1, 1],
        [lvl(3), lvl(4), lvl(3), lvl(4), DK, DK, DK, DK, DK],
        # coverage 4/9 = 0.444 < 0.5: not enough, no score, no level;
        # raw (50+75+50+75)/4 = 62.5 for "why this score"
        (4, 9, 4 / 9, False, None, 62.5, None, 75.0),
        id="coverage just under 50 percent",
    ),
    pytest.param(
        [1, 1, 1, 1, 1],
        [lvl(3), lvl(4), DK, DK, NA],
        # N/A leaves the denominator: coverage 2/(5-1) = 0.5: enough; (50+75)/2 = 62.5
        (2, 4, 0.5, True, 62.5, 62.5, 4, 75.0),
        id="coverage 50 percent after n/a",
    ),
    pytest.param(
        [1, 1, 1, 1],
        [lvl(3), lvl(4), None, None],
        # missing answers count like dont_know: coverage 2/4 = 0.5
        (2, 4, 0.5, True, 62.5, 62.5, 4, 75.0),
        id="unanswered counts like dont_know",
    ),
    pytest.param(
        [1, 1, 1],
        [lvl(2), Answer(target=5), None],
        # a target without a level is still unanswered: coverage 1/3 < 0.5; raw 25
        (1, 3, 1 / 3, False, None, 25.0, None, 75.0),
        id="target without level is unanswered",
    ),
    pytest.param(
        [1, 1, 1],
        [NA, NA, NA],
        # nothing applicable: coverage 0.0 by definition, nothing to score
        (0, 0, 0.0, False, None, None, None, None),
        id="all n/a",
    ),
    pytest.param(
        [1, 1],
        [DK, DK],
        # coverage 0/2 = 0
        (0, 2, 0.0, False, None, None, None, None),
        id="all dont_know",
    ),
    pytest.param(
        [],
        [],
        (0, 0, 0.0, False, None, None, None, None),
        id="no questions",
    ),
    pytest.param(
        [1, 1, 1],
        [lvl(1), NA, NA],
        # coverage 1/1 = 1.0; a single answer at level 1 → 0 → level 1
        (1, 1, 1.0, True, 0.0, 0.0, 1, 75.0),
        id="one answer, rest n/a",
    ),
]


@pytest.mark.parametrize(("weights", "answers", "expected"), PILLAR_CASES)
def test_score_pillar(
    weights: list[float], answers: list[Answer | None], expected: tuple[Any, ...]
) -> None:
    result = score_pillar(make_pillar("a", weights), answers_for("a", answers))

    answered, applicable, coverage, enough, score, raw_score, level, target_score = expected
    assert result.answered == answered
    assert result.applicable == applicable
    assert result.coverage == pytest.approx(coverage)
    assert result.enough_answers is enough
    assert result.score == pytest.approx(score)
    assert result.raw_score == pytest.approx(raw_score)
    assert result.level == level
    assert result.target_score == pytest.approx(target_score)


def test_dont_know_lowers_coverage_but_not_applicable_does_not() -> None:
    pillar = make_pillar("a", [1, 1, 1, 1])

    with_dont_know = score_pillar(pillar, answers_for("a", [lvl(2), lvl(4), DK, DK]))
    with_n_a = score_pillar(pillar, answers_for("a", [lvl(2), lvl(4), NA, NA]))

    assert with_dont_know.coverage == 0.5  # 2 / 4
    assert with_n_a.coverage == 1.0  # 2 / (4 - 2)
    # Neither counts as zero: both scores are (25 + 75) / 2 = 50.
    assert with_dont_know.score == with_n_a.score == 50.0


def test_question_results() -> None:
    pillar = make_pillar("a", [2, 1, 1, 1, 1])
    answers = answers_for("a", [lvl(2), lvl(3, target=5), DK, NA, None])

    q1, q2, q3, q4, q5 = score_pillar(pillar, answers).questions

    # level 2, weight 2: score 25, contribution 2*25 = 50, gap default 4 - 2 = 2
    assert q1 == QuestionResult("a1", 2, "level", 25.0, 2, 4, 2, 50.0)
    # level 3, target 5: score 50, contribution 1*50 = 50, gap 5 - 3 = 2
    assert q2 == QuestionResult("a2", 3, "level", 50.0, 1, 5, 2, 50.0)
    assert q3 == QuestionResult("a3", None, ANSWER_DONT_KNOW, None, 1, 4, None, None)
    assert q4 == QuestionResult("a4", None, ANSWER_NOT_APPLICABLE, None, 1, 4, None, None)
    assert q5 == QuestionResult("a5", None, ANSWER_UNANSWERED, None, 1, 4, None, None)
    assert [q.answered for q in (q1, q2, q3, q4, q5)] == [True, True, False, False, False]


def test_target_below_level_gives_negative_gap() -> None:
    [question] = score_pillar(make_pillar("a", [1]), {"a1": lvl(4, target=2)}).questions
    assert question.gap == -2  # 2 - 4


def test_strongest_and_weakest_break_ties_by_catalog_order() -> None:
    pillar = make_pillar("a", [1, 1, 1, 1, 1, 1])
    answers = answers_for("a", [DK, lvl(4), lvl(5), lvl(2), lvl(5), lvl(2)])

    result = score_pillar(pillar, answers)

    assert result.strongest is not None and result.strongest.key == "a3"  # first of a3, a5 (100)
    assert result.weakest is not None and result.weakest.key == "a4"  # first of a4, a6 (25)


def test_strongest_and_weakest_are_none_without_answers() -> None:
    result = score_pillar(make_pillar("a", [1, 1]), answers_for("a", [DK, NA]))
    assert result.strongest is None
    assert result.weakest is None


def test_answers_for_other_questions_are_ignored() -> None:
    pillar = make_pillar("a", [1])
    assert score_pillar(pillar, {"a1": lvl(3), "zz": lvl(5)}) == score_pillar(
        pillar, {"a1": lvl(3)}
    )


# --- score_assessment ----------------------------------------------------------------------------

CATALOG = (
    make_pillar("a", [1, 1], weight=2),
    make_pillar("b", [1, 1], weight=1),
    make_pillar("c", [1, 1, 1], weight=3),
)
ANSWERS = {
    **answers_for("a", [lvl(4), lvl(4)]),  # (75 + 75) / 2 = 75 → level 4
    **answers_for("b", [lvl(1), lvl(1)]),  # (0 + 0) / 2 = 0 → level 1
    **answers_for("c", [lvl(5), DK, DK]),  # coverage 1/3: not enough, left out of the overall
}


def test_score_assessment_overall() -> None:
    result = score_assessment(CATALOG, ANSWERS)

    assert [p.score for p in result.pillars] == [75.0, 0.0, None]
    # (2*75 + 1*0) / (2 + 1) = 150 / 3 = 50 → level 3; pillar c (weight 3) does not count
    assert result.score == 50.0
    assert result.level == 3
    assert result.answered == 5  # 2 + 2 + 1
    assert result.total == 7  # 2 + 2 + 3


@pytest.mark.parametrize(
    ("weights", "levels", "expected"),
    [
        ((1, 1), (5, 3), 75.0),  # (100 + 50) / 2 = 75 → level 4
        ((1, 3), (5, 3), 62.5),  # (1*100 + 3*50) / 4 = 250/4 = 62.5 → level 4
        ((3, 1), (5, 3), 87.5),  # (3*100 + 1*50) / 4 = 350/4 = 87.5 → level 5
        ((0.5, 2), (1, 2), 20.0),  # (0.5*0 + 2*25) / 2.5 = 50/2.5 = 20 → level 2
    ],
)
def test_overall_score_uses_pillar_weights(
    weights: tuple[float, float], levels: tuple[int, int], expected: float
) -> None:
    catalog = [make_pillar("a", [1], weight=weights[0]), make_pillar("b", [1], weight=weights[1])]
    result = score_assessment(catalog, {"a1": lvl(levels[0]), "b1": lvl(levels[1])})
    assert result.score == pytest.approx(expected)
    assert result.level == level_for_score(expected)


def test_overall_score_is_none_when_no_pillar_has_enough_answers() -> None:
    result = score_assessment(CATALOG, answers_for("c", [lvl(5), DK, DK]))
    assert result.score is None
    assert result.level is None
    assert result.answered == 1


def test_empty_assessment() -> None:
    result = score_assessment([], {})
    assert result == AssessmentResult((), None, None, 0, 0, (), (), ())


def test_strengths_and_weaknesses() -> None:
    result = score_assessment(CATALOG, ANSWERS)

    # Pillars first (a: 75 >= 75), then questions in catalog order (a1, a2: 75; c1: 100, which
    # counts although pillar c has too few answers for a pillar score).
    assert keys(result.strengths) == ["a", "a1", "a2", "c1"]
    assert isinstance(result.strengths[0], PillarResult)
    assert isinstance(result.strengths[1], QuestionResult)
    # b: 0 <= 25; b1, b2: 0 <= 25
    assert keys(result.weaknesses) == ["b", "b1", "b2"]


def test_strength_and_weakness_thresholds_are_inclusive() -> None:
    catalog = [make_pillar("s", [1, 1]), make_pillar("m", [1]), make_pillar("w", [1, 1])]
    answers = {
        **answers_for("s", [lvl(4), lvl(4)]),  # 75: a strength, exactly at the threshold
        **answers_for("m", [lvl(3)]),  # 50: neither
        **answers_for("w", [lvl(2), lvl(2)]),  # 25: a weakness, exactly at the threshold
    }
    result = score_assessment(catalog, answers)
    assert keys(result.strengths) == ["s", "s1", "s2"]
    assert keys(result.weaknesses) == ["w", "w1", "w2"]


def test_pillar_for_question() -> None:
    result = score_assessment(CATALOG, ANSWERS)
    assert result.pillar_for_question("b2").key == "b"
    with pytest.raises(KeyError):
        result.pillar_for_question("zz")


# --- next steps ----------------------------------------------------------------------------------

STEP_CATALOG = (
    PillarSpec("a", (QuestionSpec("a1"), QuestionSpec("a2", 1.5), QuestionSpec("a3")), 2),
    make_pillar("b", [3, 1, 1, 1, 1, 1], weight=1),
)
STEP_ANSWERS = {
    "a1": lvl(2),  # gap 4-2 = 2; priority 2 * 1 * 2 = 4
    "a2": lvl(3),  # gap 4-3 = 1; priority 1 * 1.5 * 2 = 3
    "a3": lvl(5, target=5),  # level 5: no recommendation
    "b1": lvl(3),  # gap 4-3 = 1; priority 1 * 3 * 1 = 3 (ties a2, same level: catalog order)
    "b2": lvl(1, target=5),  # gap 5-1 = 4; priority 4 * 1 * 1 = 4 (ties a1, lower level first)
    "b3": lvl(4, target=3),  # gap 3-4 = -1: beyond the target, no step
    "b4": lvl(4),  # gap 4-4 = 0: target reached, no step
    "b5": lvl(4, target=5),  # gap 5-4 = 1; priority 1 * 1 * 1 = 1
    "b6": DK,  # no level, no step
}


def test_next_steps_order_with_ties() -> None:
    result = score_assessment(STEP_CATALOG, STEP_ANSWERS)

    assert result.next_steps == (
        NextStep("b2", "b", 1, 4, 4.0),  # priority 4, level 1
        NextStep("a1", "a", 2, 2, 4.0),  # priority 4, level 2
        NextStep("a2", "a", 3, 1, 3.0),  # priority 3, level 3, earlier in the catalog
        NextStep("b1", "b", 3, 1, 3.0),  # priority 3, level 3
        NextStep("b5", "b", 4, 1, 1.0),  # priority 1
    )


def test_next_steps_tie_when_priorities_differ_only_by_float_rounding() -> None:
    catalog = [make_pillar("c", [0.1, 0.3])]
    answers = {
        "c1": lvl(2, target=5),  # 3 * 0.1 * 1 = 0.30000000000000004 in floating point
        "c2": lvl(1, target=2),  # 1 * 0.3 * 1 = 0.3: the same priority, lower level first
    }
    steps = score_assessment(catalog, answers).next_steps
    assert [step.question_key for step in steps] == ["c2", "c1"]


def test_a_higher_priority_goes_first_even_by_a_fraction() -> None:
    catalog = [make_pillar("d", [1.4, 0.6])]
    answers = {
        "d1": lvl(3),  # gap 1; priority 1 * 1.4 * 1 = 1.4
        "d2": lvl(1, target=3),  # gap 2; priority 2 * 0.6 * 1 = 1.2, lower level but lower priority
    }
    steps = score_assessment(catalog, answers).next_steps
    assert [step.question_key for step in steps] == ["d1", "d2"]


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (5, ["b2", "a1", "a2", "b1", "b5"]),
        (2, ["b2", "a1"]),
        (10, ["b2", "a1", "a2", "b1", "b5"]),
        (0, []),
    ],
)
def test_top_next_steps(limit: int, expected: list[str]) -> None:
    result = score_assessment(STEP_CATALOG, STEP_ANSWERS)
    assert [step.question_key for step in top_next_steps(result, limit)] == expected


def test_top_next_steps_default_limit_and_negative_limit() -> None:
    catalog = [make_pillar("a", [1] * 7)]
    result = score_assessment(catalog, answers_for("a", [lvl(1)] * 7))
    assert len(result.next_steps) == 7
    assert [s.question_key for s in top_next_steps(result)] == ["a1", "a2", "a3", "a4", "a5"]
    with pytest.raises(ValueError):
        top_next_steps(result, -1)


# --- several participants ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        # n=1: mean = median = 3, stdev 0
        ([3], QuestionSpread("q", 1, 3.0, 3.0, 3, 3, 0.0, False)),
        # mean (2+3)/2 = 2.5, median 2.5, deviations ±0.5 → sqrt(0.25) = 0.5; 3-2 = 1 < 2
        ([2, 3], QuestionSpread("q", 2, 2.5, 2.5, 2, 3, 0.5, False)),
        # mean 2, deviations ±1 → sqrt((1+1)/2) = 1; 3-1 = 2: divergent
        ([1, 3], QuestionSpread("q", 2, 2.0, 2.0, 1, 3, 1.0, True)),
        # mean 12/4 = 3, median (3+3)/2 = 3, sqrt((1+0+0+1)/4) = sqrt(0.5); 4-2 = 2: divergent
        ([4, 3, 2, 3], QuestionSpread("q", 4, 3.0, 3.0, 2, 4, math.sqrt(0.5), True)),
        # mean 11/3, median 5, deviations -8/3, 4/3, 4/3 → sqrt((64+16+16)/9/3) = sqrt(32/9)
        ([1, 5, 5], QuestionSpread("q", 3, 11 / 3, 5.0, 1, 5, math.sqrt(32 / 9), True)),
    ],
)
def test_question_spread(levels: list[int], expected: QuestionSpread) -> None:
    spread = question_spread("q", levels)
    assert spread is not None
    assert spread.mean == pytest.approx(expected.mean)
    assert spread.stdev == pytest.approx(expected.stdev)
    assert replace(spread, mean=expected.mean, stdev=expected.stdev) == expected


def test_question_spread_without_levels_and_with_bad_levels() -> None:
    assert question_spread("q", []) is None
    with pytest.raises(ValueError):
        question_spread("q", [3, 6])


@pytest.mark.parametrize(
    ("levels", "consensus", "expected"),
    [
        ([2, 3, 4], None, 50.0),  # mean 3 → (3-1)/4*100 = 50
        ([1, 2], None, 12.5),  # mean 1.5 → (1.5-1)/4*100 = 12.5
        ([1, 2, 2], None, 50 / 3),  # mean 5/3 → (2/3)/4*100 = 16.67
        ([1, 5], 4, 75.0),  # the consensus counts, not the mean 3: (4-1)/4*100 = 75
        ([], 3, 50.0),  # consensus without votes: (3-1)/4*100 = 50
        ([], None, None),  # neither
    ],
)
def test_team_answer(levels: list[int], consensus: int | None, expected: float | None) -> None:
    assert team_answer(levels, consensus) == pytest.approx(expected)


@pytest.mark.parametrize(("levels", "consensus"), [([0], None), ([3], 6), ([], 0)])
def test_team_answer_rejects_bad_levels(levels: list[int], consensus: int | None) -> None:
    with pytest.raises(ValueError):
        team_answer(levels, consensus)


# --- properties ----------------------------------------------------------------------------------

# No example database: the tests must not leave a .hypothesis folder in the project.
PROPERTY = settings(database=None, max_examples=200)

weights = st.one_of(
    st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0]),
    st.floats(min_value=0.001, max_value=1000, allow_nan=False, allow_infinity=False),
)
levels = st.integers(min_value=1, max_value=5)
targets = st.none() | levels
answer_values = st.one_of(
    st.builds(Answer, level=levels, target=targets),
    st.builds(
        Answer,
        status=st.sampled_from([ANSWER_DONT_KNOW, ANSWER_NOT_APPLICABLE]),
        target=targets,
    ),
    st.builds(Answer, target=targets),  # a target but no level yet
)


@st.composite
def catalogs(draw: st.DrawFn) -> tuple[PillarSpec, ...]:
    pillars = []
    for i in range(draw(st.integers(min_value=1, max_value=4))):
        count = draw(st.integers(min_value=0, max_value=6))
        questions = tuple(QuestionSpec(f"p{i}q{j}", draw(weights)) for j in range(count))
        pillars.append(PillarSpec(f"p{i}", questions, draw(weights)))
    return tuple(pillars)


@st.composite
def assessments(draw: st.DrawFn) -> tuple[tuple[PillarSpec, ...], dict[str, Answer]]:
    catalog = draw(catalogs())
    answers: dict[str, Answer] = {}
    for pillar in catalog:
        for question in pillar.questions:
            answer = draw(st.none() | answer_values)  # None: question left unanswered
            if answer is not None:
                answers[question.key] = answer
    return catalog, answers


def all_scores(result: AssessmentResult) -> list[float]:
    scores = [result.score]
    for pillar in result.pillars:
        scores += [pillar.score, pillar.raw_score, pillar.target_score]
        scores += [question.score for question in pillar.questions]
    return [score for score in scores if score is not None]


@PROPERTY
@given(assessments())
def test_every_score_is_within_0_and_100(
    assessment: tuple[tuple[PillarSpec, ...], dict[str, Answer]],
) -> None:
    result = score_assessment(*assessment)

    assert all(0 <= score <= 100 for score in all_scores(result))
    for pillar in result.pillars:
        assert 0 <= pillar.coverage <= 1
        assert pillar.level in (None, 1, 2, 3, 4, 5)
        assert (pillar.score is None) == (pillar.level is None)
    assert result.level in (None, 1, 2, 3, 4, 5)


@PROPERTY
@given(assessments())
def test_pillar_score_is_the_weighted_mean_of_answered_questions(
    assessment: tuple[tuple[PillarSpec, ...], dict[str, Answer]],
) -> None:
    # A second, naive computation of the formula, to cross-check the fsum/clamp version.
    for pillar in score_assessment(*assessment).pillars:
        answered = [q for q in pillar.questions if q.score is not None]
        if not answered:
            assert pillar.raw_score is None
            continue
        naive = sum(q.weight * q.score for q in answered if q.score is not None) / sum(
            q.weight for q in answered
        )
        assert pillar.raw_score == pytest.approx(naive)
        assert pillar.enough_answers == (pillar.answered / pillar.applicable >= MIN_COVERAGE)


@PROPERTY
@given(assessments(), st.data())
def test_raising_one_level_never_lowers_the_pillar_or_overall_score(
    assessment: tuple[tuple[PillarSpec, ...], dict[str, Answer]], data: st.DataObject
) -> None:
    catalog, answers = assessment
    raisable = sorted(k for k, a in answers.items() if a.level is not None and a.level < 5)
    if not raisable:
        return
    key = data.draw(st.sampled_from(raisable))
    old = answers[key]
    assert old.level is not None
    new_level = data.draw(st.integers(min_value=old.level + 1, max_value=5))

    before = score_assessment(catalog, answers)
    after = score_assessment(catalog, {**answers, key: replace(old, level=new_level)})

    pillar_index = next(i for i, p in enumerate(catalog) if key in {q.key for q in p.questions})
    old_pillar, new_pillar = before.pillars[pillar_index], after.pillars[pillar_index]
    assert (old_pillar.score is None) == (new_pillar.score is None)
    if old_pillar.score is not None and new_pillar.score is not None:
        assert new_pillar.score >= old_pillar.score
    assert (before.score is None) == (after.score is None)
    if before.score is not None and after.score is not None:
        assert after.score >= before.score


@PROPERTY
@given(assessments(), st.data())
def test_marking_a_question_not_applicable_leaves_other_contributions_unchanged(
    assessment: tuple[tuple[PillarSpec, ...], dict[str, Answer]], data: st.DataObject
) -> None:
    catalog, answers = assessment
    all_keys = [q.key for p in catalog for q in p.questions]
    if not all_keys:
        return
    key = data.draw(st.sampled_from(all_keys))

    before = score_assessment(catalog, answers)
    after = score_assessment(catalog, {**answers, key: NA})

    def contributions(result: AssessmentResult) -> dict[str, float | None]:
        return {q.key: q.contribution for p in result.pillars for q in p.questions if q.key != key}

    assert contributions(after) == contributions(before)
    marked = after.pillar_for_question(key)
    assert next(q for q in marked.questions if q.key == key).contribution is None


@PROPERTY
@given(assessments(), st.data())
def test_order_of_the_answers_does_not_matter(
    assessment: tuple[tuple[PillarSpec, ...], dict[str, Answer]], data: st.DataObject
) -> None:
    catalog, answers = assessment
    shuffled = dict(data.draw(st.permutations(list(answers.items()))))
    reversed_ = dict(reversed(list(answers.items())))

    expected = score_assessment(catalog, answers)
    assert score_assessment(catalog, shuffled) == expected
    assert score_assessment(catalog, reversed_) == expected


@PROPERTY
@given(assessments())
def test_score_assessment_is_deterministic(
    assessment: tuple[tuple[PillarSpec, ...], dict[str, Answer]],
) -> None:
    catalog, answers = assessment
    first = score_assessment(catalog, answers)
    assert score_assessment(catalog, dict(answers)) == first
    assert score_assessment(list(catalog), answers) == first
    assert repr(score_assessment(catalog, answers)) == repr(first)


@PROPERTY
@given(assessments())
def test_next_steps_are_positive_gaps_below_level_5_in_priority_order(
    assessment: tuple[tuple[PillarSpec, ...], dict[str, Answer]],
) -> None:
    result = score_assessment(*assessment)

    for step in result.next_steps:
        assert step.gap > 0
        assert 1 <= step.from_level <= 4
    priorities = [round(step.priority, 9) for step in result.next_steps]
    assert priorities == sorted(priorities, reverse=True)
    expected_keys = {
        q.key for p in result.pillars for q in p.questions if q.gap is not None and q.gap > 0
    }
    assert {step.question_key for step in result.next_steps} == expected_keys


@PROPERTY
@given(st.lists(levels, max_size=12), st.none() | levels)
def test_spread_and_team_answer_properties(team: list[int], consensus: int | None) -> None:
    spread = question_spread("q", team)
    score = team_answer(team, consensus)

    if not team:
        assert spread is None
        assert score == (None if consensus is None else question_score(consensus))
        return
    assert spread is not None
    assert spread.n == len(team)
    assert spread.min <= spread.median <= spread.max
    assert spread.min <= spread.mean <= spread.max
    assert spread.stdev >= 0
    assert spread.divergent == (spread.max - spread.min >= 2)
    assert score is not None and 0 <= score <= 100
    if consensus is None:
        assert score == pytest.approx((spread.mean - 1) / 4 * 100)


# --- relevance (issue 11 item 8) ---------------------------------------------------------------


def test_relevance_factors() -> None:
    assert RELEVANCE_FACTORS == {
        "not_relevant": 0.0,
        "relevant": 1.0,
        "very_relevant": 1.5,
        "": 1.0,  # no statement counts as relevant
    }


def test_answer_rejects_an_unknown_relevance() -> None:
    with pytest.raises(ValueError, match="unknown relevance 'somewhat'"):
        Answer(level=2, relevance="somewhat")


# pillar a weight 2 (questions 1, 1.5, 1), pillar b weight 1 (questions 3, 1): as STEP_CATALOG
RELEVANCE_CATALOG = [make_pillar("a", [1, 1.5, 1], 2), make_pillar("b", [3, 1])]


@pytest.mark.parametrize(
    ("relevance", "expected"),
    [
        # a1: level 2, target 4 → gap 2 × question 1 × pillar 2 = 4, × factor
        (
            {"a1": "very_relevant"},
            [("a1", 6.0), ("b2", 4.0), ("a2", 3.0), ("b1", 3.0)],
        ),
        (
            {"a1": "not_relevant"},
            [("b2", 4.0), ("a2", 3.0), ("b1", 3.0)],
        ),
        (
            {"a1": "relevant", "a2": ""},
            [("b2", 4.0), ("a1", 4.0), ("a2", 3.0), ("b1", 3.0)],
        ),
        # b2: gap 4 × 1 × 1 = 4 × 1.5 = 6; b1: 1 × 3 × 1 = 3 × 0 → no step
        (
            {"b2": "very_relevant", "b1": "not_relevant", "a2": "very_relevant"},
            [("b2", 6.0), ("a2", 4.5), ("a1", 4.0)],
        ),
        (
            {
                "a1": "not_relevant",
                "a2": "not_relevant",
                "b1": "not_relevant",
                "b2": "not_relevant",
            },
            [],
        ),
    ],
)
def test_relevance_weighs_the_priority_of_next_steps(
    relevance: dict[str, str], expected: list[tuple[str, float]]
) -> None:
    levels = {"a1": (2, None), "a2": (3, None), "a3": (5, 5), "b1": (3, None), "b2": (1, 5)}
    answers = {
        key: Answer(level=level, target=target, relevance=relevance.get(key, ""))
        for key, (level, target) in levels.items()
    }
    result = score_assessment(RELEVANCE_CATALOG, answers)
    assert [(s.question_key, s.priority) for s in result.next_steps] == expected


def test_not_relevant_questions_are_still_scored() -> None:
    catalog = [make_pillar("a", [1, 1])]
    plain = {"a1": Answer(level=1), "a2": Answer(level=3)}
    marked = {"a1": Answer(level=1, relevance="not_relevant"), "a2": Answer(level=3)}
    before, after = score_assessment(catalog, plain), score_assessment(catalog, marked)
    assert after.score == before.score == 25.0  # (0 + 50) / 2
    assert after.pillars[0].questions[0].relevance == 0.0
    assert [s.question_key for s in after.next_steps] == ["a2"]


relevances = st.sampled_from(sorted(RELEVANCE_FACTORS))


@PROPERTY
@given(assessments(), st.data())
def test_relevance_scales_priorities_and_never_changes_scores(
    assessment: tuple[tuple[PillarSpec, ...], dict[str, Answer]], data: st.DataObject
) -> None:
    catalog, answers = assessment
    marked = {key: replace(a, relevance=data.draw(relevances)) for key, a in answers.items()}
    plain_result = score_assessment(catalog, answers)
    result = score_assessment(catalog, marked)

    assert result.score == plain_result.score
    assert [p.score for p in result.pillars] == [p.score for p in plain_result.pillars]
    plain_steps = {step.question_key: step for step in plain_result.next_steps}
    for step in result.next_steps:
        factor = RELEVANCE_FACTORS[marked[step.question_key].relevance]
        assert factor > 0
        assert step.priority == pytest.approx(plain_steps[step.question_key].priority * factor)
    dropped = {k for k in plain_steps if marked[k].relevance == "not_relevant"}
    assert {s.question_key for s in result.next_steps} == set(plain_steps) - dropped
    priorities = [round(step.priority, 9) for step in result.next_steps]
    assert priorities == sorted(priorities, reverse=True)
