"""The DOCX template's tables: properties in the schema's order, room for the question text."""

from __future__ import annotations

from docx.shared import Cm

from reports.docx.build_template import TABLE_PROPERTIES_ORDER, build_template


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def test_every_table_lists_its_properties_in_the_schema_order():
    tables = build_template().tables
    assert len(tables) > 10
    for table in tables:
        names = [_local(child.tag) for child in table._tbl.tblPr]
        positions = [TABLE_PROPERTIES_ORDER.index(name) for name in names]
        assert positions == sorted(positions), names


def test_the_team_spread_table_leaves_the_question_room_and_narrow_cell_margins():
    (spread,) = [table for table in build_template().tables if len(table.columns) == 10]
    widths = [column.width for column in spread.columns]
    assert widths[1] == max(widths) and widths[1] >= Cm(4.5)
    assert sum(widths) <= Cm(16.6) + 10  # the text width, give or take rounding
    margins = spread._tbl.tblPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblCellMar"
    )
    assert margins is not None and len(margins) == 2
