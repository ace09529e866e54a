"""The editable Word report: the PDF's sections as a DOCX that consultants adapt before use.

The content comes from ``build_report_document`` (report_document.py), like the PDF's. Headings use
Word's own "Heading 1" and "Heading 2" styles, so the navigation pane, a table of contents and the
consultant's own styling all work; the brand colour and the fonts are set on those styles, never
on single paragraphs. The radar is the results page's plotly figure as a PNG (chart_images.py).
Without Chromium the document is still produced, with a short note where the chart would be.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.template.defaultfilters import floatformat
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt, RGBColor

from . import scoring
from .chart_images import ChartUnavailable, chart_png
from .context import Highlight, StepView
from .report_document import PillarSection, ReportDocument, build_report_document

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.styles.style import CharacterStyle
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    from reports.selectors import ScoredAssessment

logger = logging.getLogger(__name__)

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

BRAND = RGBColor(0x0B, 0x4F, 0x6C)
MUTED = RGBColor(0x5B, 0x66, 0x70)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
BRAND_HEX = "0B4F6C"
LIGHT_HEX = "E8F0F3"  # notices and the score row
BORDER_HEX = "B8C4CA"

FONT = "Calibri"  # in every Word; LibreOffice substitutes the metric-compatible Carlito
TABLE_TEXT = "Table Text"  # our paragraph style for table cells (9 pt, tight spacing)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = Mm(22), Mm(25), Mm(22)
TEXT_WIDTH = Length(PAGE_WIDTH - 2 * MARGIN_SIDE)  # 166 mm
CHART_WIDTH = Cm(13)

# Word's spelling and hyphenation language of the document, by assessment language.
WORD_LANGUAGES = {"de": "de-DE", "en": "en-GB", "da": "da-DK"}

# Characters XML 1.0 cannot hold (a comment pasted from elsewhere may carry them).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: object) -> str:
    return _XML_INVALID.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))


def _number(value: float | None) -> str:
    """A score as the PDF and the results page print it (``floatformat:"-1"``, localised)."""
    return "–" if value is None else str(floatformat(value, "-1"))


def _date(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


# --- low-level helpers -------------------------------------------------------------------------


def _set_style_font(
    style: CharacterStyle, *, size: float | None = None, color: RGBColor | None = None
) -> None:
    """The document font on a style, replacing the template's theme fonts (Cambria headings)."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), FONT)
    if size is not None:
        style.font.size = Pt(size)
    if color is not None:
        style.font.color.rgb = color  # also drops the template's theme colour


def _set_language(doc: DocxDocument, tag: str) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def _borders(table: Table, color: str | None) -> None:
    """Thin borders in ``color`` around and inside the table; none when color is None."""
    tbl_pr = table._tbl.tblPr
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
    tbl_pr.append(borders)


def _repeat_header(table: Table) -> None:
    """The first row repeats on every page the table runs over."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _keep_rows_whole(table: Table) -> None:
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))


def _table(doc: DocxDocument, headers: Sequence[str], widths: Sequence[Length]) -> Table:
    """A table with a brand-coloured header row and fixed column widths (long text wraps)."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _borders(table, BORDER_HEX)
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _shade(cell, BRAND_HEX)
        paragraph = cell.paragraphs[0]
        paragraph.style = doc.styles[TABLE_TEXT]
        run = paragraph.add_run(_clean(header))
        run.bold = True
        run.font.color.rgb = WHITE
    _repeat_header(table)
    _set_widths(table, widths)
    return table


def _set_widths(table: Table, widths: Sequence[Length]) -> None:
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _add_row(table: Table, widths: Sequence[Length]) -> list[_Cell]:
    cells = table.add_row().cells
    for cell, width in zip(cells, widths, strict=True):
        cell.width = width
    return cells


def _cell_text(
    cell: _Cell, text: str, *, bold: bool = False, muted: bool = False, size: float | None = None
) -> Paragraph:
    """Text into a cell's first paragraph (empty cells have one), or a new one below it."""
    paragraph = cell.paragraphs[-1]
    if paragraph.runs:
        paragraph = cell.add_paragraph()
    # The paragraph style, not the table style: Word lets Normal's size win over a table style's.
    paragraph.style = TABLE_TEXT
    run = paragraph.add_run(_clean(text))
    run.bold = bold
    if muted:
        run.font.color.rgb = MUTED
    if size is not None:
        run.font.size = Pt(size)
    return paragraph


