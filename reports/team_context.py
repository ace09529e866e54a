"""A workshop's team results arranged for display: the results page, the JSON, the PDF, the DOCX
and the participants' phones read this, in the active language.

Every number comes from `team.team_result`; this module adds the catalog texts, the agreed
levels' notes and the labels. It never holds a participant's name: the named participant list is
the results page's own (see `participant_names`), shown to the workspace's consultants only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from . import team
from .formatting import number, signed
from .scoring import DIVERGENCE_LEVELS, MAX_LEVEL, MIN_LEVEL, QuestionSpread

if TYPE_CHECKING:
    from assessment.models import Consensus
    from pillars.models import Question
    from reports.selectors import ScoredAssessment


@dataclass
class Dot:
    level: int
    count: int

    @property
    def marks(self) -> range:
        """One mark per vote, for the templates to draw a dot each."""
        return range(self.count)


@dataclass
class SplitCell:
    """One group's view of one question (only when every group has enough votes on it)."""

    label: str
    spread: QuestionSpread

    @property
    def mean_text(self) -> str:
        return number(self.spread.mean)


@dataclass
class TeamQuestionView:
    key: str
    order: str  # "2.3"
    text: str
    pillar_key: str
    pillar_name: str
    question: team.TeamQuestion
    consensus: Consensus | None
    levels: dict[int, str]  # descriptor per level, for the consensus form and the labels
    split: list[SplitCell] | None = None  # None: no split for this question
    leadership: team.LeadershipQuestion | None = None
    form: Any = None  # the consultant's consensus form on the results page

    @property
    def anchor(self) -> str:
        return f"team-{self.key}"

    @property
    def leadership_mean_text(self) -> str:
        lead = self.leadership.leadership if self.leadership else None
        return number(lead.mean if lead else None)

    @property
    def rest_mean_text(self) -> str:
        rest = self.leadership.rest if self.leadership else None
        return number(rest.mean if rest else None)

    @property
    def agreed_shift_text(self) -> str:
        """The shift where there is one to tell (an agreed level and votes); "–" otherwise."""
        if self.question.consensus is None or not self.n:
            return "–"
        return self.shift_text

    @property
    def agreement_detail(self) -> str:
        """ " · mean 3.1 · shift −0.1 — <the agreed level's descriptor>" beside the label."""
        parts = []
        if self.n:
            parts.append(f"{_('Mean')} {self.mean_text}")
            parts.append(f"{_('Shift')} {self.shift_text}")
        text = "".join(f" · {part}" for part in parts)
        if self.consensus_text:
            text += f" — {self.consensus_text}"
        return text

    @property
    def leadership_gap_text(self) -> str:
        gap = self.leadership.gap if self.leadership else None
        return signed(gap)

    @property
    def spread(self) -> QuestionSpread | None:
        return self.question.spread

    @property
    def n(self) -> int:
        return self.question.n

    @property
    def mean_text(self) -> str:
        return number(self.spread.mean if self.spread else None)

    @property
    def median_text(self) -> str:
        return number(self.spread.median if self.spread else None)

    @property
    def sd_text(self) -> str:
        return "–" if self.spread is None else str(floatformat(self.spread.stdev, 2))

    @property
    def range_text(self) -> str:
        """ "1–5"; "–" without a level vote."""
        return f"{self.spread.min}–{self.spread.max}" if self.spread else "–"

    @property
    def shift_text(self) -> str:
        return signed(self.question.shift)

    @property
    def score_text(self) -> str:
        return number(self.question.score)

    @property
    def dots(self) -> list[Dot]:
        return [
            Dot(level, count)
            for level, count in zip(
                range(MIN_LEVEL, MAX_LEVEL + 1), self.question.distribution, strict=True
            )
        ]

    @property
    def dots_text(self) -> str:
        """The distribution in words, for screen readers, tables and the DOCX: "1: 0 · 2: 3 …"."""
        return " · ".join(f"{dot.level}: {dot.count}" for dot in self.dots)

    @property
    def divergent(self) -> bool:
        return self.question.divergent

    @property
    def consensus_level(self) -> int | None:
        return self.question.consensus

    @property
    def consensus_text(self) -> str:
        """The agreed level's descriptor; "" without one."""
        level = self.question.consensus
        return self.levels.get(level, "") if level else ""

    @property
    def note(self) -> str:
        return self.consensus.note if self.consensus else ""

    @property
    def minority_note(self) -> str:
        return self.consensus.minority_note if self.consensus else ""

    @property
    def answer_label(self) -> str:
        """The team's answer in a few words: "Agreed: level 4", "Mean 2.5", "Don't know: 3"."""
        if self.question.consensus is not None:
            return _("Agreed: level %(level)s") % {"level": self.question.consensus}
        if self.spread is not None:
            return _("Mean %(mean)s") % {"mean": self.mean_text}
        if self.question.dont_know:
            return _("Don't know")
        if self.question.not_applicable:
            return _("Not applicable")
        return _("Not answered")

    @property
    def short_label(self) -> str:
        """The team's answer beside a question in the report's narrow side column."""
        if self.question.consensus is not None:
            return _("Agreed %(level)s") % {"level": self.question.consensus}
        return self.answer_label

    @property
    def votes_label(self) -> str:
        return ngettext("%(count)s vote", "%(count)s votes", self.n) % {"count": self.n}

    @property
    def others_label(self) -> str:
        """ "2 don't know · 1 not applicable"; "" when nobody said either."""
        parts = []
        if self.question.dont_know:
            parts.append(_("%(count)s don't know") % {"count": self.question.dont_know})
        if self.question.not_applicable:
            parts.append(_("%(count)s not applicable") % {"count": self.question.not_applicable})
        return " · ".join(parts)


