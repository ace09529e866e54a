"""Answers as CSV rows, and file names for downloads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext as _

from assessment.downloads import export_filename, spreadsheet_safe

if TYPE_CHECKING:
    from reports.selectors import ScoredAssessment

__all__ = ["answers_csv_rows", "export_filename", "spreadsheet_safe"]


def _number(value: float | None) -> str:
    """A figure in a CSV cell: two decimals at most, a point as the separator; "" for none."""
    return "" if value is None else str(round(value, 2))


def _team_csv_rows(scored: ScoredAssessment) -> Iterator[list[str]]:
    """A workshop's answers per question: the spread, the votes per level and the agreed level.

    Never a participant's name or single vote: the same numbers as the team results.
    """
    assert scored.team is not None
    team = {question.key: question for question in scored.team.questions}
    yield [
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
    for pillar in scored.pillars:
        for question in pillar.questions.all():
            row = team[question.key]
            spread = row.spread
            agreed = scored.consensus.get(question.key)
            yield [
                spreadsheet_safe(cell)
                for cell in (
                    pillar.key,
                    pillar.name,
                    question.key,
                    question.text,
                    str(row.n),
                    _number(spread.mean if spread else None),
                    _number(spread.median if spread else None),
                    str(spread.min) if spread else "",
                    str(spread.max) if spread else "",
                    _number(spread.stdev if spread else None),
                    *[str(count) for count in row.distribution],
                    str(row.dont_know),
                    str(row.not_applicable),
                    str(row.consensus or ""),
                    agreed.note if agreed else "",
                    agreed.minority_note if agreed else "",
                    _number(row.score),
                )
            ]


def answers_csv_rows(scored: ScoredAssessment) -> Iterator[list[str]]:
    if scored.team is not None:
        with translation.override(scored.assessment.language):
            yield from _team_csv_rows(scored)
        return
    with translation.override(scored.assessment.language):
        yield [
            "pillar_key",
            _("Pillar"),
            "question_key",
            _("Question"),
            "answer",
            _("Level"),
            _("Answer"),
            _("Target level"),
            "relevance",
            _("Comment"),
        ]
        for pillar in scored.pillars:
            for question in pillar.questions.all():
                answer = scored.answers.get(question.pk)
                levels = {item.level: item.text for item in question.levels.all()}
                level = answer.level if answer else None
                yield [
                    spreadsheet_safe(cell)
                    for cell in (
                        pillar.key,
                        pillar.name,
                        question.key,
                        question.text,
                        (str(level) if level else (answer.status if answer else "")) or "",
                        str(level or ""),
                        levels.get(level, "") if level else "",
                        str(answer.target or "") if answer else "",
                        answer.relevance if answer else "",
                        answer.comment if answer else "",
                    )
                ]