def _paragraph(
    doc: DocxDocument,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    color: RGBColor | None = None,
    style: str | None = None,
    space_before: float | None = None,
    space_after: float | None = None,
) -> Paragraph:
    paragraph = doc.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(_clean(text))
        run.bold = bold
        run.italic = italic
        if size is not None:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
    if space_before is not None:
        paragraph.paragraph_format.space_before = Pt(space_before)
    if space_after is not None:
        paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _eyebrow(doc: DocxDocument, text: str) -> Paragraph:
    """A small, spaced-out label above a figure or a name."""
    paragraph = _paragraph(doc, text, bold=True, size=8.5, color=MUTED, space_after=2)
    paragraph.runs[0].font.all_caps = True
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _notice(doc: DocxDocument, lead: str, text: str) -> None:
    """A shaded box (a one-cell table), for "not enough answers" and the missing chart."""
    table = doc.add_table(rows=1, cols=1)
    table.autofit = False
    _borders(table, None)
    cell = table.rows[0].cells[0]
    cell.width = TEXT_WIDTH
    _shade(cell, LIGHT_HEX)
    paragraph = cell.paragraphs[0]
    if lead:
        paragraph.add_run(_clean(lead) + " ").bold = True
    paragraph.add_run(_clean(text))
    paragraph.paragraph_format.space_before = Pt(4)
    paragraph.paragraph_format.space_after = Pt(4)
    _paragraph(doc, space_after=0)  # Word needs a paragraph between two tables


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A simple field (PAGE, NUMPAGES): Word and LibreOffice fill it in when they lay out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _field_char(paragraph: Paragraph, kind: str) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # Word offers to update it (with page numbers)
    run._r.append(char)


def _page_counter(paragraph: Paragraph) -> None:
    """The translated "Page x of y", with fields for x and y in the translation's word order."""
    for piece in re.split(r"(%\(pages?\)s)", _("Page %(page)s of %(pages)s")):
        if piece == "%(page)s":
            _field(paragraph, "PAGE", "1")
        elif piece == "%(pages)s":
            _field(paragraph, "NUMPAGES", "1")
        elif piece:
            paragraph.add_run(_clean(piece))


# --- document set-up ---------------------------------------------------------------------------


def _new_document(document: ReportDocument) -> DocxDocument:
    doc = Document()
    styles = doc.styles
    _set_style_font(styles["Normal"], size=10.5)
    normal_format = styles["Normal"].paragraph_format
    normal_format.space_after = Pt(6)
    normal_format.line_spacing = 1.1

    heading1 = styles["Heading 1"]
    _set_style_font(heading1, size=20, color=BRAND)
    heading1.paragraph_format.page_break_before = True  # every chapter starts a page
    heading1.paragraph_format.space_before = Pt(0)
    heading1.paragraph_format.space_after = Pt(10)
    heading2 = styles["Heading 2"]
    _set_style_font(heading2, size=13.5, color=BRAND)
    heading2.paragraph_format.space_before = Pt(16)
    heading2.paragraph_format.space_after = Pt(6)
    title = styles["Title"]
    _set_style_font(title, size=30, color=BRAND)
    _set_style_font(styles["TOC Heading"], size=20, color=BRAND)
    table_text = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = styles["Normal"]
    table_text.font.size = Pt(9)
    table_text.paragraph_format.space_before = Pt(1)
    table_text.paragraph_format.space_after = Pt(2)
    table_text.paragraph_format.line_spacing = 1.0
    for name in ("Header", "Footer"):
        _set_style_font(styles[name], size=8.5, color=MUTED)
        # The template's tab stops are for US Letter; one right-aligned stop at the margin.
        tab_stops = styles[name].paragraph_format.tab_stops
        tab_stops.clear_all()
        tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN_SIDE
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.header_distance = section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True  # the cover has neither

    header = section.header.paragraphs[0]
    organisation = document.organisation
    if len(organisation) > 80:
        organisation = organisation[:79] + "…"
    header.add_run(_clean(f"Kundenkompass · {organisation}\t"))
    header.add_run(_clean(f"{_('Customer-centricity report')} · {_date(document.date)}"))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_counter(footer)

    language = document.assessment.language
    _set_language(doc, WORD_LANGUAGES.get(language, language))
    now = timezone.now()
    properties = doc.core_properties
    properties.title = _clean(
        _("Customer-centricity report: %(organisation)s") % {"organisation": document.organisation}
    )
    properties.subject = _clean(_("Customer-centricity report"))
    properties.author = properties.last_modified_by = "Kundenkompass"
    properties.keywords = properties.comments = properties.category = ""
    properties.language = WORD_LANGUAGES.get(language, language)
    properties.created = properties.modified = now.replace(tzinfo=None, microsecond=0)
    properties.revision = 1
    return doc