@dataclass
class GroupView:
    group: team.RoleGroup
    label: str  # the role, or "Other roles"
    roles_text: str  # for "other roles": the roles in it
    scores: list[str]  # per pillar: the group's score text
    members: int

    @property
    def scores_text(self) -> str:
        """ "1: 72,2 · 2: – · …": the pillar scores by pillar number, for one table cell."""
        return " · ".join(f"{number}: {score}" for number, score in enumerate(self.scores, 1))


@dataclass
class RoleSplitView:
    groups: list[GroupView]
    pillar_names: list[str]
    hidden_questions: int  # questions whose split is not shown (too few votes in a group)

    @property
    def pillars_text(self) -> str:
        """ "1 = Strategy · 2 = Processes · …": the key to the pillar numbers."""
        names = enumerate(self.pillar_names, 1)
        return " · ".join(f"{number} = {name}" for number, name in names) + "."


@dataclass
class LeadershipView:
    comparison: team.LeadershipComparison
    flagged: list[TeamQuestionView]
    shown: int  # questions compared
    total: int

    @property
    def hidden(self) -> int:
        return self.total - self.shown


@dataclass
class BandView:
    pillar_name: str
    band: team.PillarBand

    @property
    def text(self) -> str:
        if self.band.low is None:
            return "–"
        return f"{number(self.band.low)}–{number(self.band.high)}"


@dataclass
class TeamView:
    result: team.TeamResult
    anonymous: bool
    questions: list[TeamQuestionView]  # catalog order
    by_pillar: list[tuple[Any, list[TeamQuestionView]]]  # (pillar view or name, questions)
    discuss_first: list[TeamQuestionView]
    role_split: RoleSplitView | None
    leadership: LeadershipView | None
    leadership_role: str
    bands: list[BandView]
    labels: SimpleNamespace
    participant_names: list[tuple[str, str]] = field(default_factory=list)  # named only

    @property
    def participants(self) -> int:
        return self.result.participants

    @property
    def consensus_count(self) -> int:
        return self.result.consensus_count

    def question(self, key: str) -> TeamQuestionView:
        return next(question for question in self.questions if question.key == key)


