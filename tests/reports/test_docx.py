"""The editable Word report: it opens with python-docx and has the PDF's sections."""

from __future__ import annotations

import io

import docx
import pytest
from django.utils import translation

from reports.chart_images import reset_chart_renderer
from reports.context import build_report_context
from reports.docx_report import report_docx
from reports.selectors import scored_assessment
from tests.factories import answer_all, start_assessment

pytestmark = pytest.mark.django_db


def open_docx(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def headings(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def all_text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("language", ["de", "en"])
def test_docx_has_the_sections_in_the_assessments_language(small_catalog, language):
    assessment = start_assessment(small_catalog, name="Muster Handels AG", language=language)
    answer_all(assessment)
    scored = scored_assessment(assessment)
    with translation.override(language):
        report = build_report_context(scored)
        summary_title = translation.gettext("Executive summary")
        method_title = translation.gettext("Method")

    document = open_docx(report_docx(scored))

    titles = headings(document)
    assert summary_title in titles
    assert method_title in titles
    for number in range(1, 7):
        assert any(f"Pillar {number} ({language})" in title for title in titles), titles
    text = all_text(document)
    assert "Muster Handels AG" in text
    assert report.next_steps[0].text in text
    other = "en" if language == "de" else "de"
    assert f"Pillar 1 ({other})" not in text


def test_docx_embeds_the_chart_as_an_image(small_catalog):
    assessment = start_assessment(small_catalog, language="en")
    answer_all(assessment)

    document = open_docx(report_docx(scored_assessment(assessment)))

    assert len(document.inline_shapes) == 1
    image_parts = [
        rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/image")
    ]
    assert [part.content_type for part in image_parts] == ["image/png"]


def test_docx_without_answers_says_so(small_catalog):
    assessment = start_assessment(small_catalog, language="en")

    document = open_docx(report_docx(scored_assessment(assessment)))

    assert "No questions have been answered yet" in all_text(document)
    assert len(document.inline_shapes) == 0


def test_docx_without_chromium_is_still_produced(small_catalog, settings):
    assessment = start_assessment(small_catalog, language="en")
    answer_all(assessment)
    settings.CHROMIUM_PATH = "/nonexistent/chromium"
    reset_chart_renderer()

    document = open_docx(report_docx(scored_assessment(assessment)))

    assert len(document.inline_shapes) == 0
    assert "Method" in headings(document)
