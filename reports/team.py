"""Team results of a live workshop: pure functions on frozen dataclasses, no Django.

DESIGN.md, "Scoring: several participants". A selector loads the participants (voters), their
answers (votes) and the agreed levels (consensus) into the plain values below and calls
``team_result``; the results page, the JSON, the PDF and the DOCX read what it returns.

- Per question: the spread of the level votes (``scoring.question_spread``: n, mean, median, min,
  max, population standard deviation) and the distribution (votes per level 1..5, one dot a
  person). "Don't know" and "not applicable" are counted apart and never in the spread.
- **Discuss first**: the divergent questions (max − min ≥ 2 levels), the widest spread first;
  ties go to the higher standard deviation, then to the catalog order.
- **Team score** of a question: the consensus level's score when the team agreed on one, else
  (mean − 1) / 4 × 100. Pillar and overall scores follow as for one person (``scoring``).
- **Team level** of a question (which recommendation is its next step): the consensus level, else
  the mean rounded *down*. The step from floor(mean) leads to the first whole level above the
  team's mean, so it is never a step most of the team has already taken; rounding to the nearest
  level would skip a step for a team at 2.6 whose members are mostly at level 2 or 3.
- **Shift** of a question: consensus level − mean, how far the discussion moved the answer.
- **Role split**, never singling anybody out: a role with fewer than ``MIN_GROUP`` participants
  goes into "other roles"; while "other roles" has 1 or 2 members, the smallest remaining role
  joins it (not the leadership role while another is left: see ``role_groups``); fewer than two
  groups, no split. A question shows its split only when every group has at least ``MIN_GROUP``
  level votes on it; the groups together are everybody, so no group can be worked out as the
  total minus the others.
- **Leadership vs. team**: the leadership role against everyone else; a question is flagged when
  the leadership's mean is at least ``LEADERSHIP_GAP`` levels above the rest's. Shown per question
  only when both sides have at least ``MIN_GROUP`` level votes on it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from . import scoring
from .scoring import (
    ANSWER_DONT_KNOW,
    ANSWER_LEVEL,
    ANSWER_NOT_APPLICABLE,
    ANSWER_UNANSWERED,
    MAX_LEVEL,
    MIN_LEVEL,
    PillarSpec,
    QuestionSpread,
    question_spread,
)

# The smallest group whose answers are shown apart from the rest: with fewer, a member could tell
# (or guess) how a colleague voted.
MIN_GROUP = 3
# Leadership rates this many levels or more above the rest of the team: flagged.
LEADERSHIP_GAP = 2
LEVELS = tuple(range(MIN_LEVEL, MAX_LEVEL + 1))


@dataclass(frozen=True)
class Voter:
    """A workshop participant: an id that stays the same for their votes, and their role."""

    id: int
    role: str = ""


@dataclass(frozen=True)
class Vote:
    """One participant's answer to one question: a level, "dont_know" or "n_a"."""

    voter: int
    key: str
    level: int | None = None
    status: str = ANSWER_LEVEL

    def __post_init__(self) -> None:
        # The scoring module's own answer checks the combination of status and level.
        scoring.Answer(level=self.level, status=self.status)


@dataclass(frozen=True)
class TeamQuestion:
    key: str
    pillar_key: str
    position: int  # in the whole catalog, from 0: the tie-breaker of "discuss first"
    spread: QuestionSpread | None  # None without a level vote
    distribution: tuple[int, ...]  # votes per level 1..5
    dont_know: int
    not_applicable: int
    consensus: int | None
    level: int | None  # the consensus level, else floor(mean); None without either
    score: float | None  # the consensus level's score, else (mean - 1) / 4 * 100
    shift: float | None  # consensus - mean; None unless both

    @property
    def n(self) -> int:
        return self.spread.n if self.spread else 0

    @property
    def divergent(self) -> bool:
        return self.spread is not None and self.spread.divergent

    @property
    def range(self) -> int:
        return self.spread.max - self.spread.min if self.spread else 0


@dataclass(frozen=True)
class RoleGroup:
    label: str | None  # the role; None for "other roles"
    roles: tuple[str, ...]  # the roles in the group ("" for participants without a role)
    members: int


@dataclass(frozen=True)
class RoleSplitQuestion:
    key: str
    spreads: tuple[QuestionSpread, ...] | None  # one per group, in group order; None: hidden


