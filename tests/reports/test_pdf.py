"""The PDF report: its text, read back with pypdf, and how it draws the chart."""

from __future__ import annotations

import io
import re

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation
from pypdf import PdfReader

from reports.context import build_report_context
from reports.pdf import page_counter_css, report_pdf
from reports.selectors import scored_assessment
from tests.factories import COMMENT, answer_all, start_assessment

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    """All pages' text with whitespace collapsed (lines wrap anywhere in a paragraph)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def printed(value: float | None, language: str) -> str:
    with translation.override(language):
        return floatformat(value, "-1")


@pytest.mark.parametrize(("language", "other"), [("de", "en"), ("en", "de")])
def test_text_is_complete_and_in_the_assessments_language(small_catalog, language, other):
    assessment = start_assessment(small_catalog, name="Muster Handels AG", language=language)
    answer_all(assessment)
    scored = scored_assessment(assessment)
    with translation.override(language):
        report = build_report_context(scored)

    text = pdf_text(report_pdf(scored))

    assert "Muster Handels AG" in text
    for number in range(1, 7):
        assert f"Pillar {number} ({language})" in text
        assert f"Pillar {number} ({other})" not in text
    assert f"{printed(report.result.score, language)} / 100" in text
    for pillar in report.pillars:
        assert f"{pillar.number}. {pillar.name} {printed(pillar.result.score, language)}" in text
    assert report.next_steps[0].text in text
    assert COMMENT in text


def test_english_report_has_page_numbers_and_a_table_of_contents(small_catalog):
    assessment = start_assessment(small_catalog, language="en")
    answer_all(assessment)

    pdf = report_pdf(scored_assessment(assessment))

    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    assert pages >= 8
    assert "Page 1 of" not in reader.pages[0].extract_text()  # the cover has no footer
    assert f"Page 2 of {pages}" in reader.pages[1].extract_text()
    contents = reader.pages[1].extract_text()
    # Every pillar with the page its section starts on (weasyprint's target-counter). The page
    # number is drawn first, so pypdf reads "5" and "1 Pillar 1 (en)" as "51 Pillar 1 (en)".
    for number in range(1, 7):
        match = re.search(rf"^(\d+){number} Pillar {number} \(en\)", contents, re.MULTILINE)
        assert match, contents
        page = reader.pages[int(match.group(1)) - 1].extract_text()
        assert f"Pillar {number} (en)" in page


def test_chart_is_vector(small_catalog):
    assessment = start_assessment(small_catalog, language="en")
    answer_all(assessment)

    reader = PdfReader(io.BytesIO(report_pdf(scored_assessment(assessment))))

    images = []

    def collect(resources) -> None:
        xobjects = resources.get("/XObject") if resources else None
        for xobject in (xobjects.get_object() if xobjects else {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                images.append(xobject)
            collect(xobject.get("/Resources"))

    for page in reader.pages:
        collect(page.get("/Resources"))
    assert images == []
    # The chart's labels are text in the PDF, not pixels: tick values and the legend.
    summary = reader.pages[2].extract_text()
    for tick in ("20", "40", "60", "80", "100"):
        assert re.search(rf"^{tick}$", summary, re.MULTILINE), summary
    assert "Current" in summary and "Target" in summary


def test_no_answers_says_so_plainly(small_catalog):
    assessment = start_assessment(small_catalog, language="en")

    text = pdf_text(report_pdf(scored_assessment(assessment)))

    assert "No questions have been answered yet, so this report has no scores." in text
    for number in range(1, 7):
        assert f"Pillar {number} (en)" in text
    assert "Method" in text
    assert "Next step" not in text


def test_pillar_under_half_coverage_shows_not_enough_answers(small_catalog):
    assessment = start_assessment(small_catalog, language="en")
    answer_all(assessment, skip={f"data_q{i}" for i in range(1, 5)})  # 2 of 6 answered
    scored = scored_assessment(assessment)
    with translation.override("en"):
        data = next(p for p in build_report_context(scored).pillars if p.key == "data")
    assert not data.result.enough_answers

    text = pdf_text(report_pdf(scored))

    assert "4. Pillar 4 (en) – Not enough answers" in text
    assert "Only 2 of 6 applicable questions have a level (33 %)" in text


def test_long_names_and_comments_wrap_inside_the_page(small_catalog):
    word = "Kundenzufriedenheitsmessungsverantwortliche" * 8  # 344 characters, no break
    name = word[:200]  # the longest organisation name the form accepts
    assessment = start_assessment(small_catalog, name=name, language="en")
    answer_all(assessment, comment=word[:300])

    pdf = report_pdf(scored_assessment(assessment))

    reader = PdfReader(io.BytesIO(pdf))
    too_wide = []
    for page in reader.pages:
        width = float(page.mediabox.width)

        def visit(text, cm, tm, font, size, width=width) -> None:
            # A generous lower bound of the run's width: Inter's lowercase letters are wider
            # than 0.4 em. Unwrapped, the 300-letter word would run far past the edge.
            x = tm[4] * cm[0] + cm[4]
            scale = (tm[0] or 1) * (cm[0] or 1)
            if text.strip() and x + len(text.strip()) * size * scale * 0.4 > width:
                too_wide.append(text.strip()[:40])

        page.extract_text(visitor_text=visit)
    assert too_wide == []
    # All of it is there, wrapped over several lines.
    assert word[:300] in pdf_text(pdf).replace(" ", "")


@pytest.mark.parametrize(
    ("template", "css"),
    [
        ("Page %(page)s of %(pages)s", '"Page " counter(page) " of " counter(pages)'),
        ("%(page)s/%(pages)s", 'counter(page) "/" counter(pages)'),
        ('Side %(page)s "af" %(pages)s', '"Side " counter(page) " \\"af\\" " counter(pages)'),
    ],
)
def test_page_counter_css(template, css):
    assert page_counter_css(template) == css


def test_appendix_lists_every_level_with_its_evidence(small_catalog):
    """Issue 11: each question's levels and their evidence criteria, in the PDF's appendix."""
    from pillars.models import LevelDescriptor

    question = small_catalog.pillars.order_by("order").first().questions.order_by("order").first()
    for level in LevelDescriptor.objects.filter(question=question):
        level.evidence_en = f"Checkable sign {level.level}a\nCheckable sign {level.level}b"
        level.save()
    assessment = start_assessment(small_catalog, language="en")
    answer_all(assessment)
    scored = scored_assessment(assessment)
    with translation.override("en"):
        view = build_report_context(scored).pillars[0].questions[0]
    assert [level.evidence for level in view.levels] == [
        [f"Checkable sign {n}a", f"Checkable sign {n}b"] for n in range(1, 6)
    ]

    text = pdf_text(report_pdf(scored))

    appendix = text[text.index("Every question with its five levels") :]
    for number in range(1, 6):
        assert f"Checkable sign {number}a" in appendix
        assert f"Checkable sign {number}b" in appendix
    assert "(chosen)" in appendix
