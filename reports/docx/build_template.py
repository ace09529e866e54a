"""Write the Word template of the DOCX report, ``report-template.docx`` beside this file.

The template is the DOCX report's layout: page, header and footer, styles, and where each part of
the report document (report_document.py) goes, as docxtpl (Jinja) tags. It holds no translatable
text: every word comes from the document in the assessment's language.

A designer restyles the template in Word: change the named styles ("Heading 1", "Eyebrow",
"Notice", "Step", "Table Text", …), the header and the footer, and keep the ``{{ … }}`` and
``{%p … %}`` tags (docxtpl's syntax: ``{%p`` and ``{%tr`` repeat or hide a whole paragraph or
table row). The edited file is then the source; run this script only to start over:

    .venv/bin/python reports/docx/build_template.py

``tests/reports/test_docx_template.py`` checks that the template still names only what the
document offers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

TEMPLATE_PATH = Path(__file__).resolve().parent / "report-template.docx"

BRAND = RGBColor(0x0B, 0x4F, 0x6C)
MUTED = RGBColor(0x5B, 0x66, 0x70)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
BRAND_HEX = "0B4F6C"
LIGHT_HEX = "E8F0F3"  # notices and the pillar's figures
BORDER_HEX = "B8C4CA"

FONT = "Calibri"  # in every Word; LibreOffice substitutes the metric-compatible Carlito
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = Mm(22), Mm(25), Mm(22)
TEXT_WIDTH = Length(PAGE_WIDTH - 2 * MARGIN_SIDE)  # 166 mm
INDENT = Cm(0.8)

# A run: its text (docxtpl tags included) and optionally a character style; "\n" is a line break.
Run = str | tuple[str, str]


# --- styles ------------------------------------------------------------------------------------


def _font(
    style: Any,  # a paragraph or character style
    *,
    size: float | None = None,
    color: RGBColor | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
) -> None:
    """The document font on a style, replacing python-docx's theme fonts (Cambria headings)."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), FONT)
    font = style.font
    if size is not None:
        font.size = Pt(size)
    if color is not None:
        font.color.rgb = color  # also drops the theme colour
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic


def _spacing(
    style: Any,  # a paragraph style
    before: float | None = None,
    after: float | None = None,
    *,
    keep_with_next: bool = False,
    indent: Length | None = None,
) -> None:
    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if keep_with_next:
        fmt.keep_with_next = True
    if indent is not None:
        fmt.left_indent = indent


def _paragraph_style(doc: DocxDocument, name: str, base: str = "Normal") -> Any:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.quick_style = True  # listed in Word's style gallery
    return style


def _character_style(doc: DocxDocument, name: str) -> BaseStyle:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.base_style = doc.styles["Default Paragraph Font"]
    style.quick_style = True
    return style


def _shade_style(style: BaseStyle, fill: str) -> None:
    ppr = style.element.get_or_add_pPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    ppr.append(shading)


