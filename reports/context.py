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
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pillars.constants import DEFAULT_TARGET_LEVEL

from . import scoring
from .charts import radar_figure
from .constants import PAGE_HIGHLIGHTS, TOP_NEXT_STEPS
from .levels import LevelBand, level_bands, level_meaning, level_name

if TYPE_CHECKING:
    from pillars.models import Question
    from reports.selectors import ScoredAssessment


def number(value: float | None) -> str:
    """A score as every output prints it: one decimal at most, localised; "–" for none."""
    return "–" if value is None else str(floatformat(value, "-1"))


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

    @property
    def status(self) -> str:
        return self.result.status

    @property
    def answered(self) -> bool:
        return self.result.score is not None


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
        return _("Your answer: %(answer)s") % {"answer": self.evidence}


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

    @functools.cached_property
    def radar(self) -> Any:
        """The plotly radar, built on first use: the JSON and CSV exports never need it."""
        return radar_figure(
            [p.name for p in self.pillars],
            [p.result.score for p in self.pillars],
            target=[
                p.result.target_score if p.result.enough_answers else None for p in self.pillars
            ],
            current_name=_("Current"),
            target_name=_("Target"),
        )

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
        return round(100 * self.result.answered / self.result.total) if self.result.total else 0


def _question_view(
    question: Question, pillar_number: int, result: scoring.QuestionResult, comment: str
) -> QuestionView:
    levels = {item.level: item.text for item in question.levels.all()}
    recommendations = {item.from_level: item.text for item in question.recommendations.all()}
    return QuestionView(
        key=question.key,
        order=f"{pillar_number}.{question.order}",
        text=question.text,
        result=result,
        level_text=levels.get(result.level, "") if result.level else "",
        target_text=levels.get(result.target, ""),
        comment=comment,
        recommendation=recommendations.get(result.level, "") if result.level else "",
    )


def _highlight(item: scoring.PillarResult | scoring.QuestionResult, pillars, questions):
    if isinstance(item, scoring.PillarResult):
        view = pillars[item.key]
        return Highlight(view.name, cast(float, item.score), view.level_name, is_pillar=True)
    view = questions[item.key]
    return Highlight(view.text, cast(float, item.score), view.level_text, is_pillar=False)


def build_report_context(scored: ScoredAssessment) -> ReportContext:
    """Arrange the scored assessment for display, in the active language."""
    result = scored.result
    answers_by_key = {
        question.key: scored.answers.get(question.pk)
        for pillar in scored.pillars
        for question in pillar.questions.all()
    }
    pillar_views: dict[str, PillarView] = {}
    question_views: dict[str, QuestionView] = {}
    for number, (pillar, pillar_result) in enumerate(
        zip(scored.pillars, result.pillars, strict=True), start=1
    ):
        questions = []
        for question, question_result in zip(
            pillar.questions.all(), pillar_result.questions, strict=True
        ):
            answer = answers_by_key.get(question.key)
            view = _question_view(
                question, number, question_result, answer.comment if answer else ""
            )
            questions.append(view)
            question_views[view.key] = view
        pillar_views[pillar.key] = _pillar_view(
            pillar, number, pillar_result, questions, question_views
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
    return ReportContext(
        scored=scored,
        result=result,
        pillars=pillars,
        level_name=level_name(result.level),
        level_meaning=level_meaning(result.level),
        strengths=[
            _highlight(i, pillar_views, question_views) for i in _best(result.strengths, True)
        ],
        weaknesses=[
            _highlight(i, pillar_views, question_views) for i in _best(result.weaknesses, False)
        ],
        next_steps=steps[:TOP_NEXT_STEPS],
        all_steps=steps,
        generated_at=timezone.now(),
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


def results_context(scored: ScoredAssessment) -> dict[str, Any]:
    """Template context of the results page."""
    report = build_report_context(scored)
    return {
        "report": report,
        "assessment": scored.assessment,
        "radar_json": report.radar.to_json(),
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
        }
