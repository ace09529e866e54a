"""One context for the results page, the JSON export and the PDF/DOCX report.

Every number comes from `scoring.score_assessment`, computed once per request; this module only
arranges it with the catalog texts of the active language.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from django.template.defaultfilters import floatformat
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessment.models import Relevance
from assessment.selectors import action_plan, kpi_inputs_of
from pillars.constants import DEFAULT_TARGET_LEVEL

from . import comparison as cmp
from . import scoring
from .branding import Branding, branding_for
from .charts import radar_data_script, radar_figure, radar_json
from .constants import PAGE_HIGHLIGHTS, TOP_NEXT_STEPS
from .formatting import fixed, number, signed
from .frozen_sections import FrozenSections
from .kpi_section import KpiSection, kpi_json, kpi_section
from .levels import LevelBand, level_bands, level_meaning, level_name
from .plan_context import BenchmarkView, PlanView, benchmark_view, plan_view
from .selectors import peer_benchmark
from .team_context import TeamView, build_team_view, team_json

if TYPE_CHECKING:
    from pillars.models import LevelDescriptor, Question
    from reports.selectors import ScoredAssessment


def _direction(value: float | None) -> str:
    """ "up", "down", "same" or "" (no change to tell), for colours and arrows."""
    if value is None:
        return ""
    rounded = round(value, 1)
    return "up" if rounded > 0 else "down" if rounded < 0 else "same"


def level_label(level: int | None, name: str) -> str:
    return _("Level %(level)s · %(name)s") % {"level": level, "name": name}


@dataclass
class QuestionView:
    key: str
    order: str  # "2.3"
    text: str
    result: scoring.QuestionResult
    level_text: str  # the chosen level's descriptor, "" unless a level was picked
    target_text: str
    comment: str
    recommendation: str  # the next step from the chosen level, "" at level 5 or unanswered
    team: Any = None  # a workshop's TeamQuestionView: the spread, the agreed level and notes
    relevance: str = ""  # the answer's relevance key (scoring.RELEVANCE_FACTORS), "" no statement
    descriptors: tuple[LevelDescriptor, ...] = ()  # the question's five levels, in order
    language: str = ""  # the language the view was built in, "" for the active one

    @functools.cached_property
    def levels(self) -> list[LevelView]:
        """Every level's descriptor with its evidence criteria (the report's appendix), in order,
        in the language the view was built in.

        Made when asked for: the results page never shows them, and their 230 texts and evidence
        lists were most of its catalog lookups (issue 13)."""
        with translation.override(self.language or translation.get_language()):
            return [LevelView(item.level, item.text, item.evidence) for item in self.descriptors]

    @property
    def relevance_label(self) -> str:
        """ "Very relevant (× 1.5)"; "" when no relevance was given."""
        if not self.relevance:
            return ""
        return _("%(relevance)s (× %(factor)s)") % {
            "relevance": Relevance(self.relevance).label,
            "factor": floatformat(scoring.RELEVANCE_FACTORS[self.relevance], "-1"),
        }

    @property
    def status(self) -> str:
        return self.result.status

    @property
    def answered(self) -> bool:
        return self.result.score is not None

    @property
    def answer_text(self) -> str:
        """The "why this score" table's answer column: the team's answer, "level 3", … ("—")."""
        if self.team:
            return str(self.team.answer_label)
        if self.result.level:
            return _("level %(level)s") % {"level": self.result.level}
        if self.status == scoring.ANSWER_DONT_KNOW:
            return _("don't know")
        if self.status == scoring.ANSWER_NOT_APPLICABLE:
            return _("not applicable")
        return "—"

    # The "why this score" table's figures, printed in Python: floatformat in the template cost
    # a third of the results page.
    @property
    def score_text(self) -> str:
        return number(self.result.score)

    @property
    def weight_text(self) -> str:
        return fixed(self.result.weight, 2)

    @property
    def contribution_text(self) -> str:
        return number(self.result.contribution)


@dataclass
class RadarRow:
    """One pillar of the radar's table; every number as printed, "–" where the chart has a gap."""

    pillar: str
    score: str
    level: str
    target: str
    low: str  # a workshop's lowest individual pillar score
    high: str
    before: str  # the earlier assessment's score