@dataclass(frozen=True)
class RoleSplit:
    groups: tuple[RoleGroup, ...]
    questions: tuple[RoleSplitQuestion, ...]  # catalog order
    # One per group: the pillars scored from that group's means of the questions shown.
    results: tuple[scoring.AssessmentResult, ...]

    def question(self, key: str) -> RoleSplitQuestion:
        return next(question for question in self.questions if question.key == key)


@dataclass(frozen=True)
class LeadershipQuestion:
    key: str
    shown: bool  # both sides have at least MIN_GROUP level votes
    leadership: QuestionSpread | None  # None unless shown
    rest: QuestionSpread | None  # None unless shown
    flagged: bool  # shown and the leadership's mean >= the rest's + LEADERSHIP_GAP

    @property
    def gap(self) -> float | None:
        if self.leadership is None or self.rest is None:
            return None
        return self.leadership.mean - self.rest.mean


@dataclass(frozen=True)
class LeadershipComparison:
    role: str
    members: int
    rest_members: int
    questions: tuple[LeadershipQuestion, ...]  # catalog order

    @property
    def flagged(self) -> tuple[LeadershipQuestion, ...]:
        return tuple(question for question in self.questions if question.flagged)

    @property
    def shown(self) -> tuple[LeadershipQuestion, ...]:
        return tuple(question for question in self.questions if question.shown)


@dataclass(frozen=True)
class PillarBand:
    """The lowest and highest pillar score of the participants who each have one."""

    key: str
    low: float | None
    high: float | None
    n: int


@dataclass(frozen=True)
class TeamResult:
    participants: int
    questions: tuple[TeamQuestion, ...]  # catalog order
    discuss_first: tuple[TeamQuestion, ...]  # divergent questions, widest spread first
    result: scoring.AssessmentResult  # the team's scores, as for one person
    bands: tuple[PillarBand, ...]  # catalog order
    role_split: RoleSplit | None  # None: fewer than two groups
    leadership: LeadershipComparison | None  # None without a leadership role or its members

    def question(self, key: str) -> TeamQuestion:
        return next(question for question in self.questions if question.key == key)

    @property
    def consensus_count(self) -> int:
        return sum(1 for question in self.questions if question.consensus is not None)


def distribution(levels: Iterable[int]) -> tuple[int, ...]:
    """How many votes each level 1..5 got."""
    counts = Counter(levels)
    return tuple(counts.get(level, 0) for level in LEVELS)


def team_level(spread: QuestionSpread | None, consensus: int | None) -> int | None:
    """The consensus level, else the mean rounded down (see the module docstring)."""
    if consensus is not None:
        return consensus
    if spread is None:
        return None
    return math.floor(spread.mean)


def _team_answer(
    status: str, spread: QuestionSpread | None, consensus: int | None
) -> scoring.Answer:
    level = team_level(spread, consensus)
    if level is None:
        return scoring.Answer(status=status) if status != ANSWER_UNANSWERED else scoring.Answer()
    mean = spread.mean if consensus is None and spread is not None else None
    return scoring.Answer(level=level, mean=mean)


def _status(levels: int, dont_know: int, not_applicable: int, consensus: int | None) -> str:
    """A question's team status: a level when anybody gave one (or the team agreed on one);
    "not applicable" only when every answer said so; otherwise "don't know" if anybody said so."""
    if levels or consensus is not None:
        return ANSWER_LEVEL
    if dont_know:
        return ANSWER_DONT_KNOW
    if not_applicable:
        return ANSWER_NOT_APPLICABLE
    return ANSWER_UNANSWERED


def discuss_first(questions: Iterable[TeamQuestion]) -> tuple[TeamQuestion, ...]:
    """The divergent questions, widest spread first; then the higher sd; then catalog order."""
    divergent = [question for question in questions if question.divergent]
    # The rounding makes standard deviations equal on paper tie despite their last bits.
    divergent.sort(
        key=lambda q: (-q.range, -round(q.spread.stdev if q.spread else 0.0, 9), q.position)
    )
    return tuple(divergent)


def _role_position(role_order: Sequence[str]):  # noqa: ANN202 - a sort key
    index = {role: i for i, role in enumerate(role_order)}
    return lambda role: (index.get(role, len(index)), role)