def _labels(view_result: team.TeamResult, leadership_role: str) -> SimpleNamespace:
    participants = view_result.participants
    labels = SimpleNamespace(
        team=_("Team results"),
        participants=ngettext("%(count)s participant", "%(count)s participants", participants)
        % {"count": participants},
        participants_heading=_("Participants"),
        anonymous=_("Anonymous workshop: no names are shown, not even to the consultant."),
        team_trace=_("Team"),
        band_trace=_("Range of individual scores"),
        discuss_first=_("Discuss first"),
        discuss_first_intro=_(
            "Questions where the team's answers are %(levels)s or more levels apart, the widest "
            "spread first: the agenda for the discussion."
        )
        % {"levels": DIVERGENCE_LEVELS},
        no_divergent=_("No question has answers %(levels)s or more levels apart.")
        % {"levels": DIVERGENCE_LEVELS},
        spread=_("Spread per question"),
        spread_intro=_(
            "One dot per person on the level scale. Team score: the agreed level where the team "
            "recorded one, else (mean − 1) ÷ 4 × 100."
        ),
        question=_("Question"),
        votes=_("Votes"),
        n=_("n"),
        mean=_("Mean"),
        median=_("Median"),
        range=_("Min–max"),
        sd=_("SD"),
        distribution=_("Distribution"),
        consensus=_("Agreed level"),
        shift=_("Shift"),
        shift_intro=_("Shift = agreed level − mean: how far the discussion moved the answer."),
        note=_("Note"),
        minority_note=_("Minority view"),
        score=_("Team score"),
        agreed=_("agreed"),
        role_split=_("By role"),
        role_split_intro=_(
            "One line per role. Roles with fewer than %(min)s participants are shown together as "
            "“other roles”, so nobody's answers can be singled out."
        )
        % {"min": team.MIN_GROUP},
        no_role_split=_(
            "No split by role: it needs at least two groups of %(min)s or more participants."
        )
        % {"min": team.MIN_GROUP},
        other_roles=_("Other roles"),
        role=_("Role"),
        members=_("Participants"),
        hidden_split=_(
            "Questions on which a group has fewer than %(min)s level answers are left out of its "
            "scores."
        )
        % {"min": team.MIN_GROUP},
        leadership=_("Leadership vs. team"),
        leadership_intro=_(
            "Questions where “%(role)s” rates at least %(gap)s levels above the rest of the "
            "team: self-assessments tend to be optimistic."
        )
        % {"role": leadership_role, "gap": team.LEADERSHIP_GAP},
        leadership_none=_("No question is rated %(gap)s or more levels higher by the leadership.")
        % {"gap": team.LEADERSHIP_GAP},
        leadership_too_few=_(
            "Compared only where both sides have at least %(min)s answers, so that no one's "
            "rating can be worked out."
        )
        % {"min": team.MIN_GROUP},
        leadership_unavailable=_(
            "Not enough participants in “%(role)s” and in the rest of the team to compare them "
            "(at least %(min)s answers on each side)."
        )
        % {"role": leadership_role, "min": team.MIN_GROUP},
        leadership_column=leadership_role,
        rest_column=_("Rest of the team"),
        gap=_("Difference"),
        band=_("Range of individual scores"),
        pillar=_("Pillar"),
        not_revealed=_("Not revealed yet"),
        min_group=team.MIN_GROUP,
        # Short column titles where a table has many columns (the PDF's spread table).
        mean_short=pgettext("short column title", "Mean"),
        median_short=pgettext("short column title", "Median"),
        consensus_short=pgettext("short column title", "Agreed"),
        shift_short=pgettext("short column title", "Shift"),
        agreements=_("Agreed levels and notes"),
        agreed_count=_("Agreed levels"),
        spread_table=_("Answers of the team per question"),
        no_votes=_("No question has answers yet."),
        roles=_("Roles"),
    )
    labels.abbreviations = _(
        "%(mean_short)s = mean, %(median_short)s = median, %(consensus_short)s = agreed level, "
        "%(shift_short)s = shift."
    ) % {
        "mean_short": labels.mean_short,
        "median_short": labels.median_short,
        "consensus_short": labels.consensus_short,
        "shift_short": labels.shift_short,
    }
    return labels


def _split_cells(
    split: team.RoleSplit | None, labels: list[str]
) -> dict[str, list[SplitCell] | None]:
    if split is None:
        return {}
    return {
        question.key: [
            SplitCell(label, spread) for label, spread in zip(labels, question.spreads, strict=True)
        ]
        if question.spreads is not None
        else None
        for question in split.questions
    }


