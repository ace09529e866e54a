"""What the PDF and the DOCX report show, decided once from the shared report context.

``build_report_context`` (context.py) computes every number; this module decides the report's
content: which chapters, in which order, every heading, label and sentence, in the active
language. The PDF template (templates/reports/report.html) and the Word template
(reports/docx/report-template.docx) only lay it out; neither holds a translatable message. Call it
inside ``translation.override(assessment.language)``: the report speaks the assessment's language.

A new chapter (team spread, KPIs, action plan) is a field here, then one block in each layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.template.defaultfilters import floatformat
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from . import scoring
from .branding import Branding
from .constants import REPORT_HIGHLIGHTS
from .context import (
    ComparisonView,
    Highlight,
    PillarView,
    QuestionView,
    StepView,
    build_report_context,
)
from .exports import export_filename
from .scoring import DIVERGENCE_LEVELS
from .team_context import TeamQuestionView, TeamView

if TYPE_CHECKING:
    from assessment.models import Assessment
    from reports.selectors import ScoredAssessment

    from .context import ReportContext


def _status_explanation(status: str) -> str:
    """Why a question without a level does not count, as the questions and the method say it."""
    if status == scoring.ANSWER_NOT_APPLICABLE:
        return _("Left out of the score and the coverage.")
    if status == scoring.ANSWER_DONT_KNOW:
        return _("Left out of the score; lowers the coverage.")
    return _("Not answered yet: lowers the coverage.")


@dataclass
class Fact:
    label: str
    value: str


@dataclass
class Notice:
    """A boxed remark: a bold lead, then the explanation."""

    lead: str
    text: str


@dataclass
class QuestionRow:
    question: QuestionView
    step: StepView | None  # the recommended next step, when the answer is below its target

    @property
    def answer_label(self) -> str:
        status = self.question.status
        if self.question.team is not None:
            return str(self.question.team.short_label)
        if self.question.result.level is not None:
            return _("Level %(level)s") % {"level": self.question.result.level}
        if status == scoring.ANSWER_DONT_KNOW:
            return _("Don't know")
        if status == scoring.ANSWER_NOT_APPLICABLE:
            return _("Not applicable")
        return _("Not answered")

    @property
    def detail(self) -> str:
        """The chosen level's descriptor, or why the question does not count."""
        if self.question.answered:
            return self.question.level_text
        return _status_explanation(self.question.status)

    @property
    def target_label(self) -> str:
        """ "Target 4" beside an answered question; "" otherwise."""
        if not self.question.answered:
            return ""
        return _("Target %(target)s") % {"target": self.question.result.target}

    @property
    def target_value(self) -> str:
        return str(self.question.result.target) if self.question.answered else "–"

    @property
    def below_target(self) -> bool:
        gap = self.question.result.gap
        return gap is not None and gap > 0


@dataclass
class PillarSection:
    pillar: PillarView
    rows: list[QuestionRow]
    min_coverage_percent: int

    @property
    def anchor(self) -> str:
        return f"pillar-{self.pillar.key}"

    @property
    def heading(self) -> str:
        return self.pillar.heading

    @property
    def eyebrow(self) -> str:
        return _("Pillar %(number)s of six") % {"number": self.pillar.number}

    @property
    def contents_note(self) -> str:
        """The pillar's score beside its entry in the contents."""
        if self.pillar.result.score is None:
            return _("not enough answers")
        return self.pillar.score_text

    @property
    def answers_text(self) -> str:
        result = self.pillar.result
        return _("%(answered)s of %(applicable)s applicable") % {
            "answered": result.answered,
            "applicable": result.applicable,
        }

    @property
    def counts_text(self) -> str:
        return _("%(dont_know)s don't know · %(not_applicable)s not applicable") % {
            "dont_know": self.pillar.dont_know,
            "not_applicable": self.pillar.not_applicable,
        }

    @property
    def notice(self) -> Notice | None:
        """Why a pillar under the coverage minimum has no score."""
        result = self.pillar.result
        if result.enough_answers:
            return None
        return Notice(
            _("Not enough answers."),
            _(
                "Only %(answered)s of %(applicable)s applicable questions have a level "
                "(%(coverage)s %%). A pillar needs at least %(minimum)s %% for a score, so this "
                "pillar has none rather than a misleadingly low one."
            )
            % {
                "answered": result.answered,
                "applicable": result.applicable,
                "coverage": self.pillar.coverage_percent,
                "minimum": self.min_coverage_percent,
            },
        )

    @property
    def formula(self) -> str:
        """The pillar score worked out; "" when the notice shows instead or nothing counts."""
        result = self.pillar.result
        if not result.enough_answers or result.raw_score is None:
            return ""
        return _(
            "Pillar score = Σ (weight × score) ÷ Σ weight = %(sum)s ÷ %(weights)s = %(score)s"
        ) % {
            "sum": floatformat(self.pillar.contribution_sum, "-1"),
            "weights": floatformat(self.pillar.weight_sum, "-2"),
            "score": floatformat(result.raw_score, "-1"),
        }

    @property
    def steps(self) -> list[StepView]:
        return self.pillar.steps

    @property
    def steps_empty(self) -> str:
        """What the recommendations say when the pillar has none; "" when it has some."""
        if self.pillar.steps:
            return ""
        if self.pillar.result.answered:
            return _(
                "No next steps in this pillar: every answered question has reached its target "
                "level."
            )
        return _("Answer the questions of this pillar to get its recommendations.")