def role_groups(
    voters: Sequence[Voter], *, role_order: Sequence[str] = (), leadership_role: str = ""
) -> tuple[RoleGroup, ...]:
    """The groups of the role split; () when fewer than two groups remain.

    Roles with fewer than MIN_GROUP participants (and participants without a role) make up
    "other roles". While "other roles" has 1 or 2 members, the smallest remaining role joins it
    (on a tie, the one listed last in ``role_order``). The leadership role joins only when no
    other role is left: the leadership is also compared with the rest of the team, and "other
    roles" minus a leadership inside it would show the others' answers.
    """
    position = _role_position(role_order)
    counts = Counter(voter.role for voter in voters)
    kept = {role: n for role, n in counts.items() if role and n >= MIN_GROUP}
    merged = sorted((role for role in counts if role not in kept), key=position)
    other = sum(counts[role] for role in merged)
    while 0 < other < MIN_GROUP and kept:
        candidates = [role for role in kept if role != leadership_role] or list(kept)
        # min() keeps the first of equal counts: the last in the role order, as it runs reversed.
        backwards = sorted(candidates, key=position, reverse=True)
        smallest = min(backwards, key=lambda role: kept[role])
        other += kept.pop(smallest)
        merged.append(smallest)
    groups = [RoleGroup(role, (role,), kept[role]) for role in sorted(kept, key=position)]
    if other:
        groups.append(RoleGroup(None, tuple(sorted(merged, key=position)), other))
    return tuple(groups) if len(groups) >= 2 else ()


def _spread_of(key: str, levels: Sequence[int]) -> QuestionSpread | None:
    return question_spread(key, sorted(levels))


def _means_result(
    pillars: Sequence[PillarSpec], spreads: Mapping[str, QuestionSpread]
) -> scoring.AssessmentResult:
    answers = {
        key: scoring.Answer(level=math.floor(spread.mean), mean=spread.mean)
        for key, spread in spreads.items()
    }
    return scoring.score_assessment(pillars, answers)


def _role_split(
    pillars: Sequence[PillarSpec],
    voters: Sequence[Voter],
    levels: Mapping[str, Mapping[int, int]],
    *,
    role_order: Sequence[str],
    leadership_role: str,
) -> RoleSplit | None:
    groups = role_groups(voters, role_order=role_order, leadership_role=leadership_role)
    if not groups:
        return None
    group_of_role = {role: index for index, group in enumerate(groups) for role in group.roles}
    group_of_voter = {voter.id: group_of_role[voter.role] for voter in voters}
    questions = []
    shown: list[dict[str, QuestionSpread]] = [{} for _ in groups]
    for pillar in pillars:
        for spec in pillar.questions:
            by_group: list[list[int]] = [[] for _ in groups]
            for voter, level in levels.get(spec.key, {}).items():
                by_group[group_of_voter[voter]].append(level)
            if all(len(group_levels) >= MIN_GROUP for group_levels in by_group):
                spreads = tuple(_spread_of(spec.key, group_levels) for group_levels in by_group)
                questions.append(RoleSplitQuestion(spec.key, spreads))  # type: ignore[arg-type]
                for index, spread in enumerate(spreads):
                    assert spread is not None
                    shown[index][spec.key] = spread
            else:
                questions.append(RoleSplitQuestion(spec.key, None))
    return RoleSplit(
        groups=groups,
        questions=tuple(questions),
        results=tuple(_means_result(pillars, group_spreads) for group_spreads in shown),
    )


def leadership_flag(leadership: Sequence[int], rest: Sequence[int]) -> bool:
    """Whether the leadership's mean is at least LEADERSHIP_GAP levels above the rest's.

    Compared in whole numbers (sum_l / n_l >= sum_r / n_r + gap, both sides times n_l × n_r), so
    that 13/3 against 7/3 is exactly 2 levels apart, not a rounding error below.
    """
    if not leadership or not rest:
        return False
    n_lead, n_rest = len(leadership), len(rest)
    return sum(leadership) * n_rest - sum(rest) * n_lead >= LEADERSHIP_GAP * n_lead * n_rest


def _leadership(
    pillars: Sequence[PillarSpec],
    voters: Sequence[Voter],
    levels: Mapping[str, Mapping[int, int]],
    leadership_role: str,
) -> LeadershipComparison | None:
    leaders = {voter.id for voter in voters if voter.role == leadership_role}
    if not leadership_role or not leaders:
        return None
    questions = []
    for pillar in pillars:
        for spec in pillar.questions:
            votes = levels.get(spec.key, {})
            lead = [level for voter, level in votes.items() if voter in leaders]
            rest = [level for voter, level in votes.items() if voter not in leaders]
            if len(lead) >= MIN_GROUP and len(rest) >= MIN_GROUP:
                questions.append(
                    LeadershipQuestion(
                        key=spec.key,
                        shown=True,
                        leadership=_spread_of(spec.key, lead),
                        rest=_spread_of(spec.key, rest),
                        flagged=leadership_flag(lead, rest),
                    )
                )
            else:
                questions.append(LeadershipQuestion(spec.key, False, None, None, False))
    return LeadershipComparison(
        role=leadership_role,
        members=len(leaders),
        rest_members=len(voters) - len(leaders),
        questions=tuple(questions),
    )