def _styles(doc: DocxDocument) -> None:
    styles = doc.styles
    _font(styles["Normal"], size=10.5)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    styles["Normal"].paragraph_format.line_spacing = 1.1

    heading1 = styles["Heading 1"]
    _font(heading1, size=20, color=BRAND)
    heading1.paragraph_format.page_break_before = True  # every chapter starts a page
    _spacing(heading1, 0, 10)
    heading2 = styles["Heading 2"]
    _font(heading2, size=13.5, color=BRAND)
    _spacing(heading2, 16, 6)
    title = styles["Title"]
    _font(title, size=30, color=BRAND)
    _spacing(title, 110, 6)
    _font(styles["Subtitle"], size=13, color=MUTED, italic=False)
    _spacing(styles["Subtitle"], 0, 36)
    toc_heading = styles["TOC Heading"]
    _font(toc_heading, size=20, color=BRAND)
    toc_heading.paragraph_format.page_break_before = True
    toc = _paragraph_style(doc, "TOC 1")
    _spacing(toc, 0, 4)
    for name in ("Header", "Footer"):
        _font(styles[name], size=8.5, color=MUTED)
        # python-docx's tab stops are for US Letter; one right-aligned stop at the margin.
        tab_stops = styles[name].paragraph_format.tab_stops
        tab_stops.clear_all()
        tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    styles["Footer"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    _font(_paragraph_style(doc, "Cover Brand"), size=12, color=BRAND, bold=True)
    _spacing(styles["Cover Brand"], after=0)
    eyebrow = _paragraph_style(doc, "Eyebrow")
    _font(eyebrow, size=8.5, color=MUTED, bold=True)
    eyebrow.font.all_caps = True
    _spacing(eyebrow, after=2, keep_with_next=True)
    _font(_paragraph_style(doc, "Cover Organisation"), size=20, bold=True)
    _spacing(styles["Cover Organisation"], after=14)
    _font(_paragraph_style(doc, "Cover Score"), size=13)
    _spacing(styles["Cover Score"], before=24)
    _font(_paragraph_style(doc, "Cover Note"), size=9, color=MUTED)
    _spacing(styles["Cover Note"], before=60)
    _font(_paragraph_style(doc, "Summary Score"), size=13)
    _spacing(styles["Summary Score"], after=4)
    _font(_paragraph_style(doc, "Lead"), size=11.5)
    _font(_paragraph_style(doc, "Muted"), color=MUTED)
    _font(_paragraph_style(doc, "Description"), color=MUTED, italic=True)
    notice = _paragraph_style(doc, "Notice")
    _shade_style(notice, LIGHT_HEX)
    _spacing(notice, 4, 10)
    chart = _paragraph_style(doc, "Chart")
    chart.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(chart, keep_with_next=True)
    _font(_paragraph_style(doc, "Formula Note"), size=9, color=MUTED)
    step_about = _paragraph_style(doc, "Step About")
    _font(step_about, size=9, color=MUTED)
    _spacing(step_about, after=0, keep_with_next=True, indent=INDENT)
    step = _paragraph_style(doc, "Step")
    _spacing(step, after=0, keep_with_next=True, indent=INDENT)
    step.paragraph_format.first_line_indent = -INDENT
    step.paragraph_format.tab_stops.add_tab_stop(INDENT)
    step_levels = _paragraph_style(doc, "Step Levels")
    _font(step_levels, size=9, color=MUTED)
    _spacing(step_levels, after=10, indent=INDENT)
    _font(_paragraph_style(doc, "Term"), bold=True)
    # Space before: a term right after a table (the team's spread, pillar by pillar) had none.
    _spacing(styles["Term"], before=8, after=0, keep_with_next=True)
    _spacing(_paragraph_style(doc, "Formula"), after=8, indent=INDENT)

    table_text = _paragraph_style(doc, "Table Text")
    _font(table_text, size=9)
    _spacing(table_text, 1, 2)
    table_text.paragraph_format.line_spacing = 1.0
    _font(_paragraph_style(doc, "Table Heading", base="Table Text"), bold=True, color=WHITE)
    _font(_paragraph_style(doc, "Fact", base="Table Text"), size=10.5)
    _font(_paragraph_style(doc, "Fact Label", base="Fact"), color=MUTED)

    _font(_character_style(doc, "Score Figure"), size=28, color=BRAND, bold=True)
    _font(_character_style(doc, "Level Label"), size=13, bold=True)
    _font(_character_style(doc, "Emphasis Strong"), bold=True)
    _font(_character_style(doc, "Muted Text"), color=MUTED)
    _font(_character_style(doc, "Detail"), size=9.5, color=MUTED)
    _font(_character_style(doc, "Formula Text"), color=BRAND)


# --- building blocks ---------------------------------------------------------------------------


def _runs(paragraph: Paragraph, runs: Sequence[Run]) -> Paragraph:
    for item in runs:
        text, style = (item, None) if isinstance(item, str) else item
        for index, line in enumerate(text.split("\n")):
            run = paragraph.add_run(style=style)
            if index:
                run.add_break()
            for number, piece in enumerate(line.split("\t")):
                if number:
                    run.add_tab()
                if piece:
                    run.add_text(piece)
    return paragraph


def _p(doc: DocxDocument, style: str, *runs: Run) -> Paragraph:
    return _runs(doc.add_paragraph(style=style), runs)


def _tag(doc: DocxDocument, tag: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag: it disappears when rendered."""
    doc.add_paragraph(f"{{%p {tag} %}}")


# The children of a table's properties in the order the schema requires (Word may refuse another).
TABLE_PROPERTIES_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
)


def _table_property(table: Table, element: Any) -> None:
    """Add ``element`` to the table's properties at its place in the schema's order."""
    properties = table._tbl.tblPr
    name = element.tag.rsplit("}", 1)[-1]
    later = TABLE_PROPERTIES_ORDER[TABLE_PROPERTIES_ORDER.index(name) + 1 :]
    for child in properties:
        if child.tag.rsplit("}", 1)[-1] in later:
            child.addprevious(element)
            return
    properties.append(element)


def _cell_borders(table: Table, color: str | None) -> None:
    """Thin borders in ``color`` around and inside the table; none when color is None."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        if color is None:
            element.set(qn("w:val"), "nil")
        else:
            element.set(qn("w:val"), "single")
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), color)
        borders.append(element)
    _table_property(table, borders)