@dataclass
class RadarTable:
    rows: list[RadarRow]
    current_name: str
    target_name: str
    before_name: str
    band: bool  # a workshop: lowest and highest individual scores
    comparison: bool  # an earlier assessment to compare with


@dataclass
class LevelView:
    """One level of a question: its descriptor and the criteria that show it (issue 11)."""

    level: int
    text: str
    evidence: list[str]


@dataclass
class LegalNoteView:
    """A legal point beside a question, for the organisation's country: shown beside the
    maturity score, never part of it (issue 11)."""

    question_order: str
    question_text: str
    text: str
    checked: Any  # a date

    @property
    def checked_text(self) -> str:
        return _("Checked on %(date)s") % {"date": formats.date_format(self.checked, "DATE_FORMAT")}


@dataclass
class PillarView:
    key: str
    number: int
    name: str
    description: str
    result: scoring.PillarResult
    questions: list[QuestionView]
    level_name: str
    strongest: QuestionView | None
    weakest: QuestionView | None
    steps: list[StepView] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def score_text(self) -> str:
        return number(self.result.score)

    @property
    def level_text(self) -> str:
        """ "4 · Managed"; "" without enough answers."""
        return f"{self.result.level} · {self.level_name}" if self.result.enough_answers else ""

    @property
    def level_label(self) -> str:
        """ "Level 4 · Managed"; "" without enough answers."""
        return level_label(self.result.level, self.level_name) if self.result.enough_answers else ""

    @property
    def coverage_percent(self) -> int:
        return round(self.result.coverage * 100)

    @property
    def dont_know(self) -> int:
        return sum(1 for q in self.questions if q.status == scoring.ANSWER_DONT_KNOW)

    @property
    def not_applicable(self) -> int:
        return sum(1 for q in self.questions if q.status == scoring.ANSWER_NOT_APPLICABLE)

    @property
    def weight_sum(self) -> float:
        return sum(q.result.weight for q in self.questions if q.answered)

    @property
    def contribution_sum(self) -> float:
        return sum(q.result.contribution or 0 for q in self.questions)


@dataclass
class StepView:
    step: scoring.NextStep
    pillar_name: str
    question_order: str  # "2.3"
    question_text: str
    text: str

    @property
    def to_level(self) -> int:
        return self.step.from_level + 1

    @property
    def plan_key(self) -> tuple[str, int]:
        """What an action made from this step is known by in the plan (``PlanView.in_plan``)."""
        return (self.step.question_key, self.step.from_level)

    @property
    def about(self) -> str:
        """What the step is about among all pillars' steps: "pillar · question"."""
        return f"{self.pillar_name} · {self.question_text}"

    @property
    def about_in_pillar(self) -> str:
        """What the step is about within its pillar: "2.3 question"."""
        return f"{self.question_order} {self.question_text}"

    @property
    def levels_label(self) -> str:
        return _("From level %(from)s to %(to)s · priority %(priority)s") % {
            "from": self.step.from_level,
            "to": self.to_level,
            "priority": floatformat(self.step.priority, "-2"),
        }

    @property
    def change_label(self) -> str:
        return _("Next step %(from)s → %(to)s") % {
            "from": self.step.from_level,
            "to": self.to_level,
        }


@dataclass
class Highlight:
    name: str
    score: float
    evidence: str  # pillar: its level name; question: the chosen level's descriptor
    is_pillar: bool
    is_team: bool = False  # a workshop's: the evidence is the team level's descriptor

    @property
    def score_text(self) -> str:
        return number(self.score)

    @property
    def detail(self) -> str:
        """The evidence with what it is, "" without evidence."""
        if not self.evidence:
            return ""
        if self.is_pillar:
            return _("Pillar · level: %(level)s") % {"level": self.evidence}
        if self.is_team:
            return _("The team's answer: %(answer)s") % {"answer": self.evidence}
        return _("Your answer: %(answer)s") % {"answer": self.evidence}


