"""An assessment as a workbook: its answers, its scores and its action plan, one sheet each.

Built from the same scored assessment as the CSV and the JSON, in the active language (the
request's). A workshop's answers and scores are the team's: the spread per question and, per
pillar, the lowest and highest participant score (never a name or a single vote).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from assessment.models import Action
from assessment.spreadsheets import (
    Cell,
    add_actions_sheet,
    add_sheet,
    new_workbook,
    workbook_bytes,
)

from .exports import answers_table
from .levels import level_name

if TYPE_CHECKING:
    from .selectors import ScoredAssessment

PERCENT = "0%"


def _figure(value: Cell) -> Cell:
    """Figures with two decimals at most, as the CSV and the JSON have them."""
    return round(value, 2) if isinstance(value, float) else value


def add_answers_sheet(workbook: Workbook, scored: ScoredAssessment) -> None:
    header, rows = answers_table(scored, relevance="label")
    add_sheet(
        workbook,
        pgettext("sheet", "Answers"),
        header,
        ([_figure(cell) for cell in row] for row in rows),
    )


def add_scores_sheet(workbook: Workbook, scored: ScoredAssessment) -> None:
    """Per pillar its weight, score, maturity level and coverage, then the overall score."""
    result = scored.result
    names = {pillar.key: pillar.name for pillar in scored.pillars}
    bands = {band.key: band for band in scored.team.bands} if scored.team is not None else None
    header = [
        "pillar_key",
        _("Pillar"),
        _("Weight"),
        _("Score"),
        _("Level"),
        _("Level name"),
        _("Coverage"),
    ]
    if bands is not None:
        header += [
            _("Lowest participant score"),
            _("Highest participant score"),
            _("Participants with a score"),
        ]
    rows: list[list[Cell]] = []
    for pillar in result.pillars:
        row: list[Cell] = [
            pillar.key,
            names.get(pillar.key, pillar.key),
            pillar.weight,
            pillar.score,
            pillar.level,
            level_name(pillar.level),
            pillar.coverage,
        ]
        if bands is not None:
            band = bands.get(pillar.key)
            row += [band.low, band.high, band.n] if band else [None, None, 0]
        rows.append(row)
    rows.append(
        ["overall", _("Overall"), None, result.score, result.level, level_name(result.level), None]
    )
    add_sheet(
        workbook,
        pgettext("sheet", "Scores"),
        header,
        ([_figure(cell) for cell in row] for row in rows),
        number_formats={6: PERCENT},
    )


def results_workbook(scored: ScoredAssessment, actions: Iterable[Action]) -> bytes:
    """Answers, scores and the action plan (`actions`, in the plan's order)."""
    workbook = new_workbook()
    add_answers_sheet(workbook, scored)
    add_scores_sheet(workbook, scored)
    add_actions_sheet(workbook, actions)
    return workbook_bytes(workbook, scored.assessment)