def _narrow_cell_margins(table: Table, side: Length) -> None:
    """Left and right cell margins of ``side`` (Word's default is 1.9 mm): for a table of many
    narrow columns."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(int(side.twips)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    _table_property(table, margins)


def _shade(cell, fill: str) -> None:  # noqa: ANN001 - docx.table._Cell
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _row_property(row, name: str) -> None:  # noqa: ANN001 - docx.table._Row
    element = OxmlElement(f"w:{name}")
    if name == "tblHeader":
        element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


# A cell: its paragraphs, each (paragraph style, runs), and its alignment.
Cell = list[tuple[str, Sequence[Run]]]


def _table(
    doc: DocxDocument,
    widths: Sequence[Length],
    *,
    headers: Sequence[str] = (),
    loop: str = "",
    cells: Sequence[Cell],
    right: Sequence[int] = (),
    center: Sequence[int] = (),
    shade: str | None = None,
    borders: str | None = BORDER_HEX,
) -> Table:
    """A table: a brand-coloured header row, then ``cells`` once per item of ``loop``."""
    table = doc.add_table(rows=0, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _cell_borders(table, borders)
    if headers:
        row = table.add_row()
        for cell, header in zip(row.cells, headers, strict=True):
            _shade(cell, BRAND_HEX)
            cell.paragraphs[0].style = doc.styles["Table Heading"]
            cell.paragraphs[0].add_run(header)
        _row_property(row, "tblHeader")  # repeats on every page the table runs over
    if loop:
        table.add_row().cells[0].paragraphs[0].add_run(f"{{%tr for {loop} %}}")
    row = table.add_row()
    _row_property(row, "cantSplit")
    for index, (cell, paragraphs) in enumerate(zip(row.cells, cells, strict=True)):
        if shade:
            _shade(cell, shade)
        for number, (style, runs) in enumerate(paragraphs):
            paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
            paragraph.style = doc.styles[style]
            if index in right:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if index in center:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _runs(paragraph, runs)
    if loop:
        table.add_row().cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for table_row in table.rows:
        for cell, width in zip(table_row.cells, widths, strict=True):
            cell.width = width
    return table


def _if_else(condition: str, then: Run, otherwise: Run) -> list[Run]:
    """Runs that show ``then`` or ``otherwise`` (each may carry its own character style)."""
    return [f"{{% if {condition} %}}", then, "{% else %}", otherwise, "{% endif %}"]


def _steps(doc: DocxDocument, steps: str, about: str) -> None:
    _tag(doc, f"for step in {steps}")
    _p(doc, "Step About", f"{{{{ step.{about} }}}}")
    _p(doc, "Step", ("{{ loop.index }}.", "Emphasis Strong"), "\t{{ step.text }}")
    _p(doc, "Step Levels", "{{ step.levels_label }}")
    _tag(doc, "endfor")


# --- the report --------------------------------------------------------------------------------


def _page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN_SIDE
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.header_distance = section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True  # the cover has neither
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    _runs(
        header,
        [
            "{% if header_logo %}{{ header_logo }} {% endif %}{{ document.brand_name }} · "
            "{{ document.organisation|truncate(80, true, '…', 0) }}\t"
            "{{ labels.report }} · {{ document.date_text }}"
        ],
    )
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    # The translated "Page x of y" with PAGE and NUMPAGES fields, made by docx_report.py.
    footer.add_run("{{r page_counter }}")


def _cover(doc: DocxDocument) -> None:
    _tag(doc, "if logo")
    _p(doc, "Cover Brand", "{{ logo }}")
    _tag(doc, "endif")
    _p(doc, "Cover Brand", "{{ document.brand_name }}")
    _tag(doc, "if document.branding and document.branding.contact")
    _p(doc, "Muted", "{{ document.branding.contact }}")
    _tag(doc, "endif")
    _p(doc, "Title", "{{ labels.report }}")
    _p(doc, "Subtitle", "{{ labels.subtitle }}")
    _p(doc, "Eyebrow", "{{ labels.prepared_for }}")
    _p(doc, "Cover Organisation", "{{ document.organisation }}")
    _table(
        doc,
        [Cm(4.5), Length(TEXT_WIDTH - Cm(4.5))],
        loop="fact in document.facts",
        cells=[[("Fact Label", ["{{ fact.label }}"])], [("Fact", ["{{ fact.value }}"])]],
        borders=None,
    )
    _tag(doc, "if report.result.score is not none")
    _p(
        doc,
        "Cover Score",
        ("{{ report.score_text }}", "Score Figure"),
        " / 100   ",
        ("{{ report.level_label }}", "Level Label"),
    )
    _p(doc, "Lead", "{{ report.level_meaning }}")
    _tag(doc, "else")
    _p(doc, "Cover Score", ("{{ labels.no_overall_score }}", "Muted Text"))
    _tag(doc, "endif")
    _p(doc, "Cover Note", "{{ labels.prepared_with }}")


def _contents(doc: DocxDocument) -> None:
    _p(doc, "TOC Heading", "{{ labels.contents }}")
    # docx_report.py turns these paragraphs into a table of contents field Word can update.
    _tag(doc, "for chapter in document.chapters")
    _p(doc, "TOC 1", "{{ chapter.title }}")
    _tag(doc, "endfor")
    _p(doc, "Heading 2", "{{ labels.how_to_read }}")
    _tag(doc, "for line in labels.reading_guide")
    _p(doc, "List Bullet", "{{ line }}")
    _tag(doc, "endfor")


def _notice(doc: DocxDocument, notice: str) -> None:
    _p(doc, "Notice", (f"{{{{ {notice}.lead }}}}", "Emphasis Strong"), f" {{{{ {notice}.text }}}}")


def _highlights(doc: DocxDocument, title: str, items: str, empty: str) -> None:
    _p(doc, "Heading 2", f"{{{{ {title} }}}}")
    _tag(doc, f"for item in {items}")
    _p(
        doc,
        "List Bullet",
        ("{{ item.name }}", "Emphasis Strong"),
        "  {{ item.score_text }}",
        "{% if item.detail %}",
        ("\n{{ item.detail }}", "Detail"),
        "{% endif %}",
    )
    _tag(doc, "endfor")
    _tag(doc, f"if not {items}")
    _p(doc, "Muted", f"{{{{ {empty} }}}}")
    _tag(doc, "endif")


def _summary(doc: DocxDocument) -> None:
    _p(doc, "Heading 1", "{{ labels.summary }}")
    _tag(doc, "if document.no_answers")
    _notice(doc, "document.no_answers")
    _tag(doc, "else")
    _p(doc, "Eyebrow", "{{ labels.overall }}")
    _tag(doc, "if report.result.score is not none")
    _p(
        doc,
        "Summary Score",
        ("{{ report.score_text }}", "Score Figure"),
        " / 100   ",
        ("{{ report.level_label }}", "Level Label"),
    )
    _p(doc, "Lead", "{{ report.level_meaning }}")
    _tag(doc, "else")
    _p(doc, "Summary Score", ("—", "Score Figure"))
    _p(doc, "Lead", "{{ document.no_score_text }}")
    _tag(doc, "endif")
    _p(doc, "Normal", "{{ document.answered_text }} {{ labels.below_target }}")
    _tag(doc, "if chart")
    _p(doc, "Chart", "{{ chart }}")
    _tag(doc, "else")
    _notice(doc, "labels.chart_missing")
    _tag(doc, "endif")
    _table(
        doc,
        [Cm(7.8), Cm(2.3), Cm(4.0), Cm(2.5)],
        headers=[
            "{{ labels.pillar }}",
            "{{ labels.score }}",
            "{{ labels.level }}",
            "{{ labels.coverage }}",
        ],
        loop="pillar in report.pillars",
        cells=[
            [("Table Text", ["{{ pillar.heading }}"])],
            [("Table Text", [("{{ pillar.score_text }}", "Emphasis Strong")])],
            [
                (
                    "Table Text",
                    _if_else(
                        "pillar.level_text",
                        "{{ pillar.level_text }}",
                        ("{{ labels.not_enough_answers }}", "Muted Text"),
                    ),
                )
            ],
            [("Table Text", ["{{ pillar.coverage_percent }} %"])],
        ],
        right=(1, 3),
    )
    _highlights(doc, "labels.strengths", "document.strengths", "labels.no_strengths")
    _highlights(doc, "labels.weaknesses", "document.weaknesses", "labels.no_weaknesses")
    _p(doc, "Heading 2", "{{ labels.top_steps }}")
    _steps(doc, "report.next_steps", "about")
    _tag(doc, "if not report.next_steps")
    _p(doc, "Normal", "{{ labels.no_steps }}")
    _tag(doc, "endif")
    _legal_notes(doc)
    _tag(doc, "endif")


def _legal_notes(doc: DocxDocument) -> None:
    """The organisation's country's legal notes beside the score, as in the PDF (issue 11)."""
    _tag(doc, "if report.legal_notes")
    _p(doc, "Heading 2", "{{ labels.legal_notes }}")
    _p(doc, "Muted", "{{ labels.legal_notes_intro }}")
    _tag(doc, "for note in report.legal_notes")
    _p(doc, "Normal", ("{{ note.question_order }} {{ note.question_text }}", "Emphasis Strong"))
    _p(doc, "Normal", "{{ note.text }} ({{ note.checked_text }})")
    _tag(doc, "endfor")
    _tag(doc, "endif")


def _comparison(doc: DocxDocument) -> None:
    _tag(doc, "if view")
    _p(doc, "Heading 1", "{{ view.labels.title }}")
    _p(doc, "Lead", "{{ view.labels.intro }}")
    _table(
        doc,
        [Cm(5.5), Cm(5.5), Length(TEXT_WIDTH - Cm(11))],
        headers=["{{ view.before_name }}", "{{ view.now_name }}", "{{ view.labels.change }}"],
        cells=[
            [("Table Text", [("{{ view.overall_before_text }}", "Emphasis Strong")])],
            [("Table Text", [("{{ view.overall_now_text }}", "Emphasis Strong")])],
            [("Table Text", [("{{ view.overall_delta_text }}", "Emphasis Strong")])],
        ],
        shade=LIGHT_HEX,
    )
    _p(doc, "Normal", "{{ view.labels.summary }} {{ view.labels.not_comparable }}")
    _p(doc, "Heading 2", "{{ view.labels.by_pillar }}")
    _table(
        doc,
        [Length(TEXT_WIDTH - Cm(8.0)), Cm(2.3), Cm(2.3), Cm(3.4)],
        headers=[
            "{{ view.labels.pillar }}",
            "{{ view.labels.before }}",
            "{{ view.labels.now }}",
            "{{ view.labels.change }}",
        ],
        loop="pillar in view.pillars",
        cells=[
            [("Table Text", ["{{ pillar.name }}"])],
            [("Table Text", ["{{ pillar.before_text }}"])],
            [("Table Text", [("{{ pillar.now_text }}", "Emphasis Strong")])],
            [("Table Text", [("{{ pillar.delta_text }}", "Emphasis Strong")])],
        ],
        right=(1, 2, 3),
    )
    _p(doc, "Heading 2", "{{ view.labels.by_question }}")
    _tag(doc, "for group in view.groups")
    _p(doc, "Term", "{{ group.title }} · {{ group.count }}")
    _tag(doc, "if group.note")
    _p(doc, "Formula Note", "{{ group.note }}")
    _tag(doc, "endif")
    _tag(doc, "if group.rows")
    _table(
        doc,
        [Cm(1.1), Length(TEXT_WIDTH - Cm(9.1)), Cm(2.3), Cm(2.3), Cm(3.4)],
        headers=[
            "{{ labels.number }}",
            "{{ view.labels.question }}",
            "{{ view.labels.before }}",
            "{{ view.labels.now }}",
            "{{ view.labels.change }}",
        ],
        loop="row in group.rows",
        cells=[
            [("Table Text", [("{{ row.order }}", "Muted Text")])],
            [("Table Text", ["{{ row.text }}"])],
            [("Table Text", ["{{ row.before_label }}"])],
            [("Table Text", ["{{ row.now_label }}"])],
            [("Table Text", [("{{ row.delta_text }}", "Emphasis Strong")])],
        ],
        right=(4,),
    )
    _tag(doc, "else")
    _p(doc, "Muted", "{{ view.labels.none }}")
    _tag(doc, "endif")
    _tag(doc, "endfor")
    _tag(doc, "endif")


def _team(doc: DocxDocument) -> None:
    """A workshop's team results: agenda, leadership, roles, agreements and the spread."""
    _tag(doc, "if team")
    _p(doc, "Heading 1", "{{ tl.team }}")
    _table(
        doc,
        [Cm(5.5), Cm(5.5), Length(TEXT_WIDTH - Cm(11))],
        headers=[
            "{{ tl.participants_heading }}",
            "{{ tl.discuss_first }}",
            "{{ tl.agreed_count }}",
        ],
        cells=[
            [("Table Text", [("{{ team.participants }}", "Emphasis Strong")])],
            [("Table Text", [("{{ team.discuss_first|length }}", "Emphasis Strong")])],
            [("Table Text", [("{{ team.consensus_count }}", "Emphasis Strong")])],
        ],
        shade=LIGHT_HEX,
    )
    _tag(doc, "if team.anonymous")
    _p(doc, "Muted", "{{ tl.anonymous }}")
    _tag(doc, "endif")
    _p(doc, "Heading 2", "{{ tl.discuss_first }}")
    _p(doc, "Muted", "{{ tl.discuss_first_intro }}")
    _tag(doc, "if team.discuss_first")
    _table(
        doc,
        [Cm(1.1), Length(TEXT_WIDTH - Cm(8.1)), Cm(2.3), Cm(2.0), Cm(2.7)],
        headers=[
            "{{ labels.number }}",
            "{{ tl.question }}",
            "{{ tl.range }}",
            "{{ tl.sd }}",
            "{{ tl.consensus_short }}",
        ],
        loop="q in team.discuss_first",
        cells=[
            [("Table Text", [("{{ q.order }}", "Muted Text")])],
            [("Table Text", ["{{ q.text }}"])],
            [("Table Text", ["{{ q.range_text }}"])],
            [("Table Text", ["{{ q.sd_text }}"])],
            [("Table Text", [("{{ q.consensus_level or '–' }}", "Emphasis Strong")])],
        ],
        right=(2, 3, 4),
    )
    _tag(doc, "else")
    _p(doc, "Muted", "{{ tl.no_divergent }}")
    _tag(doc, "endif")
    _p(doc, "Heading 2", "{{ tl.leadership }}")
    _tag(doc, "if team.leadership and team.leadership.shown")
    _p(doc, "Muted", "{{ tl.leadership_intro }}")
    _tag(doc, "if team.leadership.flagged")
    _table(
        doc,
        [Cm(1.1), Length(TEXT_WIDTH - Cm(9.4)), Cm(3.0), Cm(3.0), Cm(2.3)],
        headers=[
            "{{ labels.number }}",
            "{{ tl.question }}",
            "{{ tl.leadership_column }}",
            "{{ tl.rest_column }}",
            "{{ tl.gap }}",
        ],
        loop="q in team.leadership.flagged",
        cells=[
            [("Table Text", [("{{ q.order }}", "Muted Text")])],
            [("Table Text", ["{{ q.text }}"])],
            [("Table Text", ["{{ q.leadership_mean_text }}"])],
            [("Table Text", ["{{ q.rest_mean_text }}"])],
            [("Table Text", [("{{ q.leadership_gap_text }}", "Emphasis Strong")])],
        ],
        right=(2, 3, 4),
    )
    _tag(doc, "else")
    _p(doc, "Normal", "{{ tl.leadership_none }}")
    _tag(doc, "endif")
    _tag(doc, "if team.leadership.hidden")
    _p(doc, "Muted", "{{ tl.leadership_too_few }}")
    _tag(doc, "endif")
    _tag(doc, "else")
    _p(doc, "Muted", "{{ tl.leadership_unavailable }}")
    _tag(doc, "endif")
    _p(doc, "Heading 2", "{{ tl.role_split }}")
    _tag(doc, "if team.role_split")
    _p(doc, "Muted", "{{ tl.role_split_intro }}")
    _table(
        doc,
        [Cm(5.0), Cm(1.2), Length(TEXT_WIDTH - Cm(6.2))],
        headers=["{{ tl.role }}", "{{ tl.n }}", "{{ tl.score }}"],
        loop="group in team.role_split.groups",
        cells=[
            [
                ("Table Text", ["{{ group.label }}"]),
                ("Table Text", [("{{ group.roles_text }}", "Muted Text")]),
            ],
            [("Table Text", ["{{ group.members }}"])],
            [("Table Text", ["{{ group.scores_text }}"])],
        ],
        right=(1,),
    )
    _p(doc, "Muted", "{{ team.role_split.pillars_text }} {{ tl.hidden_split }}")
    _tag(doc, "else")
    _p(doc, "Muted", "{{ tl.no_role_split }}")
    _tag(doc, "endif")
    _tag(doc, "if document.team_agreements")
    _p(doc, "Heading 2", "{{ tl.agreements }}")
    _p(doc, "Muted", "{{ tl.shift_intro }}")
    _tag(doc, "for q in document.team_agreements")
    _p(doc, "Term", ("{{ q.order }} ", "Muted Text"), "{{ q.text }}")
    _p(doc, "Normal", ("{{ q.answer_label }}", "Emphasis Strong"), "{{ q.agreement_detail }}")
    _tag(doc, "if q.note")
    _p(doc, "Normal", ("{{ tl.note }}: ", "Emphasis Strong"), "{{ q.note }}")
    _tag(doc, "endif")
    _tag(doc, "if q.minority_note")
    _p(doc, "Normal", ("{{ tl.minority_note }}: ", "Emphasis Strong"), "{{ q.minority_note }}")
    _tag(doc, "endif")
    _tag(doc, "endfor")
    _tag(doc, "endif")
    _p(doc, "Heading 2", "{{ tl.spread_table }}")
    _p(doc, "Muted", "{{ tl.spread_intro }} {{ tl.abbreviations }}")
    _tag(doc, "for pillar, questions in document.team_spread_sections")
    _p(doc, "Term", "{{ pillar.heading }}")
    spread = _table(
        doc,
        [
            # Narrow figures and cell margins leave the question 4.7 cm (it had 3 cm and broke
            # words); each heading still fits on its line ("Nr.", "Md.", "Vereinb.", "Versch.").
            Cm(0.9),
            Length(TEXT_WIDTH - Cm(11.9)),
            Cm(0.7),
            Cm(1.0),
            Cm(1.0),
            Cm(1.3),
            Cm(1.1),
            Cm(2.5),
            Cm(1.75),
            Cm(1.65),
        ],
        headers=[
            "{{ labels.number }}",
            "{{ tl.question }}",
            "{{ tl.n }}",
            "{{ tl.mean_short }}",
            "{{ tl.median_short }}",
            "{{ tl.range }}",
            "{{ tl.sd }}",
            "{{ tl.distribution }}",
            "{{ tl.consensus_short }}",
            "{{ tl.shift_short }}",
        ],
        loop="q in questions",
        cells=[
            [("Table Text", [("{{ q.order }}", "Muted Text")])],
            [("Table Text", ["{{ q.text }}"])],
            [("Table Text", ["{{ q.n }}"])],
            [("Table Text", ["{{ q.mean_text }}"])],
            [("Table Text", ["{{ q.median_text }}"])],
            [("Table Text", ["{{ q.range_text }}"])],
            [("Table Text", ["{{ q.sd_text }}"])],
            [("Table Text", [("{{ q.dots_text }}", "Muted Text")])],
            [("Table Text", [("{{ q.consensus_level or '–' }}", "Emphasis Strong")])],
            [("Table Text", ["{{ q.agreed_shift_text }}"])],
        ],
        right=(2, 3, 4, 5, 6, 8, 9),
    )
    _narrow_cell_margins(spread, Mm(1))
    _tag(doc, "else")
    _p(doc, "Muted", "{{ tl.no_votes }}")
    _tag(doc, "endfor")
    _tag(doc, "endif")


