"""Answers as CSV rows, and file names for downloads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from assessment.models import Assessment
    from reports.selectors import ScoredAssessment


# A spreadsheet reads a cell that starts with one of these as a formula (or, for tab and carriage
# return, as the start of one after its own trimming): OWASP's CSV injection list.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading quote in front of a formula trigger.

    Applied to every cell of text we export, user input or not; our own numeric cells (levels,
    targets) never start with a sign, so they stay numbers.
    """
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def export_filename(assessment: Assessment, extension: str, what: str = "") -> str:
    """``kundenkompass-<organisation>[-<what>]-<date>.<extension>``."""
    organisation = slugify(assessment.organisation.name)[:60].strip("-") or "organisation"
    date = timezone.localdate(assessment.completed_at or timezone.now()).isoformat()
    parts = ["kundenkompass", organisation, what, date]
    return "-".join(part for part in parts if part) + f".{extension}"


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