# --- sections ----------------------------------------------------------------------------------


def _cover(doc: DocxDocument, document: ReportDocument) -> None:
    report = document.report
    organisation = document.assessment.organisation
    _paragraph(doc, "Kundenkompass", bold=True, size=12, color=BRAND, space_after=0)
    _paragraph(doc, space_before=110, space_after=0)
    doc.add_paragraph(_clean(_("Customer-centricity report")), style="Title")
    _paragraph(
        doc,
        _("Maturity assessment on six pillars, with strengths, weaknesses and next steps"),
        size=13,
        color=MUTED,
        space_after=36,
    )
    _eyebrow(doc, _("Prepared for"))
    _paragraph(doc, document.organisation, bold=True, size=20, space_after=14)

    facts = [
        (_("Date"), _date(document.date)),
        (_("Assessed by"), document.assessed_by),
        (_("Industry"), organisation.get_industry_display()),
    ]
    if organisation.size_band:
        facts.append((_("Company size"), organisation.get_size_band_display()))
    facts += [
        (
            _("Questions answered"),
            _("%(answered)s of %(total)s")
            % {"answered": report.result.answered, "total": report.result.total},
        ),
        (_("Checklist version"), str(document.assessment.catalog.version)),
    ]
    widths = [Cm(4.5), Length(TEXT_WIDTH - Cm(4.5))]
    table = doc.add_table(rows=0, cols=2)
    table.autofit = False
    _borders(table, None)
    for label, value in facts:
        cells = _add_row(table, widths)
        _cell_text(cells[0], label, muted=True, size=10.5)
        _cell_text(cells[1], str(value), size=10.5)
    _set_widths(table, widths)

    score = _paragraph(doc, space_before=24)
    if report.result.score is not None:
        run = score.add_run(_number(report.result.score))
        run.bold = True
        run.font.size = Pt(26)
        run.font.color.rgb = BRAND
        score.add_run(" / 100   ").font.size = Pt(13)
        level = score.add_run(_clean(_level_label(report.result.level, report.level_name)))
        level.font.size = Pt(13)
        level.bold = True
    else:
        score.add_run(_clean(_("Not enough answers for an overall score yet."))).italic = True

    _paragraph(
        doc,
        _("Prepared with Kundenkompass, the customer-centricity check."),
        size=9,
        color=MUTED,
        space_before=60,
    )


def _level_label(level: int | None, name: str) -> str:
    return _("Level %(level)s · %(name)s") % {"level": level, "name": name}


