"""The DOCX report on the real catalog: its headings, figures, chart and Word structure."""

from __future__ import annotations

import io

import docx
import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.translation import gettext
from docx.shared import Mm, RGBColor

from reports import docx_report
from reports.chart_images import ChartUnavailable
from reports.constants import TOP_NEXT_STEPS
from reports.context import build_report_context
from reports.selectors import scored_assessment
from tests.factories import answer, start_assessment

pytestmark = pytest.mark.django_db

COMMENT = "Mit dem Vertrieb abgestimmt;\nzweite Zeile."


def answer_most(assessment) -> None:
    """Levels 1–5 spread over the questions; the last pillar is left under coverage."""
    questions = list(assessment.catalog.questions.order_by("pillar__order", "order"))
    last_pillar = questions[-1].pillar_id
    for index, question in enumerate(questions):
        if question.pillar_id == last_pillar and index % 4:
            continue
        answer(
            assessment,
            question.key,
            index % 5 + 1,
            comment=COMMENT if index == 1 else "",
        )


def open_docx(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def styled(document, prefix: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith(prefix)]


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def build(catalog):
    def build(language: str, name: str = "Muster Handels AG"):
        assessment = start_assessment(catalog, name=name, language=language)
        answer_most(assessment)
        scored = scored_assessment(assessment)
        with translation.override(language):
            report = build_report_context(scored)
        return report, open_docx(docx_report.report_docx(scored))

    return build


@pytest.mark.parametrize("language", ["de", "en"])
def test_headings_figures_and_texts_are_in_the_assessments_language(build, language):
    report, document = build(language)

    with translation.override(language):
        chapters = [
            gettext("Executive summary"),
            *[f"{pillar.number}. {pillar.name}" for pillar in report.pillars],
            gettext("Method"),
        ]
        subheadings = {
            gettext(text)
            for text in (
                "Strengths",
                "Weaknesses",
                "Questions and answers",
                "Recommendations",
                "Answer scale and maturity levels",
                "Formulas",
            )
        } | {gettext("Your top %(limit)s next steps") % {"limit": TOP_NEXT_STEPS}}
        overall = f"{floatformat(report.result.score, '-1')} / 100"
        not_enough = gettext("Not enough answers")
    assert styled(document, "Heading 1") == chapters
    assert set(styled(document, "Heading 2")) >= subheadings
    text = all_text(document)
    assert "Muster Handels AG" in text
    assert overall in text
    assert report.level_meaning in text
    assert report.next_steps[0].text in text
    assert "Mit dem Vertrieb abgestimmt;\nzweite Zeile." in text
    assert not_enough in text  # the last pillar is under coverage


def test_german_and_english_reports_differ_in_pillar_names(build):
    german, german_doc = build("de")
    english, _english_doc = build("en")

    german_names = [pillar.name for pillar in german.pillars]
    english_names = [pillar.name for pillar in english.pillars]
    assert german_names != english_names
    assert not set(english_names) & set(styled(german_doc, "Heading 1"))


def test_the_chart_is_one_inline_png(build):
    _report, document = build("en")

    assert len(document.inline_shapes) == 1
    images = [rel.target_part for rel in document.part.rels.values() if "image" in rel.reltype]
    assert [image.content_type for image in images] == ["image/png"]
    assert images[0].blob.startswith(b"\x89PNG")


def test_without_a_chart_there_is_a_note_instead(build, monkeypatch):
    def no_chart(figure, **kwargs):
        raise ChartUnavailable("Chromium not found at /usr/bin/chromium")

    monkeypatch.setattr(docx_report, "chart_png", no_chart)

    _report, document = build("en")

    assert len(document.inline_shapes) == 0
    with translation.override("en"):
        assert gettext("The radar chart is missing.") in all_text(document)
        assert gettext("Method") in styled(document, "Heading 1")


def test_word_structure(build):
    _report, document = build("de", name="Müller & Söhne <GmbH>\x0b")

    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    assert section.different_first_page_header_footer
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer
    assert 'w:instr="NUMPAGES"' in footer
    for name in ("Heading 1", "Heading 2"):
        assert document.styles[name].font.color.rgb == RGBColor(0x0B, 0x4F, 0x6C)
    properties = document.core_properties
    assert properties.author == "Kundenkompass"
    assert "Müller & Söhne <GmbH>" in properties.title  # the control character is dropped
    assert "TOC \\o" in document.element.body.xml  # a table of contents Word can update


def test_without_answers_the_report_says_so(catalog):
    assessment = start_assessment(catalog, name="Leer AG", language="en")

    document = open_docx(docx_report.report_docx(scored_assessment(assessment)))

    with translation.override("en"):
        assert styled(document, "Heading 1") == [gettext("Executive summary"), gettext("Method")]
        assert gettext(
            "No questions have been answered yet, so this report has no scores."
        ) in all_text(document)
    assert len(document.inline_shapes) == 0
