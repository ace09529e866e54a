"""Workbooks (XLSX) for downloads: the action plan here; the reports app adds answers and scores.

Every sheet has a bold, frozen header row and columns sized to their content. Numbers and dates
stay numbers and dates; every text cell is a string that a spreadsheet shows as text and never
runs: neutralised like the CSV (``spreadsheet_safe``) and stored as a string cell, never as a
formula or an error value, whatever it starts with.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .downloads import spreadsheet_safe
from .models import Action, Assessment
from .spelling import reads_regional, regional

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What a cell holds. A date is shown in the reader's own short date format (built-in format 14).
Cell = str | int | float | datetime.date | None
DATE_FORMAT = "mm-dd-yy"

MIN_WIDTH = 6
MAX_WIDTH = 60


def text(value: str) -> str:
    """A text cell's value: control characters a workbook cannot hold removed, formulas defused."""
    return spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", value))


def _width(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def add_sheet(
    workbook: Workbook,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    number_formats: dict[int, str] | None = None,
) -> Worksheet:
    """A sheet of `rows` under a bold, frozen `header`; ``number_formats`` by column index."""
    sheet = workbook.create_sheet(title=text(title)[:31])
    widths = [_width(name) for name in header]
    for column, name in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=column, value=text(name))
        cell.data_type = "s"
        cell.font = Font(bold=True)
    formats = number_formats or {}
    for number, row in enumerate(rows, start=2):
        for index, value in enumerate(row):
            if value is None or value == "":
                continue  # an empty cell, not an empty string
            cell = sheet.cell(row=number, column=index + 1)
            if isinstance(value, str):
                cell.value = text(value)
                # openpyxl would store "=…" as a formula and "#N/A" as an error: text it is.
                cell.data_type = "s"
                if "\n" in value or len(value) > MAX_WIDTH:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                cell.value = value
                if isinstance(value, datetime.date):
                    cell.number_format = DATE_FORMAT
                elif index in formats:
                    cell.number_format = formats[index]
            widths.extend([0] * (index + 1 - len(widths)))
            widths[index] = max(widths[index], _width(value))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(width + 2, MIN_WIDTH), MAX_WIDTH
        )
    sheet.freeze_panes = "A2"
    return sheet


def new_workbook() -> Workbook:
    """A workbook without openpyxl's empty first sheet."""
    workbook = Workbook()
    assert workbook.active is not None
    workbook.remove(workbook.active)
    return workbook


def workbook_bytes(workbook: Workbook, assessment: Assessment) -> bytes:
    """The file; in Swiss or Austrian German for such an organisation's German readers, like
    every other download (a zipped workbook is out of the spelling middleware's reach)."""
    if reads_regional(assessment):
        country = assessment.organisation.country
        for sheet in workbook.worksheets:
            sheet.title = regional(sheet.title, country)
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        cell.value = regional(cell.value, country)
                        cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def add_actions_sheet(workbook: Workbook, actions: Iterable[Action]) -> Worksheet:
    """The action plan in its order, in the active language (the columns of the CSV)."""
    header = [_("Action"), pgettext("action", "Owner"), _("Due date"), _("Status"), _("Done when")]
    rows = [
        [
            action.title,
            action.owner,
            action.due_date,
            str(action.get_status_display()),
            action.done_when,
        ]
        for action in actions
    ]
    return add_sheet(workbook, pgettext("sheet", "Actions"), header, rows)


def actions_workbook(assessment: Assessment, actions: Iterable[Action]) -> bytes:
    """The assessment's action plan alone as a workbook of one sheet."""
    workbook = new_workbook()
    add_actions_sheet(workbook, actions)
    return workbook_bytes(workbook, assessment)