def _pillars(doc: DocxDocument) -> None:
    _tag(doc, "for section in document.sections")
    _p(doc, "Heading 1", "{{ section.heading }}")
    _tag(doc, "if section.pillar.description")
    _p(doc, "Description", "{{ section.pillar.description }}")
    _tag(doc, "endif")
    _table(
        doc,
        [Cm(3.0), Cm(4.6), Cm(3.0), Length(TEXT_WIDTH - Cm(10.6))],
        headers=[
            "{{ labels.score }}",
            "{{ labels.level }}",
            "{{ labels.coverage }}",
            "{{ labels.answers }}",
        ],
        cells=[
            [("Table Text", [("{{ section.pillar.score_text }}", "Emphasis Strong")])],
            [
                (
                    "Table Text",
                    [
                        (
                            "{% if section.pillar.level_text %}{{ section.pillar.level_text }}"
                            "{% else %}{{ labels.not_enough_answers }}{% endif %}",
                            "Emphasis Strong",
                        )
                    ],
                )
            ],
            [("Table Text", ["{{ section.pillar.coverage_percent }} %"])],
            [
                ("Table Text", ["{{ section.answers_text }}"]),
                ("Table Text", [("{{ section.counts_text }}", "Muted Text")]),
            ],
        ],
        shade=LIGHT_HEX,
    )
    _tag(doc, "if section.notice")
    _notice(doc, "section.notice")
    _tag(doc, "endif")
    _tag(doc, "if section.formula")
    _p(doc, "Formula Note", "{{ section.formula }}")
    _tag(doc, "endif")
    _p(doc, "Heading 2", "{{ labels.questions_and_answers }}")
    _table(
        doc,
        [Cm(1.1), Cm(4.6), Cm(5.7), Cm(1.4), Length(TEXT_WIDTH - Cm(12.8))],
        headers=[
            "{{ labels.number }}",
            "{{ labels.question }}",
            "{{ labels.answer }}",
            "{{ labels.target }}",
            "{{ labels.comment }}",
        ],
        loop="row in section.rows",
        cells=[
            [("Table Text", [("{{ row.question.order }}", "Muted Text")])],
            [("Table Text", ["{{ row.question.text }}"])],
            [
                ("Table Text", [("{{ row.answer_label }}", "Emphasis Strong")]),
                (
                    "Table Text",
                    _if_else(
                        "row.question.answered",
                        "{{ row.detail }}",
                        ("{{ row.detail }}", "Muted Text"),
                    ),
                ),
            ],
            [("Table Text", ["{{ row.target_value }}"])],
            [("Table Text", ["{{ row.question.comment }}"])],
        ],
        center=(3,),
    )
    _p(doc, "Heading 2", "{{ labels.recommendations }}")
    _steps(doc, "section.steps", "about_in_pillar")
    _tag(doc, "if section.steps_empty")
    _p(doc, "Muted", "{{ section.steps_empty }}")
    _tag(doc, "endif")
    _tag(doc, "endfor")