def build_team_view(
    scored: ScoredAssessment, pillars: list[Any], *, with_names: bool = False
) -> TeamView:
    """The team view of a scored workshop; ``pillars`` are the report's pillar views (names)."""
    result = scored.team
    assert result is not None
    workshop = scored.workshop
    anonymous = workshop.is_anonymous if workshop else True
    leadership_role = result.leadership.role if result.leadership else ""
    if not leadership_role and workshop:
        leadership_role = workshop.leadership_role
    labels = _labels(result, leadership_role)
    numbers = {pillar.key: pillar.number for pillar in pillars}
    names = {pillar.key: pillar.name for pillar in pillars}
    split = result.role_split
    group_labels = [group.label or labels.other_roles for group in split.groups] if split else []
    cells = _split_cells(split, group_labels)
    leadership_of = (
        {question.key: question for question in result.leadership.questions}
        if result.leadership
        else {}
    )
    questions_by_key: dict[str, Question] = scored.questions_by_key
    views: list[TeamQuestionView] = []
    for question in result.questions:
        catalog_question = questions_by_key[question.key]
        views.append(
            TeamQuestionView(
                key=question.key,
                order=f"{numbers[question.pillar_key]}.{catalog_question.order}",
                text=catalog_question.text,
                pillar_key=question.pillar_key,
                pillar_name=names[question.pillar_key],
                question=question,
                consensus=scored.consensus.get(question.key),
                levels={
                    number: item.text for number, item in catalog_question.levels_by_number.items()
                },
                split=cells.get(question.key),
                leadership=leadership_of.get(question.key),
            )
        )
    by_key = {view.key: view for view in views}
    role_split = None
    if split is not None:
        role_split = RoleSplitView(
            groups=[
                GroupView(
                    group=group,
                    label=label,
                    roles_text=", ".join(role or _("no role") for role in group.roles)
                    if group.label is None
                    else "",
                    scores=[number(p.score) for p in group_result.pillars],
                    members=group.members,
                )
                for group, label, group_result in zip(
                    split.groups, group_labels, split.results, strict=True
                )
            ],
            pillar_names=[pillar.name for pillar in pillars],
            hidden_questions=sum(1 for q in split.questions if q.spreads is None),
        )
    leadership = None
    if result.leadership is not None:
        leadership = LeadershipView(
            comparison=result.leadership,
            flagged=[by_key[q.key] for q in result.leadership.flagged],
            shown=len(result.leadership.shown),
            total=len(result.leadership.questions),
        )
    participant_names: list[tuple[str, str]] = []
    if with_names and not anonymous:
        participant_names = [
            (participant.name, participant.role) for participant in scored.participants
        ]
    return TeamView(
        result=result,
        anonymous=anonymous,
        questions=views,
        by_pillar=[
            (pillar, [view for view in views if view.pillar_key == pillar.key])
            for pillar in pillars
        ],
        discuss_first=[by_key[q.key] for q in result.discuss_first],
        role_split=role_split,
        leadership=leadership,
        leadership_role=leadership_role,
        bands=[BandView(names[band.key], band) for band in result.bands],
        labels=labels,
        participant_names=participant_names,
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _spread_json(spread: QuestionSpread | None) -> dict[str, Any]:
    if spread is None:
        return {"n": 0, "mean": None, "median": None, "min": None, "max": None, "sd": None}
    return {
        "n": spread.n,
        "mean": _round(spread.mean),
        "median": spread.median,
        "min": spread.min,
        "max": spread.max,
        "sd": _round(spread.stdev),
    }


def team_json(view: TeamView) -> dict[str, Any]:
    """The "team" part of the results JSON (docs/results-json.md). No names, ever."""
    result = view.result
    split = view.role_split
    leadership = view.leadership
    return {
        "participants": result.participants,
        "naming": "anonymous" if view.anonymous else "named",
        "consensus_count": result.consensus_count,
        "questions": [
            {
                "key": q.key,
                "pillar_key": q.pillar_key,
                **_spread_json(q.spread),
                "distribution": list(q.question.distribution),
                "dont_know": q.question.dont_know,
                "not_applicable": q.question.not_applicable,
                "divergent": q.divergent,
                "consensus": {
                    "level": q.question.consensus,
                    "note": q.note,
                    "minority_note": q.minority_note,
                }
                if q.question.consensus is not None
                else None,
                "shift": _round(q.question.shift),
                "team_level": q.question.level,
                "score": _round(q.question.score),
            }
            for q in view.questions
        ],
        "discuss_first": [q.key for q in view.discuss_first],
        "bands": [
            {
                "pillar_key": band.band.key,
                "low": _round(band.band.low),
                "high": _round(band.band.high),
                "n": band.band.n,
            }
            for band in view.bands
        ],
        "role_split": {
            "min_group": team.MIN_GROUP,
            "groups": [
                {
                    "role": group.group.label,
                    "roles": list(group.group.roles),
                    "members": group.members,
                    "pillars": [
                        {"key": pillar.key, "score": _round(pillar.score)}
                        for pillar in group_result.pillars
                    ],
                }
                for group, group_result in zip(
                    split.groups,
                    result.role_split.results if result.role_split else (),
                    strict=True,
                )
            ],
            "questions": [
                {
                    "key": q.key,
                    "groups": [
                        {"n": cell.spread.n, "mean": _round(cell.spread.mean)} for cell in q.split
                    ]
                    if q.split is not None
                    else None,
                }
                for q in view.questions
            ],
        }
        if split is not None
        else None,
        "leadership": {
            "role": leadership.comparison.role,
            "members": leadership.comparison.members,
            "rest_members": leadership.comparison.rest_members,
            "min_gap": team.LEADERSHIP_GAP,
            "flagged": [q.key for q in leadership.flagged],
            "questions": [
                {
                    "key": q.key,
                    "shown": q.shown,
                    "leadership_mean": _round(q.leadership.mean) if q.leadership else None,
                    "rest_mean": _round(q.rest.mean) if q.rest else None,
                    "flagged": q.flagged,
                }
                for q in leadership.comparison.questions
            ],
        }
        if leadership is not None
        else None,
    }