def _contents(doc: DocxDocument, document: ReportDocument) -> None:
    """A Word table of contents (a TOC field), pre-filled with the chapter titles.

    Word fills in the page numbers when the field is updated (it offers to when the document is
    opened, or F9); until then the chapter list reads as it is.
    """
    heading = doc.add_paragraph(_clean(_("Contents")), style="TOC Heading")
    heading.paragraph_format.page_break_before = True
    titles = [_("Executive summary")]
    if document.report.has_answers:
        titles += [_pillar_heading(section) for section in document.sections]
    titles.append(_("Method"))
    paragraphs = [_paragraph(doc, space_after=4) for _title in titles]
    _field_char(paragraphs[0], "begin")
    instruction = paragraphs[0].add_run()
    instr_text = OxmlElement("w:instrText")
    instr_text.set(qn("xml:space"), "preserve")
    instr_text.text = ' TOC \\o "1-1" \\h \\z \\u '
    instruction._r.append(instr_text)
    _field_char(paragraphs[0], "separate")
    for paragraph, title in zip(paragraphs, titles, strict=True):
        paragraph.add_run(_clean(title))
    _field_char(paragraphs[-1], "end")

    doc.add_paragraph(_clean(_("How to read this report")), style="Heading 2")
    for text in (
        _(
            "Every question was answered by picking the description (level 1 to 5) that fits the "
            "company best. Level 1 means ad hoc, level 5 customer-centric."
        ),
        _(
            "Scores run from 0 to 100: level 1 counts 0, level 5 counts 100. A pillar's score is "
            "the weighted mean of its answered questions; the overall score is the weighted mean "
            "of the pillars."
        ),
        _(
            "The next steps are the concrete recommendations with the largest gap between the "
            "current level and the target level. Start with the first one."
        ),
        _("The method at the end explains every formula and threshold."),
    ):
        doc.add_paragraph(_clean(text), style="List Bullet")


def _pillar_heading(section: PillarSection) -> str:
    return f"{section.pillar.number}. {section.pillar.name}"


def _summary(doc: DocxDocument, document: ReportDocument) -> None:
    report = document.report
    result = report.result
    doc.add_paragraph(_clean(_("Executive summary")), style="Heading 1")
    if not report.has_answers:
        names = ", ".join(section.pillar.name for section in document.sections)
        _notice(
            doc,
            _("No questions have been answered yet, so this report has no scores."),
            ngettext(
                "The checklist has %(total)s question on six pillars:",
                "The checklist has %(total)s questions on six pillars:",
                result.total,
            )
            % {"total": result.total}
            + f" {names}. "
            + _(
                "Answer them, then download the report again to see the scores, the radar chart, "
                "strengths, weaknesses and next steps."
            ),
        )
        return

    _eyebrow(doc, _("Overall customer-centricity"))
    score = _paragraph(doc, space_after=4)
    if result.score is not None:
        run = score.add_run(_number(result.score))
        run.bold = True
        run.font.size = Pt(28)
        run.font.color.rgb = BRAND
        score.add_run(" / 100   ").font.size = Pt(13)
        level = score.add_run(_clean(_level_label(result.level, report.level_name)))
        level.bold = True
        level.font.size = Pt(13)
        _paragraph(doc, report.level_meaning, size=11.5)
    else:
        score.add_run("—").font.size = Pt(28)
        _paragraph(
            doc,
            _(
                "No pillar has enough answers for a score yet: a pillar needs answers to at "
                "least %(percent)s %% of its applicable questions."
            )
            % {"percent": document.min_coverage_percent},
            size=11.5,
        )
    answered = _("%(answered)s of %(total)s questions answered.") % {
        "answered": result.answered,
        "total": result.total,
    }
    if report.next_steps:
        count = len(report.all_steps)
        answered += " " + ngettext(
            "%(count)s question is below its target level; the five with the highest priority "
            "are the next steps below.",
            "%(count)s questions are below their target level; the five with the highest "
            "priority are the next steps below.",
            count,
        ) % {"count": count}
    _paragraph(doc, answered)

    _chart(doc, document)
    _pillar_table(doc, document)

    doc.add_paragraph(_clean(_("Strengths")), style="Heading 2")
    _highlights(doc, document.strengths, _("No pillar or question scores 75 or more yet."))
    doc.add_paragraph(_clean(_("Weaknesses")), style="Heading 2")
    _highlights(doc, document.weaknesses, _("No pillar or question scores 25 or less."))
    doc.add_paragraph(_clean(_("Your top 5 next steps")), style="Heading 2")
    if report.next_steps:
        for number, step in enumerate(report.next_steps, start=1):
            _step(doc, number, step, f"{step.pillar_name} · {step.question_text}")
    else:
        _paragraph(doc, _("No next steps: every answered question has reached its target level."))