def _kpis(doc: DocxDocument) -> None:
    """The KPI chapter (reports/kpi_section.py), when figures were entered: each KPI, its
    formula lines, the context figures."""
    _tag(doc, "if report.kpis.items")
    _tag(doc, "with section = report.kpis")
    _p(doc, "Heading 1", "{{ section.title }}")
    _p(doc, "Normal", "{{ section.intro }}")
    _tag(doc, "for item in section.items")
    _p(
        doc,
        "Heading 2",
        "{{ item.display.label }}: {{ item.display.value }}",
        "{% if item.display.uncertain %} ({{ section.uncertain_label }}){% endif %}",
    )
    _p(doc, "Normal", "{{ item.display.meaning }}")
    _tag(doc, "for note in item.display.notes")
    _p(doc, "Formula Note", "{{ note }}")
    _tag(doc, "endfor")
    _tag(doc, "for line in item.display.formulas")
    _p(doc, "Formula", ("{{ line }}", "Formula Text"))
    _tag(doc, "endfor")
    _tag(doc, "endfor")
    _p(doc, "Heading 2", "{{ section.figures_heading }}")
    _tag(doc, "for figure in section.figures")
    _p(
        doc,
        "List Bullet",
        ("{{ figure.figure }}", "Emphasis Strong"),
        " · {{ figure.text }} ({{ figure.source }})",
    )
    _tag(doc, "endfor")
    _tag(doc, "endwith")
    _tag(doc, "endif")


