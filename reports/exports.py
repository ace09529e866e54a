"""Answers as a table (typed cells, for the workbook) and as CSV rows, and file names."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext as _

from assessment.downloads import export_filename, spreadsheet_safe
from assessment.models import Relevance
from assessment.spreadsheets import Cell

if TYPE_CHECKING:
    from reports.selectors import ScoredAssessment

__all__ = ["answers_csv_rows", "answers_table", "export_filename", "spreadsheet_safe"]

Table = tuple[list[str], list[list[Cell]]]


def _team_table(scored: ScoredAssessment) -> Table:
    """A workshop's answers per question: the spread, the votes per level and the agreed level.

    Never a participant's name or single vote: the same numbers as the team results.
    """
    assert scored.team is not None
    team = {question.key: question for question in scored.team.questions}
    header = [
        "pillar_key",
        _("Pillar"),
        "question_key",
        _("Question"),
        "n",
        _("Mean"),
        _("Median"),
        "min",
        "max",
        _("SD"),
        *[_("Level %(level)s") % {"level": level} for level in range(1, 6)],
        _("Don't know"),
        _("Not applicable"),
        _("Agreed level"),
        _("Note"),
        _("Minority view"),
        _("Team score"),
    ]
    rows: list[list[Cell]] = []
    for pillar in scored.pillars:
        for question in pillar.questions.all():
            row = team[question.key]
            spread = row.spread
            agreed = scored.consensus.get(question.key)
            rows.append(
                [
                    pillar.key,
                    pillar.name,
                    question.key,
                    question.text,
                    row.n,
                    spread.mean if spread else None,
                    spread.median if spread else None,
                    spread.min if spread else None,
                    spread.max if spread else None,
                    spread.stdev if spread else None,
                    *row.distribution,
                    row.dont_know,
                    row.not_applicable,
                    row.consensus,
                    agreed.note if agreed else "",
                    agreed.minority_note if agreed else "",
                    row.score,
                ]
            )
    return header, rows


def _own_table(scored: ScoredAssessment, *, relevance: str) -> Table:
    """One participant's answers; with `relevance` ("code" for the CSV's machine-readable
    column, "label" for the workbook's words), its column before the comment."""
    header = [
        "pillar_key",
        _("Pillar"),
        "question_key",
        _("Question"),
        "answer",
        _("Level"),
        _("Answer"),
        _("Target level"),
        *([_("Relevance") if relevance == "label" else "relevance"] if relevance else []),
        _("Comment"),
    ]
    labels = dict(Relevance.choices)
    rows: list[list[Cell]] = []
    for pillar in scored.pillars:
        for question in pillar.questions.all():
            answer = scored.answers.get(question.pk)
            levels = {item.level: item.text for item in question.levels.all()}
            level = answer.level if answer else None
            relevant = answer.relevance if answer else ""
            rows.append(
                [
                    pillar.key,
                    pillar.name,
                    question.key,
                    question.text,
                    level or (answer.status if answer else ""),
                    level,
                    levels.get(level, "") if level else "",
                    answer.target if answer else None,
                    *([_relevance_cell(relevant, relevance, labels)] if relevance else []),
                    answer.comment if answer else "",
                ]
            )
    return header, rows


def _relevance_cell(value: str, kind: str, labels: Mapping[str, object]) -> str:
    if not value:
        return ""
    return str(labels[value]) if kind == "label" else value


def answers_table(scored: ScoredAssessment, *, relevance: str = "") -> Table:
    """The answers' header and rows in the active language: numbers as numbers, None for none.

    A workshop's are the team's per question (`_team_table`); ``relevance`` ("code" or "label")
    adds the relevance column to one participant's answers.
    """
    if scored.team is not None:
        return _team_table(scored)
    return _own_table(scored, relevance=relevance)


def _csv_cell(value: Cell) -> str:
    """A cell as CSV text: figures with two decimals at most and a point; "" for none."""
    if value is None:
        return ""
    if isinstance(value, float):
        return spreadsheet_safe(str(round(value, 2)))
    return spreadsheet_safe(str(value))


def answers_csv_rows(scored: ScoredAssessment) -> Iterator[list[str]]:
    """The answers as CSV rows, in the assessment's language."""
    with translation.override(scored.assessment.language):
        header, rows = answers_table(scored, relevance="code")
        yield header
        for row in rows:
            yield [_csv_cell(cell) for cell in row]
