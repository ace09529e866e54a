"""What the PDF and the DOCX report show, arranged once from the shared report context.

``build_report_context`` (context.py) computes every number and text; this module only picks and
orders them the way the report reads: cover facts, three strengths and weaknesses, one section
per pillar with each question's answer and next step, and the method appendix. Call it inside
``translation.override(assessment.language)``: the report speaks the assessment's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from . import scoring
from .context import HIGHLIGHTS, Highlight, PillarView, QuestionView, StepView, build_report_context
from .exports import export_filename
from .levels import level_meaning, level_name

if TYPE_CHECKING:
    from assessment.models import Assessment
    from reports.selectors import ScoredAssessment

    from .context import ReportContext


@dataclass
class QuestionRow:
    question: QuestionView
    step: StepView | None  # the recommended next step, when the answer is below its target

    @property
    def answer_label(self) -> str:
        status = self.question.status
        if self.question.result.level is not None:
            return _("Level %(level)s") % {"level": self.question.result.level}
        if status == scoring.ANSWER_DONT_KNOW:
            return _("Don't know")
        if status == scoring.ANSWER_NOT_APPLICABLE:
            return _("Not applicable")
        return _("Not answered")

    @property
    def below_target(self) -> bool:
        gap = self.question.result.gap
        return gap is not None and gap > 0


@dataclass
class PillarSection:
    pillar: PillarView
    rows: list[QuestionRow]

    @property
    def anchor(self) -> str:
        return f"pillar-{self.pillar.key}"


@dataclass
class LevelBand:
    level: int
    low: int
    high: int | None  # the next band's lower bound; None for the top band (up to 100)
    name: str
    meaning: str
    score: int  # the question score of this answer level


@dataclass
class ReportDocument:
    report: ReportContext
    assessed_by: str
    date: date
    sections: list[PillarSection]
    strengths: list[Highlight]
    weaknesses: list[Highlight]
    level_bands: list[LevelBand]

    @property
    def assessment(self) -> Assessment:
        return self.report.assessment

    @property
    def organisation(self) -> str:
        return self.assessment.organisation.name

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
        return scoring.DEFAULT_TARGET_LEVEL


def level_bands() -> list[LevelBand]:
    bands = scoring.LEVEL_BANDS
    return [
        LevelBand(
            level=level,
            low=int(low),
            high=int(bands[index + 1][0]) if index + 1 < len(bands) else None,
            name=level_name(level),
            meaning=level_meaning(level),
            score=round(scoring.question_score(level)),
        )
        for index, (low, level) in enumerate(bands)
    ]


def build_report_document(scored: ScoredAssessment) -> ReportDocument:
    """The report's content in the active language (see the module docstring)."""
    report = build_report_context(scored)
    assessment = scored.assessment
    steps = {step.step.question_key: step for step in report.all_steps}
    sections = [
        PillarSection(
            pillar=pillar,
            rows=[QuestionRow(question, steps.get(question.key)) for question in pillar.questions],
        )
        for pillar in report.pillars
    ]
    return ReportDocument(
        report=report,
        assessed_by=scored.participant.name or _("Self-assessment"),
        date=timezone.localdate(assessment.completed_at or report.generated_at),
        sections=sections,
        strengths=report.strengths[:HIGHLIGHTS],
        weaknesses=report.weaknesses[:HIGHLIGHTS],
        level_bands=level_bands(),
    )


def report_filename(assessment: Assessment, extension: str) -> str:
    """``kundenkompass-<organisation>-<date>.<extension>``, like the other downloads."""
    return export_filename(assessment, extension)