def _chart(doc: DocxDocument, document: ReportDocument) -> None:
    try:
        png = chart_png(document.report.radar)
    except ChartUnavailable as error:
        logger.warning("DOCX report without the radar chart: %s", error)
        _notice(
            doc,
            _("The radar chart is missing."),
            _(
                "It could not be drawn on this server. The pillar scores are in the table below; "
                "the results page shows the chart."
            ),
        )
        return
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(png), width=CHART_WIDTH)
    # The picture's description, read out by screen readers and shown in Word's "Alt Text".
    doc_pr = paragraph._p.find(".//" + qn("wp:docPr"))
    if doc_pr is not None:
        doc_pr.set("descr", _clean(_("Radar chart of the pillar scores")))


def _pillar_table(doc: DocxDocument, document: ReportDocument) -> None:
    widths = [Cm(7.8), Cm(2.3), Cm(4.0), Cm(2.5)]
    table = _table(doc, [_("Pillar"), _("Score"), _("Level"), _("Coverage")], widths)
    for pillar in document.report.pillars:
        cells = _add_row(table, widths)
        _cell_text(cells[0], f"{pillar.number}. {pillar.name}")
        _cell_text(cells[1], _number(pillar.result.score), bold=True)
        if pillar.result.enough_answers:
            _cell_text(cells[2], f"{pillar.result.level} · {pillar.level_name}")
        else:
            _cell_text(cells[2], _("Not enough answers"), muted=True)
        _cell_text(cells[3], f"{pillar.coverage_percent} %")
        for cell in (cells[1], cells[3]):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _keep_rows_whole(table)


def _highlights(doc: DocxDocument, items: Iterable[Highlight], empty: str) -> None:
    items = list(items)
    if not items:
        _paragraph(doc, empty, color=MUTED)
        return
    for item in items:
        paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.add_run(_clean(item.name)).bold = True
        paragraph.add_run(f"  {_number(item.score)}")
        if item.evidence:
            label = f"{_('Pillar')} · {_('level')}: " if item.is_pillar else f"{_('Your answer')}: "
            paragraph.add_run("\n")
            evidence = paragraph.add_run(_clean(label + item.evidence))
            evidence.font.color.rgb = MUTED
            evidence.font.size = Pt(9.5)


def _step(doc: DocxDocument, number: int, step: StepView, context: str) -> None:
    """One next step: the number, what it is about, the recommendation, and its levels."""
    about = _paragraph(doc, space_after=0)
    about.paragraph_format.left_indent = Cm(0.8)
    about.paragraph_format.keep_with_next = True
    run = about.add_run(_clean(context))
    run.font.size = Pt(9)
    run.font.color.rgb = MUTED

    text = _paragraph(doc, space_after=0)
    text.paragraph_format.left_indent = Cm(0.8)
    text.paragraph_format.first_line_indent = Cm(-0.8)
    text.paragraph_format.tab_stops.add_tab_stop(Cm(0.8))
    text.paragraph_format.keep_with_next = True
    text.add_run(f"{number}.\t").bold = True
    text.add_run(_clean(step.text))

    levels = _paragraph(doc, space_after=10)
    levels.paragraph_format.left_indent = Cm(0.8)
    run = levels.add_run(
        _clean(
            _("From level %(from)s to %(to)s · priority %(priority)s")
            % {
                "from": step.step.from_level,
                "to": step.to_level,
                "priority": floatformat(step.step.priority, "-2"),
            }
        )
    )
    run.font.size = Pt(9)
    run.font.color.rgb = MUTED