@dataclass
class Chapter:
    """An entry of the table of contents."""

    title: str
    anchor: str
    number: int | None = None  # pillars only, as are the next two
    name: str = ""  # the title without the number
    note: str = ""  # the score, or "not enough answers"


@dataclass
class MethodRow:
    """A row of the method's level table: a maturity level, or "don't know"/"not applicable"."""

    label: str
    score: str
    span: str
    meaning: str
    level: int | None = None


@dataclass
class Formula:
    term: str
    formula: str
    explanation: str


@dataclass(frozen=True)
class PlanRow:
    """An action of the plan, every cell as printed (the DOCX's table)."""

    title: str
    owner: str
    due: str
    status: str
    done_when: str


@dataclass(frozen=True)
class BenchmarkRow:
    """A pillar of the peer benchmark, as printed (the DOCX's table)."""

    pillar: str
    score: str
    median: str
    middle_half: str


def _plan_rows(report: ReportContext) -> list[PlanRow]:
    return [
        PlanRow(
            title=action.title,
            owner=action.owner or "–",
            due=formats.date_format(action.due_date, "SHORT_DATE_FORMAT")
            if action.due_date
            else "–",
            status=str(action.get_status_display()),
            done_when=action.done_when,
        )
        for action in report.plan.actions
    ]


def _whole(value: float | None) -> str:
    """A benchmark figure as the page prints it (``floatformat:0``): rounded, "–" for none."""
    return "–" if value is None else str(floatformat(value, 0))


def _benchmark_rows(report: ReportContext) -> list[BenchmarkRow]:
    benchmark = report.benchmark
    if benchmark is None or not benchmark.shown:
        return []
    too_few = _("too few answers to compare")
    return [
        BenchmarkRow(
            pillar=row.pillar_name,
            score=_whole(row.score),
            median=_whole(row.band.median) if row.band else too_few,
            middle_half=f"{_whole(row.band.q1)}–{_whole(row.band.q3)}" if row.band else "",
        )
        for row in benchmark.rows
    ]