def _bands(
    pillars: Sequence[PillarSpec], voters: Sequence[Voter], answers: Mapping[int, dict]
) -> tuple[PillarBand, ...]:
    scores: dict[str, list[float]] = defaultdict(list)
    for voter in voters:
        own = scoring.score_assessment(pillars, answers.get(voter.id, {}))
        for pillar in own.pillars:
            if pillar.score is not None:
                scores[pillar.key].append(pillar.score)
    return tuple(
        PillarBand(
            key=pillar.key,
            low=min(scores[pillar.key], default=None),
            high=max(scores[pillar.key], default=None),
            n=len(scores[pillar.key]),
        )
        for pillar in pillars
    )


def team_result(
    pillars: Sequence[PillarSpec],
    voters: Sequence[Voter],
    votes: Iterable[Vote],
    consensus: Mapping[str, int] | None = None,
    *,
    role_order: Sequence[str] = (),
    leadership_role: str = "",
) -> TeamResult:
    """The team's results (see the module docstring).

    Votes of unknown voters or for questions outside ``pillars`` are ignored, as is a consensus
    for a question outside them. A voter votes at most once a question.
    """
    consensus = dict(consensus or {})
    for level in consensus.values():
        scoring.Answer(level=level)  # the same check as any level
    voter_ids = {voter.id for voter in voters}
    if len(voter_ids) != len(voters):
        raise ValueError("duplicate voter ids")
    keys = {spec.key for pillar in pillars for spec in pillar.questions}
    levels: dict[str, dict[int, int]] = defaultdict(dict)
    statuses: dict[str, Counter[str]] = defaultdict(Counter)
    own_answers: dict[int, dict[str, scoring.Answer]] = defaultdict(dict)
    seen: set[tuple[int, str]] = set()
    for vote in votes:
        if vote.voter not in voter_ids or vote.key not in keys:
            continue
        if (vote.voter, vote.key) in seen:
            raise ValueError(f"voter {vote.voter} voted twice on {vote.key!r}")
        seen.add((vote.voter, vote.key))
        statuses[vote.key][vote.status] += 1
        own_answers[vote.voter][vote.key] = scoring.Answer(level=vote.level, status=vote.status)
        if vote.level is not None:
            levels[vote.key][vote.voter] = vote.level

    questions: list[TeamQuestion] = []
    team_answers: dict[str, scoring.Answer] = {}
    position = 0
    for pillar in pillars:
        for spec in pillar.questions:
            given = sorted(levels.get(spec.key, {}).values())
            spread = question_spread(spec.key, given)
            agreed = consensus.get(spec.key)
            counts = statuses.get(spec.key, Counter())
            status = _status(
                len(given), counts[ANSWER_DONT_KNOW], counts[ANSWER_NOT_APPLICABLE], agreed
            )
            answer = _team_answer(status, spread, agreed)
            team_answers[spec.key] = answer
            questions.append(
                TeamQuestion(
                    key=spec.key,
                    pillar_key=pillar.key,
                    position=position,
                    spread=spread,
                    distribution=distribution(given),
                    dont_know=counts[ANSWER_DONT_KNOW],
                    not_applicable=counts[ANSWER_NOT_APPLICABLE],
                    consensus=agreed,
                    level=answer.level,
                    score=scoring.question_score(agreed)
                    if agreed is not None
                    else (scoring.mean_score(spread.mean) if spread else None),
                    shift=agreed - spread.mean if agreed is not None and spread else None,
                )
            )
            position += 1
    return TeamResult(
        participants=len(voters),
        questions=tuple(questions),
        discuss_first=discuss_first(questions),
        result=scoring.score_assessment(pillars, team_answers),
        bands=_bands(pillars, voters, own_answers),
        role_split=_role_split(
            pillars, voters, levels, role_order=role_order, leadership_role=leadership_role
        ),
        leadership=_leadership(pillars, voters, levels, leadership_role),
    )