def answer_label(result: scoring.QuestionResult | None) -> str:
    """An answer in a few words: "Level 3", "Don't know", …; "–" outside the catalog version."""
    if result is None:
        return "–"
    if result.level is not None:
        return _("Level %(level)s") % {"level": result.level}
    if result.status == scoring.ANSWER_DONT_KNOW:
        return _("Don't know")
    if result.status == scoring.ANSWER_NOT_APPLICABLE:
        return _("Not applicable")
    return _("Not answered")


@dataclass
class PillarChangeView:
    name: str
    change: cmp.PillarChange

    @property
    def before_text(self) -> str:
        return number(self.change.before)

    @property
    def now_text(self) -> str:
        return number(self.change.now)

    @property
    def delta_text(self) -> str:
        return signed(self.change.delta)

    @property
    def direction(self) -> str:
        return _direction(self.change.delta)


@dataclass
class QuestionChangeView:
    order: str  # "2.3" in the later catalog; the earlier one's for a question it alone has
    text: str
    pillar_name: str
    change: cmp.QuestionChange
    before_label: str
    now_label: str

    @property
    def delta_text(self) -> str:
        return signed(self.change.delta) if self.change.delta is not None else "–"

    @property
    def direction(self) -> str:
        return _direction(self.change.delta)


@dataclass
class ChangeGroup:
    """The questions of one kind of change, under their heading."""

    kind: str
    title: str
    count: int
    rows: list[QuestionChangeView]
    note: str = ""


@dataclass
class ComparisonView:
    comparison: cmp.Comparison
    before_date: Any
    now_date: Any
    before_name: str  # "Before · 12 May 2026": legend and column headings
    now_name: str
    pillars: list[PillarChangeView]
    groups: list[ChangeGroup]  # improved, declined, unchanged, answered once, not comparable
    labels: SimpleNamespace

    @property
    def overall_before_text(self) -> str:
        return number(self.comparison.overall_before)

    @property
    def overall_now_text(self) -> str:
        return number(self.comparison.overall_now)

    @property
    def overall_delta_text(self) -> str:
        return signed(self.comparison.overall_delta)

    @property
    def overall_direction(self) -> str:
        return _direction(self.comparison.overall_delta)

    @property
    def counts(self) -> cmp.ChangeCounts:
        return self.comparison.counts


def _date_of(assessment: Any) -> Any:
    return timezone.localdate(assessment.completed_at or assessment.created_at)


