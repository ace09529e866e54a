"""Readers of a Swiss organisation's assessment see "ss" for "ß" in German: pages, exports, the
PDF and the Word report. Germany and Austria keep "ß"; English and Danish are untouched."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from assessment.actions import action_create
from assessment.models import Organisation
from assessment.services import assessment_finish
from assessment.spelling import swiss
from reports.docx_report import report_docx
from reports.pdf import report_pdf
from reports.selectors import scored_assessment
from tests.factories import answer_all, load_real_catalog, start_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_catalog(db):
    return load_real_catalog()


def _assessment(catalog, country: str, language: str = "de"):
    assessment = start_assessment(catalog, language=language)
    Organisation.objects.filter(pk=assessment.organisation_id).update(country=country)
    assessment.refresh_from_db()
    return assessment


def test_the_rewrite():
    assert swiss("Größe, Maßnahme, GROẞ") == "Grösse, Massnahme, GROSS"
    assert swiss("Strasse") == "Strasse"


@pytest.mark.parametrize(("country", "has_eszett"), [("CH", False), ("DE", True), ("AT", True)])
def test_the_questionnaire_page_follows_the_country(client, real_catalog, country, has_eszett):
    assessment = _assessment(real_catalog, country)
    pillar = real_catalog.pillars.order_by("order").first()
    page = client.get(
        reverse("assessment:pillar", kwargs={"token": assessment.token, "pillar_key": pillar.key})
    ).content.decode()
    assert ("ß" in page) is has_eszett
    assert "größten" in page if has_eszett else "grössten" in page


def test_english_pages_of_a_swiss_assessment_are_untouched(client, real_catalog):
    assessment = _assessment(real_catalog, "CH", language="en")
    response = client.get(f"/en/a/{assessment.token}/review/")
    assert response.status_code == 200


def test_the_reports_and_the_csv_of_a_swiss_assessment(client, real_catalog):
    assessment = _assessment(real_catalog, "CH")
    answer_all(assessment)
    assessment_finish(assessment=assessment)
    scored = scored_assessment(assessment)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report_pdf(scored))).pages)
    assert "ß" not in text and "ss" in text
    with zipfile.ZipFile(io.BytesIO(report_docx(scored))) as docx:
        body = docx.read("word/document.xml").decode()
    assert "ß" not in body
    csv = client.get(reverse("reports:answers_csv", kwargs={"token": assessment.token}))
    assert "ß" not in csv.content.decode("utf-8-sig")
    results = client.get(reverse("reports:results", kwargs={"token": assessment.token}))
    assert "ß" not in results.content.decode()


@pytest.mark.parametrize(("country", "has_eszett"), [("CH", False), ("DE", True)])
def test_the_workbooks_of_a_swiss_assessment(client, real_catalog, country, has_eszett):
    assessment = _assessment(real_catalog, country)
    answer_all(assessment, comment="Größere Maßnahme")
    action_create(assessment=assessment, title="=Straßenfest", owner="Weiß")
    for name in ("reports:answers_xlsx", "actions:export_xlsx"):
        response = client.get(reverse(name, kwargs={"token": assessment.token}))
        book = load_workbook(io.BytesIO(response.content))
        texts = [sheet.title for sheet in book.worksheets] + [
            cell.value
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if isinstance(cell.value, str)
        ]
        assert any("ß" in text for text in texts) is has_eszett, name
        actions = book["Maßnahmen" if has_eszett else "Massnahmen"]
        assert actions["A2"].value == ("'=Straßenfest" if has_eszett else "'=Strassenfest")
        assert actions["A2"].data_type == "s"
    english = client.get(f"/en/a/{assessment.token}/answers.xlsx")
    assert load_workbook(io.BytesIO(english.content))["Actions"]["A2"].value == "'=Straßenfest"


def test_a_german_company_keeps_its_eszett_in_the_pdf(real_catalog):
    assessment = _assessment(real_catalog, "DE")
    answer_all(assessment)
    assessment_finish(assessment=assessment)
    pdf = report_pdf(scored_assessment(assessment))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "ß" in text