def _pillar(doc: DocxDocument, document: ReportDocument, section: PillarSection) -> None:
    pillar = section.pillar
    result = pillar.result
    doc.add_paragraph(_clean(_pillar_heading(section)), style="Heading 1")
    if pillar.description:
        _paragraph(doc, pillar.description, italic=True, color=MUTED)

    widths = [Cm(3.0), Cm(4.6), Cm(3.0), Length(TEXT_WIDTH - Cm(10.6))]
    table = _table(doc, [_("Score"), _("Level"), _("Coverage"), _("Answers")], widths)
    cells = _add_row(table, widths)
    _cell_text(cells[0], _number(result.score), bold=True)
    if result.enough_answers:
        _cell_text(cells[1], f"{result.level} · {pillar.level_name}", bold=True)
    else:
        _cell_text(cells[1], _("Not enough answers"), bold=True)
    _cell_text(cells[2], f"{pillar.coverage_percent} %")
    _cell_text(
        cells[3],
        _("%(answered)s of %(applicable)s applicable")
        % {"answered": result.answered, "applicable": result.applicable},
    )
    _cell_text(
        cells[3],
        _("%(dont_know)s don't know · %(not_applicable)s not applicable")
        % {"dont_know": pillar.dont_know, "not_applicable": pillar.not_applicable},
        muted=True,
    )
    for cell in cells:
        _shade(cell, LIGHT_HEX)
    _paragraph(doc, space_after=0)

    if not result.enough_answers:
        _notice(
            doc,
            _("Not enough answers") + ".",
            _(
                "Only %(answered)s of %(applicable)s applicable questions have a level "
                "(%(coverage)s %%). A pillar needs at least %(minimum)s %% for a score, so this "
                "pillar has none rather than a misleadingly low one."
            )
            % {
                "answered": result.answered,
                "applicable": result.applicable,
                "coverage": pillar.coverage_percent,
                "minimum": document.min_coverage_percent,
            },
        )
    elif result.raw_score is not None:
        _paragraph(
            doc,
            _("Pillar score = Σ (weight × score) ÷ Σ weight = %(sum)s ÷ %(weights)s = %(score)s")
            % {
                "sum": floatformat(pillar.contribution_sum, "-1"),
                "weights": floatformat(pillar.weight_sum, "-2"),
                "score": floatformat(result.raw_score, "-1"),
            },
            size=9,
            color=MUTED,
        )

    doc.add_paragraph(_clean(_("Questions and answers")), style="Heading 2")
    _question_table(doc, section)

    doc.add_paragraph(_clean(_("Recommendations")), style="Heading 2")
    if pillar.steps:
        orders = {question.key: question.order for question in pillar.questions}
        for number, step in enumerate(pillar.steps, start=1):
            order = orders.get(step.step.question_key, "")
            _step(doc, number, step, f"{order} {step.question_text}".strip())
    elif result.answered:
        _paragraph(
            doc,
            _(
                "No next steps in this pillar: every answered question has reached its target "
                "level."
            ),
            color=MUTED,
        )
    else:
        _paragraph(
            doc, _("Answer the questions of this pillar to get its recommendations."), color=MUTED
        )


def _question_table(doc: DocxDocument, section: PillarSection) -> None:
    widths = [Cm(1.1), Cm(4.6), Cm(5.7), Cm(1.4), Length(TEXT_WIDTH - Cm(12.8))]
    headers = [_("No."), _("Question"), _("Answer"), _("Target"), _("Comment")]
    table = _table(doc, headers, widths)
    explanations = {
        scoring.ANSWER_NOT_APPLICABLE: _("Left out of the score and the coverage."),
        scoring.ANSWER_DONT_KNOW: _("Left out of the score; lowers the coverage."),
    }
    for row in section.rows:
        question = row.question
        cells = _add_row(table, widths)
        _cell_text(cells[0], question.order, muted=True)
        _cell_text(cells[1], question.text)
        _cell_text(cells[2], row.answer_label, bold=True)
        if question.answered:
            _cell_text(cells[2], question.level_text)
            _cell_text(cells[3], str(question.result.target))
        else:
            explanation = explanations.get(
                question.status, _("Not answered yet: lowers the coverage.")
            )
            _cell_text(cells[2], explanation, muted=True)
            _cell_text(cells[3], "–", muted=True)
        cells[3].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if question.comment:
            _cell_text(cells[4], question.comment)