def _comparison_view(scored: ScoredAssessment, pillar_names: dict[str, str]) -> ComparisonView:
    baseline = scored.baseline
    comparison = scored.comparison
    assert baseline is not None and comparison is not None
    before_date = _date_of(baseline.assessment)
    now_date = timezone.localdate(scored.assessment.completed_at or timezone.now())
    names = {p.key: p.name for p in baseline.pillars} | pillar_names
    numbers = {p.key: n for n, p in enumerate(scored.pillars, start=1)}
    before_numbers = {p.key: n for n, p in enumerate(baseline.pillars, start=1)}

    def results(result: scoring.AssessmentResult) -> dict[str, scoring.QuestionResult]:
        return {q.key: q for p in result.pillars for q in p.questions}

    before_results, now_results = results(baseline.result), results(scored.result)
    rows: dict[str, list[QuestionChangeView]] = {kind: [] for kind in cmp.KINDS}
    for change in comparison.questions:
        question = scored.questions_by_key.get(change.key)
        pillar_number = numbers.get(change.pillar_key)
        if question is None:
            question = baseline.questions_by_key[change.key]
            pillar_number = before_numbers.get(change.pillar_key)
        rows[change.kind].append(
            QuestionChangeView(
                order=f"{pillar_number}.{question.order}",
                text=question.text,
                pillar_name=names.get(change.pillar_key, change.pillar_key),
                change=change,
                before_label=answer_label(before_results.get(change.key)),
                now_label=answer_label(now_results.get(change.key)),
            )
        )
    counts = comparison.counts
    before_text = formats.date_format(before_date, "DATE_FORMAT")
    now_text = formats.date_format(now_date, "DATE_FORMAT")
    groups = [
        ChangeGroup(cmp.IMPROVED, _("Improved"), counts.improved, rows[cmp.IMPROVED]),
        ChangeGroup(cmp.DECLINED, _("Declined"), counts.declined, rows[cmp.DECLINED]),
        ChangeGroup(cmp.UNCHANGED, _("Unchanged"), counts.unchanged, rows[cmp.UNCHANGED]),
        ChangeGroup(
            cmp.ANSWERED_ONCE,
            _("Answered only once"),
            counts.answered_once,
            rows[cmp.ANSWERED_ONCE],
            note=_("A level was picked in only one of the two assessments."),
        ),
        ChangeGroup(
            cmp.NOT_COMPARABLE,
            _("Not comparable"),
            counts.not_comparable,
            rows[cmp.NOT_COMPARABLE],
            note=_("The question is in only one of the two checklist versions."),
        ),
    ]
    return ComparisonView(
        comparison=comparison,
        before_date=before_date,
        now_date=now_date,
        before_name=_("Before · %(date)s") % {"date": before_text},
        now_name=_("Now · %(date)s") % {"date": now_text},
        pillars=[
            PillarChangeView(names.get(change.key, change.key), change)
            for change in comparison.pillars
        ],
        groups=[group for group in groups if group.count or group.kind != cmp.NOT_COMPARABLE],
        labels=SimpleNamespace(
            title=_("Change since the earlier assessment"),
            intro=_(
                "This assessment is compared with the one completed on %(date)s: the radar "
                "shows both, the tables what changed per pillar and per question."
            )
            % {"date": before_text},
            overall=_("Overall score"),
            before=_("Before"),
            now=_("Now"),
            change=_("Change"),
            pillar=_("Pillar"),
            question=_("Question"),
            by_pillar=_("Change per pillar"),
            by_question=_("Change per question"),
            summary=ngettext(
                "%(improved)s question improved, %(declined)s declined, %(unchanged)s "
                "unchanged, %(once)s answered only once.",
                "%(improved)s questions improved, %(declined)s declined, %(unchanged)s "
                "unchanged, %(once)s answered only once.",
                counts.improved,
            )
            % {
                "improved": counts.improved,
                "declined": counts.declined,
                "unchanged": counts.unchanged,
                "once": counts.answered_once,
            },
            not_comparable=ngettext(
                "%(count)s question is in only one of the two checklist versions and is not "
                "compared.",
                "%(count)s questions are in only one of the two checklist versions and are not "
                "compared.",
                counts.not_comparable,
            )
            % {"count": counts.not_comparable}
            if counts.not_comparable
            else "",
            none=_("None."),
        ),
    )


