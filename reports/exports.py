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


def answers_csv_rows(scored: ScoredAssessment) -> Iterator[list[str]]:
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
                        answer.comment if answer else "",
                    )
                ]
