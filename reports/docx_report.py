"""The editable Word report: the report document (report_document.py) in a Word template.

The layout is ``reports/docx/report-template.docx`` (styles, page, header and footer, and docxtpl
tags for each part of the document), which a designer restyles in Word. This module only fills it
in, and adds with python-docx what a template cannot hold: the table of contents field, the
chart's alt text, the document language and its properties. The radar is the results page's plotly
figure as a PNG (chart_images.py); without Chromium the document says so where the chart would be.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment
from markupsafe import Markup

from assessment.spelling import SWISS_COUNTRY, reads_regional, regional

from .chart_images import ChartUnavailable, chart_png
from .report_document import ReportDocument, build_report_document

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from reports.selectors import ScoredAssessment

logger = logging.getLogger(__name__)

TEMPLATE_PATH = Path(__file__).resolve().parent / "docx" / "report-template.docx"
CHART_WIDTH = Cm(13)
LOGO_HEIGHT = Cm(1.6)
HEADER_LOGO_HEIGHT = Cm(0.5)
# The template's brand colour, replaced by a consultancy's accent colour where it appears.
TEMPLATE_BRAND = "0B4F6C"
ACCENT_STYLES = ("Heading 1", "Heading 2", "Title", "TOC Heading", "Cover Brand", "Score Figure")

# Word's spelling and hyphenation language of the document, by assessment language.
WORD_LANGUAGES = {"de": "de-DE", "en": "en-GB", "da": "da-DK"}

# Characters XML 1.0 cannot hold (a comment pasted from elsewhere may carry them).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Text Word can hold; line breaks (any convention) stay line breaks."""
    return _XML_INVALID.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _finalize(value: Any) -> Any:
    """Every ``{{ value }}`` of the template passes here before it is escaped."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return clean(value)
    return value


def page_counter_xml(template: str) -> Markup:
    """Runs for a translated "Page %(page)s of %(pages)s": PAGE and NUMPAGES fields for the
    placeholders, in the translation's word order. Word and LibreOffice fill them in."""
    parts = []
    for piece in re.split(r"(%\(pages?\)s)", template):
        if piece in ("%(page)s", "%(pages)s"):
            instruction = "PAGE" if piece == "%(page)s" else "NUMPAGES"
            parts.append(
                f'<w:fldSimple w:instr="{instruction}"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
            )
        elif piece:
            parts.append(f'<w:r><w:t xml:space="preserve">{escape(clean(piece))}</w:t></w:r>')
    # Reviewed (bandit skips it): escaped text between fixed tags.
    return Markup("".join(parts))  # nosec B704


def _chart(template: DocxTemplate, document: ReportDocument) -> InlineImage | None:
    try:
        png = chart_png(document.report.radar)
    except ChartUnavailable as error:
        logger.warning("DOCX report without the radar chart: %s", error)
        return None
    return InlineImage(template, io.BytesIO(png), width=CHART_WIDTH)


def _logo(template: DocxTemplate, document: ReportDocument, height: Cm) -> InlineImage | None:
    branding = document.branding
    if branding is None or not branding.logo_bytes:
        return None
    return InlineImage(template, io.BytesIO(branding.logo_bytes), height=height)


def _accent(doc: DocxDocument, document: ReportDocument) -> None:
    """The consultancy's accent colour for headings and table heads, where Jinja cannot reach."""
    accent = document.branding.accent_hex if document.branding else ""
    if not accent:
        return
    for name in ACCENT_STYLES:
        doc.styles[name].font.color.rgb = RGBColor.from_string(accent)
    for shading in doc.element.body.iter(qn("w:shd")):
        if shading.get(qn("w:fill"), "").upper() == TEMPLATE_BRAND:
            shading.set(qn("w:fill"), accent)


def _field_run(kind: str = "", instruction: str = "") -> Any:
    """A run with a field character ("begin", "separate", "end") or a field instruction."""
    run = OxmlElement("w:r")
    if kind:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            char.set(qn("w:dirty"), "true")  # Word offers to update it (with page numbers)
        run.append(char)
    else:
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = instruction
        run.append(text)
    return run


def _table_of_contents(doc: DocxDocument) -> None:
    """The chapter titles ("TOC 1" paragraphs) become a table of contents field.

    Word fills in the page numbers when the field is updated (it offers to when the document is
    opened, or F9); until then the chapter list reads as it is.
    """
    entries = [p._p for p in doc.paragraphs if p.style is not None and p.style.name == "TOC 1"]
    if not entries:
        return
    first = entries[0]
    position = first.index(first.find(qn("w:r")))
    start = [
        _field_run("begin"),
        _field_run(instruction=' TOC \\o "1-1" \\h \\z \\u '),
        _field_run("separate"),
    ]
    for offset, run in enumerate(start):
        first.insert(position + offset, run)
    entries[-1].append(_field_run("end"))


def _alt_text(doc: DocxDocument, text: str) -> None:
    """The chart's description, read out by screen readers and shown in Word's "Alt Text"."""
    for paragraph in doc.paragraphs:
        if paragraph.style is not None and paragraph.style.name == "Chart":
            for doc_pr in paragraph._p.iter(qn("wp:docPr")):
                doc_pr.set("descr", clean(text))


def _language_and_properties(doc: DocxDocument, document: ReportDocument) -> None:
    # The report's language: the assessment's, or the one a download asked for (?lang=).
    language = (translation.get_language() or document.assessment.language)[:2]
    tag = WORD_LANGUAGES.get(language, language)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)
    properties = doc.core_properties
    properties.title = clean(document.title)
    properties.subject = clean(document.labels.report)
    properties.author = properties.last_modified_by = "Kundenkompass"
    properties.language = tag
    properties.created = properties.modified = timezone.now().replace(tzinfo=None, microsecond=0)
    properties.revision = 1


def build_docx(document: ReportDocument) -> bytes:
    """The report document as DOCX bytes (call inside ``translation.override``)."""
    template = DocxTemplate(TEMPLATE_PATH)
    context = {
        "document": document,
        "report": document.report,
        "labels": document.labels,
        "chart": _chart(template, document),
        "view": document.comparison,
        "team": document.team,
        "tl": document.team.labels if document.team else None,
        "logo": _logo(template, document, LOGO_HEIGHT),
        "header_logo": _logo(template, document, HEADER_LOGO_HEIGHT),
        "page_counter": page_counter_xml(document.labels.page_counter),
    }
    # Autoescape: organisation names and comments may hold "&" and "<".
    environment = Environment(autoescape=True, finalize=_finalize)  # nosec B701
    template.render(context, environment, autoescape=True)
    doc = template.docx
    _table_of_contents(doc)
    _alt_text(doc, document.labels.radar_alt)
    _accent(doc, document)
    _language_and_properties(doc, document)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def report_docx(scored: ScoredAssessment, *, language: str | None = None) -> bytes:
    """The editable Word report of a scored assessment, in the assessment's language (or
    ``language``).

    Never fails for a missing Chromium: the document then carries a note instead of the chart.
    """
    with translation.override(language or scored.assessment.language):
        document = build_docx(build_report_document(scored))
        if reads_regional(scored.assessment):
            return swiss_docx(document, scored.assessment.organisation.country)
        return document


def swiss_docx(document: bytes, country: str = SWISS_COUNTRY) -> bytes:
    """The same Word file with its text written for Switzerland ("ss" for "ß") or Austria
    ("Firmenbuch"), see assessment.spelling."""
    source = zipfile.ZipFile(io.BytesIO(document))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith(".xml"):
                data = regional(data.decode("utf-8"), country).encode("utf-8")
            target.writestr(item, data)
    return output.getvalue()