@dataclass
class ReportContext:
    scored: ScoredAssessment
    result: scoring.AssessmentResult
    pillars: list[PillarView]
    level_name: str
    level_meaning: str
    strengths: list[Highlight]
    weaknesses: list[Highlight]
    next_steps: list[StepView]
    all_steps: list[StepView]
    generated_at: Any
    comparison: ComparisonView | None = None
    branding: Branding | None = None
    # A workshop's team results: spread, discuss first, role split, leadership, consensus.
    team: TeamView | None = None
    # The legal notes of the asked questions for the organisation's country (catalog v2).
    legal_notes: list[LegalNoteView] = field(default_factory=list)

    @functools.cached_property
    def kpis(self) -> KpiSection:
        """The KPI section (pillar 6), loaded on first use: one query for the figures."""
        return kpi_section(kpi_inputs_of(self.scored.assessment))

    @functools.cached_property
    def plan(self) -> PlanView:
        """The action plan, loaded on first use (one query, two for a re-assessment)."""
        keys = {question.pk: key for key, question in self.scored.questions_by_key.items()}
        return plan_view(action_plan(self.scored.assessment), keys)

    @functools.cached_property
    def benchmark(self) -> BenchmarkView | None:
        """Comparable companies per pillar, loaded on first use; None without a size band."""
        return benchmark_view(
            self.scored.assessment,
            peer_benchmark(self.scored.assessment, [p.key for p in self.pillars]),
            [(p.key, p.name, p.result.score) for p in self.pillars],
        )

    @functools.cached_property
    def radar_series(self) -> dict[str, Any]:
        """The numbers behind the radar, by pillar: the chart and its table both draw on these."""
        baseline = None
        if self.comparison is not None:
            before = {change.key: change.before for change in self.comparison.comparison.pillars}
            baseline = [before.get(p.key) for p in self.pillars]
        band: dict[str, Any] = {}
        if self.team is not None:
            band = {
                "band_low": [view.band.low for view in self.team.bands],
                "band_high": [view.band.high for view in self.team.bands],
                "band_name": self.team.labels.band_trace,
            }
        current_name = _("Current")
        if self.comparison:
            current_name = self.comparison.now_name
        elif self.team is not None:
            current_name = self.team.labels.team_trace
        return {
            "labels": [p.name for p in self.pillars],
            "current": [p.result.score for p in self.pillars],
            "target": [
                p.result.target_score if p.result.enough_answers else None for p in self.pillars
            ],
            "baseline": baseline,
            "current_name": current_name,
            "target_name": _("Target"),
            "baseline_name": self.comparison.before_name if self.comparison else "",
            **band,
        }

    def _radar_data(self) -> tuple[list[str], list[float | None], dict[str, Any]]:
        """The radar's labels, scores and options, for `radar` and `radar_json`."""
        series = dict(self.radar_series)
        labels = series.pop("labels")
        current = series.pop("current")
        series["accent"] = self.branding.accent if self.branding else ""
        return labels, current, series

    @functools.cached_property
    def radar(self) -> Any:
        """The plotly radar, built on first use: the JSON and CSV exports never need it."""
        labels, scores, options = self._radar_data()
        return radar_figure(labels, scores, **options)

    @functools.cached_property
    def radar_json(self) -> str:
        """The radar for plotly.js on the results page: the same figure, without building a
        plotly Figure (reports.charts.radar_json)."""
        labels, scores, options = self._radar_data()
        return radar_json(labels, scores, **options)

    @functools.cached_property
    def radar_table(self) -> RadarTable:
        """The radar as a table (its text alternative): the same numbers, one row per pillar."""
        series = self.radar_series
        band_low = series.get("band_low") or [None] * len(self.pillars)
        band_high = series.get("band_high") or [None] * len(self.pillars)
        baseline = series["baseline"] or [None] * len(self.pillars)
        rows = [
            RadarRow(
                pillar=pillar.heading,
                score=number(series["current"][index]),
                level=pillar.level_text,
                target=number(series["target"][index]),
                low=number(band_low[index]),
                high=number(band_high[index]),
                before=number(baseline[index]),
            )
            for index, pillar in enumerate(self.pillars)
        ]
        return RadarTable(
            rows=rows,
            current_name=series["current_name"],
            target_name=series["target_name"],
            before_name=series["baseline_name"],
            band=self.team is not None,
            comparison=series["baseline"] is not None,
        )

    @property
    def assessed_by(self) -> str:
        """Who assessed: the consultant of a facilitated assessment, else the participant."""
        scored = self.scored
        if scored.consultant_name:
            return scored.consultant_name
        if scored.team is not None:
            return _("Team workshop")
        name = scored.participant.name if scored.participant else ""
        return name or _("Self-assessment")

    @property
    def assessment(self):  # noqa: ANN201 - the Assessment model instance
        return self.scored.assessment

    @property
    def score_text(self) -> str:
        return number(self.result.score)

    @property
    def level_label(self) -> str:
        """ "Level 4 · Managed"; "" without an overall score."""
        return level_label(self.result.level, self.level_name) if self.result.level else ""

    @property
    def strength_threshold(self) -> int:
        return scoring.STRENGTH_THRESHOLD

    @property
    def weakness_threshold(self) -> int:
        return scoring.WEAKNESS_THRESHOLD

    @property
    def min_coverage_percent(self) -> int:
        return round(scoring.MIN_COVERAGE * 100)

    @property
    def default_target(self) -> int:
        return DEFAULT_TARGET_LEVEL

    @property
    def top_steps_limit(self) -> int:
        return TOP_NEXT_STEPS

    @functools.cached_property
    def level_bands(self) -> list[LevelBand]:
        return level_bands()

    @property
    def question_scale(self) -> str:
        """Each answer level with its question score: "1 = 0, 2 = 25, …, 5 = 100"."""
        return ", ".join(f"{band.level} = {band.score}" for band in self.level_bands)

    @functools.cached_property
    def labels(self) -> SimpleNamespace:
        """Texts the results page and the report both show, in the active language."""
        below_target = len(self.all_steps)
        return SimpleNamespace(
            overall=_("Overall customer-centricity"),
            no_overall_score=_("Not enough answers for an overall score yet."),
            not_enough_answers=_("Not enough answers"),
            radar_alt=_("Radar chart of the pillar scores"),
            strengths=_("Strengths"),
            weaknesses=_("Weaknesses"),
            no_strengths=_("No pillar or question scores %(limit)s or more yet.")
            % {"limit": self.strength_threshold},
            no_weaknesses=_("No pillar or question scores %(limit)s or less.")
            % {"limit": self.weakness_threshold},
            top_steps=_("Your top %(limit)s next steps") % {"limit": self.top_steps_limit},
            no_steps=_("No next steps: every answered question has reached its target level."),
            below_target=ngettext(
                "%(count)s question is below its target level; the %(limit)s with the highest "
                "priority are the next steps below.",
                "%(count)s questions are below their target level; the %(limit)s with the "
                "highest priority are the next steps below.",
                below_target,
            )
            % {"count": below_target, "limit": self.top_steps_limit}
            if self.next_steps
            else "",
        )

    @property
    def has_answers(self) -> bool:
        return self.result.answered > 0

    @property
    def progress_percent(self) -> int:
        return (
            round(100 * self.result.questions_answered / self.result.total)
            if self.result.total
            else 0
        )


