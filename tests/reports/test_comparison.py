"""Tests of reports.comparison: hand-computed tables first, then hypothesis properties.

Pure functions on scoring results, no database. Scores follow DESIGN.md ("Scoring"):
level 1 → 0, 2 → 25, 3 → 50, 4 → 75, 5 → 100; a pillar needs half its questions answered.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.comparison import (
    ANSWERED_ONCE,
    DECLINED,
    IMPROVED,
    KINDS,
    NOT_ANSWERED,
    NOT_COMPARABLE,
    UNCHANGED,
    ChangeCounts,
    compare,
    swapped_kind,
)
from reports.scoring import (
    ANSWER_DONT_KNOW,
    AssessmentResult,
    PillarSpec,
    QuestionSpec,
    score_assessment,
)
from reports.scoring import Answer as A

pytestmark = pytest.mark.dbless

CATALOG = (
    PillarSpec("p", (QuestionSpec("p1"), QuestionSpec("p2"), QuestionSpec("p3"))),
    PillarSpec("q", (QuestionSpec("q1"), QuestionSpec("q2"))),
)


def result(answers: dict[str, A], catalog: tuple[PillarSpec, ...] = CATALOG) -> AssessmentResult:
    return score_assessment(catalog, answers)


def test_a_hand_computed_comparison():
    before = result({"p1": A(2), "p2": A(3), "p3": A(4), "q1": A(1)})
    now = result({"p1": A(4), "p2": A(3), "p3": A(1), "q1": A(1), "q2": A(5)})
    comparison = compare(before, now)

    kinds = {change.key: change.kind for change in comparison.questions}
    assert kinds == {
        "p1": IMPROVED,  # 2 → 4
        "p2": UNCHANGED,  # 3 → 3
        "p3": DECLINED,  # 4 → 1
        "q1": UNCHANGED,  # 1 → 1
        "q2": ANSWERED_ONCE,  # – → 5
    }
    assert [c.delta for c in comparison.questions] == [2, 0, -3, 0, None]
    assert comparison.counts == ChangeCounts(improved=1, declined=1, unchanged=2, answered_once=1)
    # p: before (25 + 50 + 75) / 3 = 50, now (75 + 50 + 0) / 3 = 41.67 → −8.33
    p, q = comparison.pillars
    assert p.before == pytest.approx(50) and p.now == pytest.approx(125 / 3)
    assert p.delta == pytest.approx(-25 / 3)
    # q: before 1 of 2 answered = 50 % coverage → 0; now (0 + 100) / 2 = 50 → +50
    assert q.before == pytest.approx(0) and q.now == pytest.approx(50) and q.delta == 50
    # overall: before (50 + 0) / 2 = 25, now (41.67 + 50) / 2 = 45.83 → +20.83
    assert comparison.overall_before == pytest.approx(25)
    assert comparison.overall_now == pytest.approx(275 / 6)
    assert comparison.overall_delta == pytest.approx(275 / 6 - 25)
    assert [c.key for c in comparison.questions_of(UNCHANGED)] == ["p2", "q1"]


@pytest.mark.parametrize(
    ("before", "now", "kind", "delta"),
    [
        (A(1), A(5), IMPROVED, 4),
        (A(5), A(1), DECLINED, -4),
        (A(3), A(3), UNCHANGED, 0),
        (A(3), None, ANSWERED_ONCE, None),
        (None, A(3), ANSWERED_ONCE, None),
        (A(status=ANSWER_DONT_KNOW), A(2), ANSWERED_ONCE, None),
        (A(status=ANSWER_DONT_KNOW), None, NOT_ANSWERED, None),
        (None, None, NOT_ANSWERED, None),
        (A(target=5), A(status="n_a"), NOT_ANSWERED, None),  # a target alone is no level
    ],
)
def test_one_question(before, now, kind, delta):
    catalog = (PillarSpec("p", (QuestionSpec("x"),)),)
    comparison = compare(
        result({"x": before} if before else {}, catalog),
        result({"x": now} if now else {}, catalog),
    )
    (change,) = comparison.questions
    assert (change.kind, change.delta) == (kind, delta)
    assert comparison.counts.of(kind) == 1 and comparison.counts.total == 1


def test_a_pillar_without_enough_answers_has_no_delta():
    before = result({"p1": A(5)})  # 1 of 3 answered: no score
    now = result({"p1": A(1), "p2": A(1)})
    assert compare(before, now).pillars[0].delta is None
    assert compare(before, now).overall_delta is None


def test_different_catalog_versions_compare_by_question_key():
    old = (
        PillarSpec("p", (QuestionSpec("p1"), QuestionSpec("gone"))),
        PillarSpec("old", (QuestionSpec("o1"),)),
    )
    new = (PillarSpec("p", (QuestionSpec("p1"), QuestionSpec("fresh"))),)
    before = result({"p1": A(2), "gone": A(3), "o1": A(4)}, old)
    now = result({"p1": A(3), "fresh": A(5)}, new)
    comparison = compare(before, now)

    assert [(c.key, c.kind) for c in comparison.questions] == [
        ("p1", IMPROVED),
        ("fresh", NOT_COMPARABLE),  # only in the new catalog: listed in its order first
        ("gone", NOT_COMPARABLE),
        ("o1", NOT_COMPARABLE),
    ]
    fresh, gone = comparison.questions[1], comparison.questions[2]
    assert (fresh.in_before, fresh.in_now, fresh.before, fresh.now) == (False, True, None, 5)
    assert (gone.in_before, gone.in_now, gone.pillar_key) == (True, False, "p")
    assert comparison.questions[3].pillar_key == "old"
    assert [(p.key, p.now is None) for p in comparison.pillars] == [("p", False), ("old", True)]
    assert comparison.pillars[1].delta is None
    assert comparison.counts == ChangeCounts(improved=1, not_comparable=3)


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown kind"):
        ChangeCounts().of("better")


# --- properties ---------------------------------------------------------------------------------

PROPERTY = settings(database=None, max_examples=200)
answers = st.none() | st.builds(A, level=st.integers(1, 5)) | st.just(A(status="dont_know"))


@st.composite
def two_assessments(draw: st.DrawFn) -> tuple[AssessmentResult, AssessmentResult]:
    """Two catalogs drawn from one pool of keys (so some keys are in one only), answered."""
    pool = [f"k{i}" for i in range(8)]
    results = []
    for _ in range(2):
        keys = draw(st.lists(st.sampled_from(pool), unique=True, max_size=8))
        split = draw(st.integers(0, len(keys)))
        catalog = tuple(
            PillarSpec(name, tuple(QuestionSpec(k) for k in part))
            for name, part in (("a", keys[:split]), ("b", keys[split:]))
        )
        given_answers = {}
        for key in keys:
            value = draw(answers)
            if value is not None:
                given_answers[key] = value
        results.append(score_assessment(catalog, given_answers))
    return results[0], results[1]


def _keys(result_: AssessmentResult) -> set[str]:
    return {q.key for p in result_.pillars for q in p.questions}


@PROPERTY
@given(two_assessments())
def test_every_question_of_either_catalog_is_counted_once(pair):
    before, now = pair
    comparison = compare(before, now)
    keys = [change.key for change in comparison.questions]
    assert len(keys) == len(set(keys))
    assert set(keys) == _keys(before) | _keys(now)
    assert comparison.counts.total == len(keys)
    counts = comparison.counts
    compared = counts.improved + counts.declined + counts.unchanged + counts.answered_once
    assert compared + counts.not_answered == len(_keys(before) & _keys(now))
    assert counts.not_comparable == len(_keys(before) ^ _keys(now))
    for change in comparison.questions:
        assert (change.delta is None) == (change.before is None or change.now is None)
        if change.kind == IMPROVED:
            assert change.delta is not None and change.delta > 0
        if change.kind == DECLINED:
            assert change.delta is not None and change.delta < 0


@PROPERTY
@given(two_assessments())
def test_swapping_before_and_now_negates_the_change(pair):
    before, now = pair
    forward, backward = compare(before, now), compare(now, before)
    back = {change.key: change for change in backward.questions}
    for change in forward.questions:
        other = back[change.key]
        assert other.kind == swapped_kind(change.kind)
        assert (other.before, other.now) == (change.now, change.before)
        assert other.delta == (None if change.delta is None else -change.delta)
    assert (backward.counts.improved, backward.counts.declined) == (
        forward.counts.declined,
        forward.counts.improved,
    )
    for kind in KINDS:
        if kind not in (IMPROVED, DECLINED):
            assert backward.counts.of(kind) == forward.counts.of(kind)
    pillars_back = {p.key: p for p in backward.pillars}
    for pillar in forward.pillars:
        other_delta = pillars_back[pillar.key].delta
        if pillar.delta is None:
            assert other_delta is None
        else:
            assert other_delta == pytest.approx(-pillar.delta)
    if forward.overall_delta is not None:
        assert backward.overall_delta == pytest.approx(-forward.overall_delta)


@PROPERTY
@given(two_assessments())
def test_an_assessment_compared_with_itself_has_not_changed(pair):
    before, _ = pair
    comparison = compare(before, before)
    assert comparison.counts.improved == comparison.counts.declined == 0
    assert comparison.counts.not_comparable == 0
    assert all(p.delta in (None, 0) for p in comparison.pillars)
