"""Tests of reports.team: hand-computed tables first, then hypothesis properties.

Pure functions: no database. Question score = (level − 1) / 4 × 100; a team's, without an agreed
level, (mean − 1) / 4 × 100.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.scoring import (
    ANSWER_DONT_KNOW,
    ANSWER_NOT_APPLICABLE,
    Answer,
    PillarSpec,
    QuestionSpec,
    question_score,
    score_assessment,
)
from reports.team import (
    MIN_GROUP,
    RoleGroup,
    Vote,
    Voter,
    distribution,
    leadership_flag,
    role_groups,
    team_level,
    team_result,
)

pytestmark = pytest.mark.dbless

ROLES = ("GL", "V", "M", "IT")


def pillar(key: str, *questions: str) -> PillarSpec:
    return PillarSpec(key, tuple(QuestionSpec(q) for q in questions))


def voters_of(*roles: str) -> list[Voter]:
    return [Voter(i, role) for i, role in enumerate(roles)]


def votes_on(key: str, levels: list[int | str | None]) -> list[Vote]:
    """Votes of voters 0, 1, … in order; None: that voter did not answer."""
    votes = []
    for voter, value in enumerate(levels):
        if value is None:
            continue
        if isinstance(value, int):
            votes.append(Vote(voter, key, value))
        else:
            votes.append(Vote(voter, key, status=value))
    return votes


# --- One question: spread, distribution, team level and score, shift ---------------------------

DK, NA = ANSWER_DONT_KNOW, ANSWER_NOT_APPLICABLE


@pytest.mark.parametrize(
    ("levels", "consensus", "expected"),
    [
        # n, mean, median, min, max, sd, distribution, divergent, level, score, shift, status
        # [1,3,3,5]: mean 3, deviations 2,0,0,2 → variance 8/4 = 2 → sd √2.
        (
            [1, 3, 3, 5],
            None,
            (4, 3.0, 3.0, 1, 5, math.sqrt(2), (1, 0, 2, 0, 1), True, 3, 50.0, None, "level"),
        ),
        # [2,3]: mean 2.5 → level floor 2, score (2.5 − 1) / 4 × 100 = 37.5; sd 0.5.
        ([2, 3], None, (2, 2.5, 2.5, 2, 3, 0.5, (0, 1, 1, 0, 0), False, 2, 37.5, None, "level")),
        # The same votes agreed at 4: level 4, score 75, the discussion moved it 4 − 2.5 = 1.5.
        ([2, 3], 4, (2, 2.5, 2.5, 2, 3, 0.5, (0, 1, 1, 0, 0), False, 4, 75.0, 1.5, "level")),
        # Agreed lower than the mean: 2 − 11/3 = −5/3.
        (
            [3, 4, 4],
            2,
            (
                3,
                11 / 3,
                4.0,
                3,
                4,
                math.sqrt(2 / 9),
                (0, 0, 1, 2, 0),
                False,
                2,
                25.0,
                -5 / 3,
                "level",
            ),
        ),
        # [1,1,1,4]: mean 7/4 → level 1, score 18.75; divergent (4 − 1 = 3).
        (
            [1, 1, 1, 4, DK],
            None,
            (
                4,
                1.75,
                1.0,
                1,
                4,
                math.sqrt(27 / 16),
                (3, 0, 0, 1, 0),
                True,
                1,
                18.75,
                None,
                "level",
            ),
        ),
        # No level vote but an agreed one: it counts; nothing to shift from.
        ([DK, NA], 3, (0, None, None, None, None, None, (0,) * 5, False, 3, 50.0, None, "level")),
        # Don't know and not applicable, no level: "don't know" wins (it lowers the coverage).
        ([DK, NA], None, (0, None, None, None, None, None, (0,) * 5, False, None, None, None, DK)),
        ([NA, NA], None, (0, None, None, None, None, None, (0,) * 5, False, None, None, None, NA)),
        (
            [None],
            None,
            (0, None, None, None, None, None, (0,) * 5, False, None, None, None, "unanswered"),
        ),
    ],
)
def test_one_question(levels, consensus, expected) -> None:
    n, mean, median, low, high, sd, dots, divergent, level, score, shift, status = expected
    voters = voters_of(*["V"] * len(levels))
    result = team_result(
        [pillar("p", "q")], voters, votes_on("q", levels), {"q": consensus} if consensus else {}
    )
    question = result.question("q")
    assert question.n == n
    assert question.distribution == dots
    assert question.divergent is divergent
    assert question.level == level
    assert question.score == (pytest.approx(score) if score is not None else None)
    assert question.shift == (pytest.approx(shift) if shift is not None else None)
    assert question.consensus == consensus
    assert result.result.pillars[0].questions[0].status == status
    if n:
        spread = question.spread
        assert (spread.mean, spread.median, spread.min, spread.max) == (
            pytest.approx(mean),
            median,
            low,
            high,
        )
        assert spread.stdev == pytest.approx(sd)
    else:
        assert question.spread is None


def test_team_scores_follow_into_pillar_and_overall() -> None:
    # a: [1,2] → mean 1.5 → 12.5; b: agreed 5 → 100; c: everybody "not applicable", left out.
    # Pillar p = (12.5 + 100) / 2 = 56.25 (coverage 2/2); pillar r: d [3,3] → 50.
    # Overall = (56.25 + 50) / 2 = 53.125.
    pillars = [pillar("p", "a", "b", "c"), pillar("r", "d")]
    votes = [*votes_on("a", [1, 2]), *votes_on("b", [1, 1]), *votes_on("c", [NA, NA])]
    votes += votes_on("d", [3, 3])
    result = team_result(pillars, voters_of("V", "M"), votes, {"b": 5})
    p, r = result.result.pillars
    assert [q.score for q in p.questions] == [12.5, 100.0, None]
    assert [q.mean for q in p.questions] == [1.5, None, None]
    assert (p.score, p.coverage, p.applicable) == (56.25, 1.0, 2)
    assert r.score == 50.0
    assert result.result.score == 53.125
    assert result.participants == 2
    assert result.consensus_count == 1
    # Next steps start from the team level: a from floor(1.5) = 1, d from 3; b agreed at 5: none.
    assert [(s.question_key, s.from_level, s.gap) for s in result.result.next_steps] == [
        ("a", 1, 3),
        ("d", 3, 1),
    ]


def test_discuss_first_widest_spread_then_higher_sd_then_catalog_order() -> None:
    # qa [1,3]: range 2, sd 1 · qb [1,1,3]: range 2, sd √(8/9) ≈ 0.943 · qc [2,5]: range 3
    # qd [1,2]: not divergent · qe [3,1]: range 2, sd 1, after qa in the catalog.
    pillars = [pillar("p", "qa", "qb", "qc"), pillar("r", "qd", "qe")]
    votes = [
        *votes_on("qa", [1, 3]),
        *votes_on("qb", [1, 1, 3]),
        *votes_on("qc", [2, 5]),
        *votes_on("qd", [1, 2]),
        *votes_on("qe", [3, 1]),
    ]
    result = team_result(pillars, voters_of("V", "V", "V"), votes)
    assert [q.key for q in result.discuss_first] == ["qc", "qa", "qe", "qb"]


def test_pillar_bands_are_the_lowest_and_highest_individual_pillar_scores() -> None:
    # Voter 0: a 1, b 3 → 25 · voter 1: a 5, b dk → coverage 1/2, 100 · voter 2: only b → 1/2,
    # b 2 → 25 · voter 3: nothing → no score. Band 25..100 of 3 participants.
    pillars = [pillar("p", "a", "b")]
    votes = [*votes_on("a", [1, 5, None]), *votes_on("b", [3, DK, 2])]
    result = team_result(pillars, voters_of("V", "V", "V", "V"), votes)
    band = result.bands[0]
    assert (band.low, band.high, band.n) == (25.0, 100.0, 3)


def test_bad_input_is_refused() -> None:
    p = [pillar("p", "q")]
    with pytest.raises(ValueError, match="twice"):
        team_result(p, voters_of("V"), [Vote(0, "q", 1), Vote(0, "q", 2)])
    with pytest.raises(ValueError, match="duplicate voter"):
        team_result(p, [Voter(1), Voter(1)], [])
    with pytest.raises(ValueError):
        team_result(p, voters_of("V"), [], {"q": 6})
    with pytest.raises(ValueError):
        Vote(0, "q", 3, status=DK)
    with pytest.raises(ValueError):
        Answer(level=None, mean=2.0)
    with pytest.raises(ValueError):
        Answer(level=5, mean=5.5)


def test_votes_of_strangers_and_unknown_questions_are_ignored() -> None:
    result = team_result(
        [pillar("p", "q")], voters_of("V"), [Vote(0, "q", 2), Vote(9, "q", 5), Vote(0, "x", 5)]
    )
    assert result.question("q").distribution == (0, 1, 0, 0, 0)


# --- Role split ------------------------------------------------------------------------------

ORDER = ("GL", "V", "M", "IT")


def group(label: str | None, roles: tuple[str, ...], members: int) -> RoleGroup:
    return RoleGroup(label, roles, members)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # Everyone in a group of at least three: one line each, in the workspace's order.
        ({"M": 3, "GL": 3, "V": 4}, [("GL", 3), ("V", 4), ("M", 3)]),
        # M alone → "other roles" (1) → the smallest other role (V, 3) joins it: 4.
        ({"GL": 3, "V": 3, "M": 1}, [("GL", 3), (None, ("V", "M"), 4)]),
        # GL 2 and V 1 make "other roles" 3 by themselves.
        ({"GL": 2, "V": 1, "M": 3, "IT": 3}, [("M", 3), ("IT", 3), (None, ("GL", "V"), 3)]),
        # IT alone: V and M tie at 3; M, listed later, joins (GL is never taken while others are).
        ({"GL": 4, "V": 3, "M": 3, "IT": 1}, [("GL", 4), ("V", 3), (None, ("M", "IT"), 4)]),
        # M alone; the leadership (3) is smaller than V (4) but stays a group of its own.
        ({"GL": 3, "V": 4, "M": 1}, [("GL", 3), (None, ("V", "M"), 5)]),
        # Only the leadership is left to join: then it does, and one group is no split.
        ({"GL": 3, "V": 2}, []),
        ({"GL": 5}, []),
        ({"V": 2, "M": 2}, []),
        # A participant without a role counts in "other roles"; IT (last of the tie) joins.
        ({"V": 3, "M": 3, "IT": 3, "": 1}, [("V", 3), ("M", 3), (None, ("IT", ""), 4)]),
        # Roles outside the workspace's list come after it, by name.
        ({"Zoo": 3, "Bar": 3, "GL": 3}, [("GL", 3), ("Bar", 3), ("Zoo", 3)]),
    ],
)
def test_role_groups(counts: dict[str, int], expected: list[tuple]) -> None:
    voters = [role for role, n in counts.items() for _ in range(n)]
    groups = role_groups(voters_of(*voters), role_order=ORDER, leadership_role="GL")
    wanted = [
        group(item[0], (item[0],), item[1]) if len(item) == 2 else group(*item) for item in expected
    ]
    assert list(groups) == wanted


def test_a_question_shows_its_split_only_when_every_group_has_three_votes() -> None:
    # GL: 0,1,2 · V: 3,4,5. On b, voter 5 said "don't know": V has two votes, b shows no split.
    pillars = [pillar("p", "a", "b")]
    votes = [*votes_on("a", [5, 4, 4, 2, 3, 2]), *votes_on("b", [1, 2, 3, 4, 5, DK])]
    result = team_result(
        pillars, voters_of("GL", "GL", "GL", "V", "V", "V"), votes, role_order=ORDER
    )
    split = result.role_split
    assert split is not None
    assert [g.label for g in split.groups] == ["GL", "V"]
    gl, v = split.question("a").spreads
    assert (gl.n, gl.mean, v.n, v.mean) == (3, pytest.approx(13 / 3), 3, pytest.approx(7 / 3))
    assert split.question("b").spreads is None
    # Each group's pillar is scored from its shown questions only: a alone (coverage 1/2).
    # GL: (13/3 − 1) / 4 × 100 = 83.33…; V: (7/3 − 1) / 4 × 100 = 33.33…
    assert split.results[0].pillars[0].score == pytest.approx(250 / 3)
    assert split.results[1].pillars[0].score == pytest.approx(100 / 3)
    assert split.results[0].pillars[0].answered == 1


# --- Leadership vs. team --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("leadership", "rest", "flagged"),
    [
        ([5, 5, 4], [2, 2, 3, 1], True),  # 14/3 against 2: 2.67 levels above
        ([5, 4, 4], [2, 3, 2], True),  # 13/3 against 7/3: exactly 2 (no rounding slips)
        ([5, 4, 4], [2, 3, 3], False),  # 13/3 against 8/3: 1.67
        ([3, 3, 3], [1, 1, 1], True),  # exactly 2
        ([1, 1, 1], [3, 3, 3], False),  # 2 below is no flag: only optimism is
        ([5], [], False),
        ([], [1], False),
    ],
)
def test_leadership_flag(leadership: list[int], rest: list[int], flagged: bool) -> None:
    assert leadership_flag(leadership, rest) is flagged


def test_leadership_comparison_is_shown_only_with_three_votes_on_each_side() -> None:
    # GL 0,1,2 · others 3,4,5,6. a: all vote → shown, 5 vs 2 → flagged.
    # b: two of the others say "don't know" → the rest has 2 votes → not shown, not flagged.
    pillars = [pillar("p", "a", "b")]
    votes = [*votes_on("a", [5, 5, 5, 2, 2, 2, 2]), *votes_on("b", [5, 5, 5, 1, 1, DK, DK])]
    roles = voters_of("GL", "GL", "GL", "V", "V", "M", "M")
    result = team_result(pillars, roles, votes, role_order=ORDER, leadership_role="GL")
    comparison = result.leadership
    assert comparison is not None
    assert (comparison.role, comparison.members, comparison.rest_members) == ("GL", 3, 4)
    a, b = comparison.questions
    assert (a.shown, a.flagged, a.gap) == (True, True, 3.0)
    assert (b.shown, b.flagged, b.leadership, b.rest, b.gap) == (False, False, None, None, None)
    assert [q.key for q in comparison.flagged] == ["a"]


def test_no_leadership_comparison_without_the_role_or_its_members() -> None:
    p = [pillar("p", "a")]
    assert team_result(p, voters_of("V"), [], leadership_role="").leadership is None
    assert team_result(p, voters_of("V"), [], leadership_role="GL").leadership is None


# --- Properties -----------------------------------------------------------------------------

KEYS = ("a", "b", "c", "d")
PILLARS = [pillar("p", "a", "b"), pillar("r", "c", "d")]

answer_values = st.one_of(
    st.none(), st.integers(1, 5), st.sampled_from([ANSWER_DONT_KNOW, ANSWER_NOT_APPLICABLE])
)


@st.composite
def workshops(draw):
    roles = draw(st.lists(st.sampled_from(("GL", "V", "M", "IT", "", "X")), max_size=14))
    voters = voters_of(*roles)
    votes = []
    for voter in voters:
        for key in KEYS:
            value = draw(answer_values)
            if isinstance(value, int):
                votes.append(Vote(voter.id, key, value))
            elif value is not None:
                votes.append(Vote(voter.id, key, status=value))
    consensus = draw(st.dictionaries(st.sampled_from(KEYS), st.integers(1, 5), max_size=4))
    return voters, votes, consensus


def _run(voters, votes, consensus):
    return team_result(PILLARS, voters, votes, consensus, role_order=ORDER, leadership_role="GL")


@settings(max_examples=200, deadline=None)
@given(workshops(), st.randoms(use_true_random=False))
def test_the_order_of_votes_and_voters_never_matters(workshop, rng: random.Random) -> None:
    voters, votes, consensus = workshop
    shuffled_votes, shuffled_voters = list(votes), list(voters)
    rng.shuffle(shuffled_votes)
    rng.shuffle(shuffled_voters)
    assert _run(shuffled_voters, shuffled_votes, consensus) == _run(voters, votes, consensus)


@settings(max_examples=200, deadline=None)
@given(workshops())
def test_no_shown_group_is_ever_smaller_than_three(workshop) -> None:
    voters, votes, consensus = workshop
    result = _run(voters, votes, consensus)
    split = result.role_split
    if split is None:
        return
    assert len(split.groups) >= 2
    assert all(g.members >= MIN_GROUP for g in split.groups)
    # The groups are everybody, each once: nothing hidden is the total minus the shown.
    assert sum(g.members for g in split.groups) == len(voters)
    assert sorted(r for g in split.groups for r in g.roles) == sorted({v.role for v in voters})
    # The leadership is in "other roles" only when it is too small to be a group of its own.
    leaders = sum(1 for v in voters if v.role == "GL")
    for g in split.groups:
        if g.label is None and "GL" in g.roles:
            assert leaders < MIN_GROUP
    for question in split.questions:
        if question.spreads is not None:
            assert all(spread.n >= MIN_GROUP for spread in question.spreads)
            assert sum(s.n for s in question.spreads) == result.question(question.key).n


@settings(max_examples=200, deadline=None)
@given(workshops())
def test_leadership_is_shown_only_with_three_votes_each_side(workshop) -> None:
    voters, votes, consensus = workshop
    comparison = _run(voters, votes, consensus).leadership
    if comparison is None:
        assert not any(v.role == "GL" for v in voters)
        return
    leaders = {v.id for v in voters if v.role == "GL"}
    for question in comparison.questions:
        lead = [v.level for v in votes if v.key == question.key and v.level and v.voter in leaders]
        rest = [
            v.level for v in votes if v.key == question.key and v.level and v.voter not in leaders
        ]
        assert question.shown is (len(lead) >= MIN_GROUP and len(rest) >= MIN_GROUP)
        expected = (
            question.shown and Fraction(sum(lead), len(lead)) >= Fraction(sum(rest), len(rest)) + 2
        )
        assert question.flagged is expected


@settings(max_examples=200, deadline=None)
@given(workshops())
def test_consensus_overrides_the_mean_and_divergent_means_two_levels_apart(workshop) -> None:
    voters, votes, consensus = workshop
    result = _run(voters, votes, consensus)
    for question in result.questions:
        levels = [v.level for v in votes if v.key == question.key and v.level is not None]
        scored = result.result.pillar_for_question(question.key)
        scored_question = next(q for q in scored.questions if q.key == question.key)
        assert sorted(levels) == [
            level for level, count in enumerate(question.distribution, 1) for _ in range(count)
        ]
        assert question.divergent is (bool(levels) and max(levels) - min(levels) >= 2)
        if question.key in consensus:
            agreed = consensus[question.key]
            assert question.level == scored_question.level == agreed
            assert question.score == scored_question.score == question_score(agreed)
            if levels:
                assert question.shift == pytest.approx(agreed - sum(levels) / len(levels))
        elif levels:
            mean = Fraction(sum(levels), len(levels))
            assert question.level == math.floor(mean) == team_level(question.spread, None)
            assert question.score == pytest.approx(float((mean - 1) / 4 * 100))
            assert question_score(min(levels)) <= question.score <= question_score(max(levels))
            assert question.shift is None
        else:
            assert question.score is None and scored_question.score is None
    assert [q.key for q in result.discuss_first] == sorted(
        (q.key for q in result.questions if q.divergent),
        key=lambda k: (
            -result.question(k).range,
            -round(result.question(k).spread.stdev, 9),
            KEYS.index(k),
        ),
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=30))
def test_a_team_of_identical_voters_scores_as_one_person(levels: list[int]) -> None:
    # Everyone picks the same level on every question: the team scores what one of them would.
    n = len(levels)
    keys = ["a", "b", "c", "d"]
    votes = [Vote(i, key, levels[k % n]) for i in range(3) for k, key in enumerate(keys)]
    team = team_result(PILLARS, voters_of("V", "V", "V"), votes).result
    one = score_assessment(
        PILLARS, {key: Answer(level=levels[k % n]) for k, key in enumerate(keys)}
    )
    assert [p.score for p in team.pillars] == [p.score for p in one.pillars]
    assert team.score == one.score


def test_distribution_counts_every_level() -> None:
    assert distribution([5, 1, 5, 3]) == (1, 0, 1, 0, 2)
    assert distribution([]) == (0, 0, 0, 0, 0)