@dataclass
class ReportDocument:
    report: ReportContext
    labels: SimpleNamespace  # every fixed text, shared ones (report.labels) included
    assessed_by: str
    date: date
    facts: list[Fact]  # the cover's
    chapters: list[Chapter]
    sections: list[PillarSection]  # the pillar chapters: none while nothing is answered
    strengths: list[Highlight]
    weaknesses: list[Highlight]
    no_answers: Notice | None  # instead of the summary while nothing is answered
    no_score_text: str
    answered_text: str
    method_intro: str
    method_rows: list[MethodRow]
    formulas: list[Formula] = field(default_factory=list)
    # The change since the baseline, its own chapter after the summary; None without one.
    comparison: ComparisonView | None = None
    # A workshop's team results, their own chapter after the summary; None otherwise.
    team: TeamView | None = None
    # The action plan's chapter (after the KPIs): its actions and the peer benchmark if shown.
    plan_rows: list[PlanRow] = field(default_factory=list)
    benchmark_rows: list[BenchmarkRow] = field(default_factory=list)
    benchmark_note: str = ""

    @property
    def team_agreements(self) -> list[TeamQuestionView]:
        """The questions with an agreed level, for the chapter's list of agreements and notes."""
        if self.team is None:
            return []
        return [q for q in self.team.questions if q.consensus_level is not None]

    @property
    def team_spread_sections(self) -> list[tuple[PillarView, list[TeamQuestionView]]]:
        """The spread table's pillars: those with at least one vote or agreed level."""
        if self.team is None:
            return []
        return [
            (pillar, questions)
            for pillar, questions in self.team.by_pillar
            if any(q.n or q.consensus_level is not None for q in questions)
        ]

    @property
    def assessment(self) -> Assessment:
        return self.report.assessment

    @property
    def has_plan_chapter(self) -> bool:
        return any(chapter.anchor == "plan" for chapter in self.chapters)

    @property
    def branding(self) -> Branding | None:
        """The consultancy's name, logo, accent and contact; None: Kundenkompass's own look."""
        return self.report.branding

    @property
    def brand_name(self) -> str:
        """Who the report comes from, on the cover and in the running header."""
        return self.branding.name if self.branding else "Kundenkompass"

    @property
    def organisation(self) -> str:
        return self.assessment.organisation.name

    @property
    def date_text(self) -> str:
        return formats.date_format(self.date, "DATE_FORMAT")

    @property
    def title(self) -> str:
        """The document's title (PDF metadata, Word properties)."""
        return _("Customer-centricity report: %(organisation)s") % {
            "organisation": self.organisation
        }

    @property
    def level_bands(self):  # noqa: ANN201 - list[LevelBand], from the report context
        return self.report.level_bands


def _labels(report: ReportContext) -> SimpleNamespace:
    return SimpleNamespace(
        **vars(report.labels),
        report=_("Customer-centricity report"),
        subtitle=_("Maturity assessment on six pillars, with strengths, weaknesses and next steps"),
        prepared_for=_("Prepared for"),
        prepared_with=_("Prepared with Kundenkompass, the customer-centricity check."),
        contents=_("Contents"),
        summary=_("Executive summary"),
        method=_("Method"),
        evidence=_("Levels and evidence"),
        evidence_intro=_(
            "Every question with its five levels and, under each level, the criteria that show "
            "it: things a visitor could check. The level chosen in this assessment is marked."
        ),
        chosen_level=_("chosen"),
        relevance=_("Relevance"),
        plan=_("Action plan"),
        action=_("Action"),
        owner=pgettext("action", "Owner"),
        due=_("Due"),
        status=_("Status"),
        done_when=_("Done when"),
        no_actions=_(
            "No actions yet: turn the next steps into actions with an owner and a due date."
        ),
        benchmark=_("Compared with similar companies"),
        your_score=_("Your score"),
        median=_("Median"),
        middle_half=_("Middle half"),
        legal_notes=_("Legal notes for your country"),
        legal_notes_intro=_(
            "Not part of the score: points to have checked, with the date each was last "
            "reviewed. They are no legal advice."
        ),
        how_to_read=_("How to read this report"),
        reading_guide=[
            _(
                "Every question was answered by picking the description (level 1 to 5) that "
                "fits the company best. Level 1 means ad hoc, level 5 customer-centric."
            ),
            _(
                "Scores run from 0 to 100: level 1 counts 0, level 5 counts 100. A pillar's "
                "score is the weighted mean of its answered questions; the overall score is the "
                "weighted mean of the pillars."
            ),
            _(
                "The next steps are the concrete recommendations with the largest gap between "
                "the current level and the target level. Start with the first one."
            ),
            _("The method at the end explains every formula and threshold."),
        ],
        chart_missing=Notice(
            _("The radar chart is missing."),
            _(
                "It could not be drawn on this server. The pillar scores are in the table below; "
                "the results page shows the chart."
            ),
        ),
        pillar=_("Pillar"),
        score=_("Score"),
        level=_("Level"),
        coverage=_("Coverage"),
        answers=_("Answers"),
        number=_("No."),
        question=_("Question"),
        answer=_("Answer"),
        target=_("Target"),
        comment=_("Comment"),
        questions_and_answers=_("Questions and answers"),
        recommendations=_("Recommendations"),
        answer_scale=_("Answer scale and maturity levels"),
        answer_scale_intro=_(
            "Each answer level gives a question score. The same five levels name a pillar's or "
            "the overall maturity, from the score bands below."
        ),
        question_score=_("Question score"),
        score_band=_("Score band"),
        meaning=_("Meaning"),
        formulas=_("Formulas"),
        # The words around the page numbers; each layout turns the placeholders into its own
        # page fields, in the translation's word order.
        page_counter=_("Page %(page)s of %(pages)s"),
    )