def _question_view(
    question: Question,
    pillar_number: int,
    result: scoring.QuestionResult,
    comment: str,
    relevance: str = "",
) -> QuestionView:
    descriptors = question.levels_by_number

    def level_text(level: int | None) -> str:
        descriptor = descriptors.get(level) if level else None
        return descriptor.text if descriptor else ""

    step = question.recommendations_by_level.get(result.level) if result.level else None
    recommendation = step.text if step else ""
    return QuestionView(
        key=question.key,
        order=f"{pillar_number}.{question.order}",
        text=question.text,
        result=result,
        level_text=level_text(result.level),
        target_text=level_text(result.target),
        comment=comment,
        recommendation=recommendation,
        relevance=relevance,
        descriptors=tuple(descriptors.values()),
        language=translation.get_language() or "",
    )


def _highlight(
    item: scoring.PillarResult | scoring.QuestionResult, pillars, questions, is_team: bool = False
):
    if isinstance(item, scoring.PillarResult):
        view = pillars[item.key]
        return Highlight(view.name, cast(float, item.score), view.level_name, is_pillar=True)
    view = questions[item.key]
    return Highlight(
        view.text, cast(float, item.score), view.level_text, is_pillar=False, is_team=is_team
    )


def build_report_context(scored: ScoredAssessment, *, with_names: bool = False) -> ReportContext:
    """Arrange the scored assessment for display, in the active language.

    ``with_names``: a named workshop's participant list (for its consultants' results page).
    """
    result = scored.result
    answers_by_key = {
        question.key: scored.answers.get(question.pk)
        for pillar in scored.pillars
        for question in pillar.question_list
    }
    pillar_views: dict[str, PillarView] = {}
    question_views: dict[str, QuestionView] = {}
    legal_notes: list[LegalNoteView] = []
    for position, (pillar, pillar_result) in enumerate(
        zip(scored.pillars, result.pillars, strict=True), start=1
    ):
        questions = []
        for question, question_result in zip(
            pillar.question_list, pillar_result.questions, strict=True
        ):
            answer = answers_by_key.get(question.key)
            comment = answer.comment if answer and scored.include_comments else ""
            relevance = answer.relevance if answer and scored.team is None else ""
            view = _question_view(question, position, question_result, comment, relevance)
            if "legal_notes" in getattr(question, "_prefetched_objects_cache", {}):
                legal_notes += [
                    LegalNoteView(view.order, view.text, note.text, note.checked)
                    for note in question.legal_notes.all()
                ]
            questions.append(view)
            question_views[view.key] = view
        pillar_views[pillar.key] = _pillar_view(
            pillar, position, pillar_result, questions, question_views
        )

    steps = []
    for step in result.next_steps:
        question_view = question_views[step.question_key]
        steps.append(
            StepView(
                step=step,
                pillar_name=pillar_views[step.pillar_key].name,
                question_order=question_view.order,
                question_text=question_view.text,
                text=question_view.recommendation,
            )
        )
    for step_view in steps:
        pillar_views[step_view.step.pillar_key].steps.append(step_view)

    pillars = list(pillar_views.values())
    is_team = scored.team is not None
    team_view = build_team_view(scored, pillars, with_names=with_names) if is_team else None
    if team_view is not None:
        for team_question in team_view.questions:
            question_views[team_question.key].team = team_question
    return ReportContext(
        scored=scored,
        result=result,
        pillars=pillars,
        level_name=level_name(result.level),
        level_meaning=level_meaning(result.level),
        strengths=[
            _highlight(i, pillar_views, question_views, is_team)
            for i in _best(result.strengths, True)
        ],
        weaknesses=[
            _highlight(i, pillar_views, question_views, is_team)
            for i in _best(result.weaknesses, False)
        ],
        next_steps=steps[:TOP_NEXT_STEPS],
        all_steps=steps,
        generated_at=timezone.now(),
        comparison=_comparison_view(scored, {p.key: p.name for p in pillars})
        if scored.comparison is not None
        else None,
        branding=branding_for(scored.workspace),
        team=team_view,
        legal_notes=legal_notes,
    )