def _plan(doc: DocxDocument) -> None:
    """The action plan's chapter, as in the PDF: the actions (action, owner, due date, status,
    done when), then the peer benchmark where one is shown."""
    _tag(doc, "if document.has_plan_chapter")
    _p(doc, "Heading 1", "{{ labels.plan }}")
    _tag(doc, "if document.plan_rows")
    _table(
        doc,
        [Cm(4.4), Cm(3.4), Cm(2.2), Cm(2.6), Length(TEXT_WIDTH - Cm(12.6))],
        headers=[
            "{{ labels.action }}",
            "{{ labels.owner }}",
            "{{ labels.due }}",
            "{{ labels.status }}",
            "{{ labels.done_when }}",
        ],
        loop="row in document.plan_rows",
        cells=[
            [("Table Text", [("{{ row.title }}", "Emphasis Strong")])],
            [("Table Text", ["{{ row.owner }}"])],
            [("Table Text", ["{{ row.due }}"])],
            [("Table Text", ["{{ row.status }}"])],
            [("Table Text", ["{{ row.done_when }}"])],
        ],
    )
    _tag(doc, "else")
    _p(doc, "Normal", "{{ labels.no_actions }}")
    _tag(doc, "endif")
    _tag(doc, "if document.benchmark_rows")
    _p(doc, "Heading 2", "{{ labels.benchmark }}")
    _p(doc, "Normal", "{{ document.benchmark_note }}")
    _table(
        doc,
        [Length(TEXT_WIDTH - Cm(8.4)), Cm(2.4), Cm(2.4), Cm(3.6)],
        headers=[
            "{{ labels.pillar }}",
            "{{ labels.your_score }}",
            "{{ labels.median }}",
            "{{ labels.middle_half }}",
        ],
        loop="row in document.benchmark_rows",
        cells=[
            [("Table Text", ["{{ row.pillar }}"])],
            [("Table Text", [("{{ row.score }}", "Emphasis Strong")])],
            [("Table Text", ["{{ row.median }}"])],
            [("Table Text", ["{{ row.middle_half }}"])],
        ],
        right=(1, 2, 3),
    )
    _tag(doc, "endif")
    _tag(doc, "endif")