def _facts(report: ReportContext, assessed_by: str, when: date) -> list[Fact]:
    organisation = report.assessment.organisation
    facts = [
        Fact(_("Date"), formats.date_format(when, "DATE_FORMAT")),
        Fact(_("Assessed by"), assessed_by),
        *([Fact(_("Participants"), str(report.team.participants))] if report.team else []),
        *(
            [
                Fact(
                    _("Compared with"),
                    _("the assessment of %(date)s")
                    % {"date": formats.date_format(report.comparison.before_date, "DATE_FORMAT")},
                )
            ]
            if report.comparison
            else []
        ),
        Fact(_("Industry"), str(organisation.get_industry_display())),
    ]
    if organisation.size_band:
        facts.append(Fact(_("Company size"), str(organisation.get_size_band_display())))
    facts += [
        Fact(
            _("Questions answered"),
            _("%(answered)s of %(total)s")
            % {"answered": report.result.questions_answered, "total": report.result.total},
        ),
        Fact(_("Checklist version"), str(report.assessment.catalog.version)),
    ]
    if report.assessment.is_quick:
        facts.append(Fact(_("Scope"), _("Quick check: indicative scores")))
    return facts


def _no_answers(report: ReportContext) -> Notice | None:
    if report.has_answers:
        return None
    total = report.result.total
    names = ", ".join(pillar.name for pillar in report.pillars)
    checklist = ngettext(
        "The checklist has %(total)s question on six pillars:",
        "The checklist has %(total)s questions on six pillars:",
        total,
    ) % {"total": total}
    answer_them = _(
        "Answer them, then download the report again to see the scores, the radar chart, "
        "strengths, weaknesses and next steps."
    )
    return Notice(
        _("No questions have been answered yet, so this report has no scores."),
        f"{checklist} {names}. {answer_them}",
    )


def _method_rows(report: ReportContext) -> list[MethodRow]:
    rows = [
        MethodRow(
            label=f"{band.level} · {band.name}",
            score=str(band.score),
            span=_("%(low)s to under %(high)s") % {"low": band.low, "high": band.high}
            if band.high
            else _("%(low)s to 100") % {"low": band.low},
            meaning=band.meaning,
            level=band.level,
        )
        for band in report.level_bands
    ]
    for label, status in (
        (_("Don't know"), scoring.ANSWER_DONT_KNOW),
        (_("Not applicable"), scoring.ANSWER_NOT_APPLICABLE),
    ):
        rows.append(MethodRow(label, "–", "", _status_explanation(status)))
    return rows


RELEVANCE_EXPLANATION = gettext_lazy(
    "the relevance an answer gives its question: not relevant 0 (still scored, but no next "
    "step), relevant or no statement 1, very relevant 1.5."
)


def _formulas(report: ReportContext) -> list[Formula]:
    return [
        Formula(_("Question score"), _("(level − 1) ÷ 4 × 100"), ""),
        Formula(
            _("Pillar score"),
            _("Σ (weight × question score) ÷ Σ weight"),
            _("over the answered questions of the pillar."),
        ),
        Formula(
            _("Coverage"),
            _("answered ÷ (questions − not applicable)"),
            _(
                "a pillar under %(percent)s %% coverage shows “not enough answers”, never a low "
                "score."
            )
            % {"percent": report.min_coverage_percent},
        ),
        Formula(
            _("Overall score"),
            _("Σ (pillar weight × pillar score) ÷ Σ pillar weight"),
            _("over the pillars with enough answers."),
        ),
        Formula(
            _("Gap and priority of a next step"),
            _("gap = target − level; priority = gap × question weight × pillar weight"),
            _(
                "without a target of its own, a question's target is level %(target)s. Equal "
                "priorities: the lower current level first."
            )
            % {"target": report.default_target},
        ),
        Formula(
            _("Relevance"),
            _("priority × relevance factor"),
            str(RELEVANCE_EXPLANATION),
        ),
        Formula(
            _("Strengths and weaknesses"),
            "",
            _(
                "Strengths are pillars and questions scoring %(strength)s or more, weaknesses "
                "those scoring %(weakness)s or less; pillars are listed first."
            )
            % {"strength": report.strength_threshold, "weakness": report.weakness_threshold},
        ),
    ]