def _method(doc: DocxDocument, document: ReportDocument) -> None:
    doc.add_paragraph(_clean(_("Method")), style="Heading 1")
    _paragraph(
        doc,
        _(
            "The assessment was answered with version %(version)s of the Kundenkompass "
            "checklist. The same answers and the same checklist version always give the same "
            "scores."
        )
        % {"version": document.assessment.catalog.version},
    )

    doc.add_paragraph(_clean(_("Answer scale and maturity levels")), style="Heading 2")
    _paragraph(
        doc,
        _(
            "Each answer level gives a question score. The same five levels name a pillar's or "
            "the overall maturity, from the score bands below."
        ),
    )
    widths = [Cm(4.2), Cm(2.2), Cm(3.0), Length(TEXT_WIDTH - Cm(9.4))]
    headers = [_("Level"), _("Question score"), _("Score band"), _("Meaning")]
    table = _table(doc, headers, widths)
    for band in document.level_bands:
        cells = _add_row(table, widths)
        _cell_text(cells[0], f"{band.level} · {band.name}", bold=True)
        _cell_text(cells[1], str(band.score))
        if band.high:
            span = _("%(low)s to under %(high)s") % {"low": band.low, "high": band.high}
        else:
            span = _("%(low)s to 100") % {"low": band.low}
        _cell_text(cells[2], span)
        _cell_text(cells[3], band.meaning)
    for label, meaning in (
        (_("Don't know"), _("Left out of the score; lowers the coverage.")),
        (_("Not applicable"), _("Left out of the score and the coverage.")),
    ):
        cells = _add_row(table, widths)
        _cell_text(cells[0], label, bold=True)
        _cell_text(cells[1], "–")
        _cell_text(cells[3], meaning)
    _keep_rows_whole(table)

    doc.add_paragraph(_clean(_("Formulas")), style="Heading 2")
    formulas = [
        (_("Question score"), _("(level − 1) ÷ 4 × 100"), ""),
        (
            _("Pillar score"),
            _("Σ (weight × question score) ÷ Σ weight"),
            _("over the answered questions of the pillar."),
        ),
        (
            _("Coverage"),
            _("answered ÷ (questions − not applicable)"),
            _(
                "a pillar under %(percent)s %% coverage shows “not enough answers”, never a low "
                "score."
            )
            % {"percent": document.min_coverage_percent},
        ),
        (
            _("Overall score"),
            _("Σ (pillar weight × pillar score) ÷ Σ pillar weight"),
            _("over the pillars with enough answers."),
        ),
        (
            _("Gap and priority of a next step"),
            _("gap = target − level; priority = gap × question weight × pillar weight"),
            _(
                "without a target of its own, a question's target is level %(target)s. Equal "
                "priorities: the lower current level first."
            )
            % {"target": document.default_target},
        ),
        (
            _("Strengths and weaknesses"),
            "",
            _(
                "Strengths are pillars and questions scoring %(strength)s or more, weaknesses "
                "those scoring %(weakness)s or less; pillars are listed first."
            )
            % {
                "strength": document.strength_threshold,
                "weakness": document.weakness_threshold,
            },
        ),
    ]
    for term, formula, explanation in formulas:
        _paragraph(doc, term, bold=True, space_after=0).paragraph_format.keep_with_next = True
        paragraph = _paragraph(doc, space_after=8)
        paragraph.paragraph_format.left_indent = Cm(0.8)
        if formula:
            paragraph.add_run(_clean(formula)).font.color.rgb = BRAND
        if formula and explanation:
            paragraph.add_run(" — ")
        if explanation:
            paragraph.add_run(_clean(explanation))


# --- entry point -------------------------------------------------------------------------------


def build_docx(document: ReportDocument) -> bytes:
    """The report document as DOCX bytes (call inside ``translation.override``)."""
    doc = _new_document(document)
    _cover(doc, document)
    _contents(doc, document)
    _summary(doc, document)
    if document.report.has_answers:
        for section in document.sections:
            _pillar(doc, document, section)
    _method(doc, document)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def report_docx(scored: ScoredAssessment) -> bytes:
    """The editable Word report of a scored assessment, in the assessment's language.

    Never fails for a missing Chromium: the document then carries a note instead of the chart.
    """
    with translation.override(scored.assessment.language):
        return build_docx(build_report_document(scored))