def _method(doc: DocxDocument) -> None:
    _p(doc, "Heading 1", "{{ labels.method }}")
    _p(doc, "Normal", "{{ document.method_intro }}")
    _p(doc, "Heading 2", "{{ labels.answer_scale }}")
    _p(doc, "Normal", "{{ labels.answer_scale_intro }}")
    _table(
        doc,
        [Cm(4.2), Cm(2.2), Cm(3.0), Length(TEXT_WIDTH - Cm(9.4))],
        headers=[
            "{{ labels.level }}",
            "{{ labels.question_score }}",
            "{{ labels.score_band }}",
            "{{ labels.meaning }}",
        ],
        loop="row in document.method_rows",
        cells=[
            [("Table Text", [("{{ row.label }}", "Emphasis Strong")])],
            [("Table Text", ["{{ row.score }}"])],
            [("Table Text", ["{{ row.span }}"])],
            [("Table Text", ["{{ row.meaning }}"])],
        ],
    )
    _p(doc, "Heading 2", "{{ labels.formulas }}")
    _tag(doc, "for formula in document.formulas")
    _p(doc, "Term", "{{ formula.term }}")
    _p(
        doc,
        "Formula",
        ("{{ formula.formula }}", "Formula Text"),
        "{% if formula.formula and formula.explanation %} — {% endif %}{{ formula.explanation }}",
    )
    _tag(doc, "endfor")


def build_template() -> DocxDocument:
    doc = Document()
    _styles(doc)
    _page(doc)
    body = doc.element.body
    for paragraph in body.findall(qn("w:p")):  # python-docx's template starts with one
        body.remove(paragraph)
    _cover(doc)
    _contents(doc)
    _summary(doc)
    _comparison(doc)
    _team(doc)
    _pillars(doc)
    _kpis(doc)
    _plan(doc)
    _method(doc)
    properties = doc.core_properties
    properties.author = properties.last_modified_by = "Kundenkompass"
    properties.title = properties.subject = properties.keywords = properties.comments = ""
    return doc


if __name__ == "__main__":
    build_template().save(str(TEMPLATE_PATH))
    print(f"Wrote {TEMPLATE_PATH}")