def _team_formulas(report: ReportContext) -> list[Formula]:
    if report.team is None:
        return []
    return [
        Formula(
            _("Team question score"),
            _("agreed level: (level − 1) ÷ 4 × 100; otherwise (mean − 1) ÷ 4 × 100"),
            _(
                "the mean of the participants' levels; “don't know” and “not applicable” are "
                "left out. Its next step starts from the agreed level, otherwise from the mean "
                "rounded down."
            ),
        ),
        Formula(
            _("Spread"),
            _("n, mean, median, min–max, SD (population standard deviation)"),
            _(
                "a question is discussed first when its answers are %(levels)s or more levels "
                "apart; the widest spread first."
            )
            % {"levels": DIVERGENCE_LEVELS},
        ),
        Formula(
            _("Shift"),
            _("agreed level − mean"),
            _("how far the discussion moved the team's answer."),
        ),
        Formula(
            _("Groups"),
            "",
            _(
                "roles with fewer than %(min)s participants are shown together as other roles; "
                "a group's answers to a question, and the leadership's compared with the rest of "
                "the team, are shown only from %(min)s answers on."
            )
            % {"min": report.team.labels.min_group},
        ),
    ]


def _has_plan_chapter(report: ReportContext) -> bool:
    """The plan's chapter: its actions, and the peer benchmark where one is shown."""
    benchmark = report.benchmark
    return bool(report.plan.actions) or (benchmark is not None and benchmark.shown)


def build_report_document(scored: ScoredAssessment) -> ReportDocument:
    """The report's content in the active language (see the module docstring)."""
    report = build_report_context(scored)
    assessment = scored.assessment
    labels = _labels(report)
    steps = {step.step.question_key: step for step in report.all_steps}
    sections = [
        PillarSection(
            pillar=pillar,
            rows=[QuestionRow(question, steps.get(question.key)) for question in pillar.questions],
            min_coverage_percent=report.min_coverage_percent,
        )
        for pillar in report.pillars
        if report.has_answers
    ]
    chapters = [
        Chapter(labels.summary, "summary"),
        *([Chapter(report.comparison.labels.title, "change")] if report.comparison else []),
        *([Chapter(report.team.labels.team, "team")] if report.team else []),
        *[
            Chapter(
                s.heading,
                s.anchor,
                number=s.pillar.number,
                name=s.pillar.name,
                note=s.contents_note,
            )
            for s in sections
        ],
        *([Chapter(report.kpis.title, "kpis")] if report.kpis.has_kpis else []),
        *([Chapter(_("Action plan"), "plan")] if _has_plan_chapter(report) else []),
        Chapter(labels.method, "method"),
        *([Chapter(labels.evidence, "evidence")] if sections else []),
    ]
    assessed_by = report.assessed_by
    when = timezone.localdate(assessment.completed_at or report.generated_at)
    return ReportDocument(
        report=report,
        labels=labels,
        assessed_by=assessed_by,
        date=when,
        facts=_facts(report, assessed_by, when),
        chapters=chapters,
        comparison=report.comparison,
        team=report.team,
        sections=sections,
        strengths=report.strengths[:REPORT_HIGHLIGHTS],
        weaknesses=report.weaknesses[:REPORT_HIGHLIGHTS],
        no_answers=_no_answers(report),
        no_score_text=_(
            "No pillar has enough answers for a score yet: a pillar needs answers to at least "
            "%(percent)s %% of its applicable questions."
        )
        % {"percent": report.min_coverage_percent},
        answered_text=_("%(answered)s of %(total)s questions answered.")
        % {"answered": report.result.questions_answered, "total": report.result.total},
        method_intro=_(
            "The assessment was answered with version %(version)s of the Kundenkompass "
            "checklist. The same answers and the same checklist version always give the same "
            "scores."
        )
        % {"version": assessment.catalog.version},
        method_rows=_method_rows(report),
        formulas=_formulas(report) + _team_formulas(report),
        plan_rows=_plan_rows(report),
        benchmark_rows=_benchmark_rows(report),
        benchmark_note=report.benchmark.note if report.benchmark else "",
    )


def report_filename(assessment: Assessment, extension: str, *, language: str | None = None) -> str:
    """``kundenkompass-<organisation>-<date>.<extension>``, like the other downloads; a report
    in another language than the assessment's ends in ``-<language>.<extension>``."""
    filename = export_filename(assessment, extension)
    if language:
        filename = f"{filename.removesuffix('.' + extension)}-{language}.{extension}"
    return filename
