"""Austrian readers (country AT) read "Firmenbuch" where the German texts say "Handelsregister"
(issue 11, item 10): pages, the CSV, the PDF and the Word report. Germany and Switzerland keep
"Handelsregister"; English and Danish are untouched."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessment.models import Answer, Organisation
from assessment.spelling import austrian, regional
from pillars.models import Question
from reports.docx_report import report_docx
from reports.pdf import report_pdf
from reports.selectors import scored_assessment
from tests.factories import load_catalog_v2, start_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def v2(db):
    return load_catalog_v2()


def _assessment(catalog, country: str, language: str = "de"):
    assessment = start_assessment(catalog, language=language)
    Organisation.objects.filter(pk=assessment.organisation_id).update(country=country)
    assessment.refresh_from_db()
    return assessment


def test_the_substitution():
    assert austrian("Eintrag im Handelsregister") == "Eintrag im Firmenbuch"
    assert austrian("des Handelsregisters") == "des Firmenbuchs"
    assert austrian("Handelsregistereintrag") == "Firmenbucheintrag"
    assert regional("Handelsregister, Größe", "AT") == "Firmenbuch, Größe"
    assert regional("Handelsregister, Größe", "CH") == "Handelsregister, Grösse"
    assert regional("Handelsregister, Größe", "DE") == "Handelsregister, Größe"


@pytest.mark.parametrize(
    ("country", "term", "other"),
    [("AT", "Firmenbuch", "Handelsregister"), ("DE", "Handelsregister", "Firmenbuch")]
    + [("CH", "Handelsregister", "Firmenbuch")],
)
def test_the_questionnaire_uses_the_countrys_term(client, v2, country, term, other):
    assessment = _assessment(v2, country)
    url = reverse("assessment:pillar", kwargs={"token": assessment.token, "pillar_key": "data"})
    page = client.get(url).content.decode()
    assert term in page
    assert other not in page


def test_english_pages_keep_the_commercial_register(client, v2):
    assessment = _assessment(v2, "AT", language="en")
    page = client.get(f"/en/a/{assessment.token}/p/data/").content.decode()
    assert "commercial register" in page
    assert "Firmenbuch" not in page


def test_the_reports_and_the_csv_of_an_austrian_assessment(client, v2):
    assessment = _assessment(v2, "AT")
    participant = assessment.participants.get()
    question = Question.objects.get(catalog=v2, key="data_correctness")
    Answer.objects.create(participant=participant, question=question, status="level", level=3)
    scored = scored_assessment(assessment)

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(report_pdf(scored))).pages)
    assert "Firmenbuch" in text  # the next step from level 3, and the appendix's evidence
    assert "Handelsregister" not in text
    with zipfile.ZipFile(io.BytesIO(report_docx(scored))) as docx:
        body = docx.read("word/document.xml").decode()
    assert "Firmenbuch" in body and "Handelsregister" not in body
    csv = client.get(reverse("reports:answers_csv", kwargs={"token": assessment.token}))
    assert csv.status_code == 200
    assert "Handelsregister" not in csv.content.decode("utf-8-sig")