def _pillar_view(pillar, number, pillar_result, questions, question_views) -> PillarView:
    return PillarView(
        key=pillar.key,
        number=number,
        name=pillar.name,
        description=pillar.description,
        result=pillar_result,
        questions=questions,
        level_name=level_name(pillar_result.level),
        strongest=question_views.get(pillar_result.strongest.key)
        if pillar_result.strongest
        else None,
        weakest=question_views.get(pillar_result.weakest.key) if pillar_result.weakest else None,
    )


def _best(items, strongest_first: bool, limit: int = PAGE_HIGHLIGHTS) -> list:
    """Pillars first, then questions; the most extreme scores first."""
    ordered = sorted(
        items,
        key=lambda item: (
            not isinstance(item, scoring.PillarResult),
            -item.score if strongest_first else item.score,
        ),
    )
    return ordered[:limit]


def results_context(scored: ScoredAssessment, *, with_names: bool = False) -> dict[str, Any]:
    """Template context of the results page."""
    report = build_report_context(scored, with_names=with_names)
    return {
        "report": report,
        "frozen": FrozenSections(report),
        "assessment": scored.assessment,
        "radar_json": report.radar_json,
        "radar_script": radar_data_script(report.radar_json),
    }


def participant_team_context(
    scored: ScoredAssessment, revealed: list[str] | tuple[str, ...]
) -> dict[str, Any]:
    """A participant's team view: the revealed pillars' spread and agreed levels, nothing else.

    No role split, no leadership comparison, no names: only what the whole team sees together.
    """
    report = build_report_context(scored)
    team = report.team
    assert team is not None
    shown = [(pillar, questions) for pillar, questions in team.by_pillar if pillar.key in revealed]
    return {
        "labels": team.labels,
        "participants_label": team.labels.participants,
        "revealed": shown,
        "hidden_pillars": [pillar for pillar in report.pillars if pillar.key not in revealed],
        "discuss_first": [q for q in team.discuss_first if q.pillar_key in revealed],
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def results_json_data(scored: ScoredAssessment) -> dict[str, Any]:
    """The documented JSON results format (docs/results-json.md), in the assessment's language."""
    assessment = scored.assessment
    with translation.override(assessment.language):
        report = build_report_context(scored)
        return {
            "format": "kundenkompass.results/1",
            "organisation": assessment.organisation.name,
            "catalog_version": assessment.catalog.version,
            "language": assessment.language,
            "status": assessment.status,
            "completed_at": assessment.completed_at.isoformat()
            if assessment.completed_at
            else None,
            "client": assessment.organisation.name
            if assessment.organisation.workspace_id is not None
            else None,
            "baseline": _baseline_json(scored),
            "overall": {
                "score": _round(report.result.score),
                "level": report.result.level,
                "level_name": report.level_name or None,
            },
            "pillars": [
                {
                    "key": pillar.key,
                    "name": pillar.name,
                    "weight": pillar.result.weight,
                    "score": _round(pillar.result.score),
                    "level": pillar.result.level,
                    "coverage": _round(pillar.result.coverage),
                    "enough_answers": pillar.result.enough_answers,
                    "questions": [
                        {
                            "key": q.key,
                            "weight": q.result.weight,
                            "answer": q.result.level
                            if q.result.level is not None
                            else (None if q.status == scoring.ANSWER_UNANSWERED else q.status),
                            "target": q.result.target,
                            "score": _round(q.result.score),
                            "relevance": q.relevance or None,
                            "relevance_factor": q.result.relevance,
                        }
                        for q in pillar.questions
                    ],
                }
                for pillar in report.pillars
            ],
            "next_steps": [
                {
                    "question_key": step.step.question_key,
                    "pillar_key": step.step.pillar_key,
                    "from_level": step.step.from_level,
                    "text": step.text,
                    "priority": _round(step.step.priority),
                }
                for step in report.next_steps
            ],
            "comparison": _comparison_json(report.comparison),
            "mode": assessment.mode,
            "team": team_json(report.team) if report.team is not None else None,
            "kpis": kpi_json(report.kpis),
        }


def _baseline_json(scored: ScoredAssessment) -> dict[str, Any] | None:
    if scored.baseline is None:
        return None
    baseline = scored.baseline.assessment
    return {
        "id": baseline.pk,
        "catalog_version": baseline.catalog.version,
        "completed_at": baseline.completed_at.isoformat() if baseline.completed_at else None,
    }


def _comparison_json(view: ComparisonView | None) -> dict[str, Any] | None:
    if view is None:
        return None
    comparison = view.comparison
    return {
        "overall": {
            "before": _round(comparison.overall_before),
            "now": _round(comparison.overall_now),
            "delta": _round(comparison.overall_delta),
        },
        "pillars": [
            {
                "key": pillar.change.key,
                "before": _round(pillar.change.before),
                "now": _round(pillar.change.now),
                "delta": _round(pillar.change.delta),
            }
            for pillar in view.pillars
        ],
        "counts": {kind: comparison.counts.of(kind) for kind in cmp.KINDS},
        "questions": [
            {
                "key": change.key,
                "pillar_key": change.pillar_key,
                "before": change.before,
                "now": change.now,
                "delta": change.delta,
                "change": change.kind,
            }
            for change in comparison.questions
        ],
    }
