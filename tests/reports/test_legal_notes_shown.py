"""Issue 11: the legal notes of the organisation's country are shown beside the maturity score on
the results page and in the PDF, each with the date it was checked; they never change a score."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessment.models import Answer, Organisation
from pillars.models import LegalNote, Question
from reports.pdf import report_pdf
from reports.selectors import scored_assessment
from tests.factories import load_catalog_v2, start_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def v2(db):
    return load_catalog_v2()


def _answered(catalog, country: str, language: str = "de"):
    assessment = start_assessment(catalog, language=language)
    Organisation.objects.filter(pk=assessment.organisation_id).update(country=country)
    assessment.refresh_from_db()
    participant = assessment.participants.get()
    for question in Question.objects.filter(catalog=catalog):
        Answer.objects.create(participant=participant, question=question, status="level", level=3)
    return assessment


def test_every_required_law_is_in_the_catalog_in_three_languages(v2):
    notes = LegalNote.objects.filter(question__catalog=v2)
    assert notes.exists() and all(note.checked for note in notes)
    joined: dict[tuple[str, str], str] = {}
    for note in notes:
        for lang in ("de", "en", "da"):
            key = (note.country, lang)
            joined[key] = joined.get(key, "") + " " + getattr(note, f"text_{lang}")
    for lang in ("de", "en", "da"):
        assert "7a" in joined["DE", lang]
        assert "Sterneintrag" in joined["CH", lang]
        assert (
            "1. September 2023" in joined["CH", "de"] and "1 September 2023" in joined["CH", "en"]
        )
        assert "Robinson" in joined["DK", lang]
        assert "revDSG" not in " ".join(joined.values())
    assert all("lassen sie" in n.text_de.casefold() for n in notes)  # cautious: have it checked


@pytest.mark.parametrize(
    ("country", "present", "absent"),
    [("DE", "§ 7a UWG", "Sterneintrag"), ("CH", "Sterneintrag", "§ 7a UWG")],
)
def test_results_page_shows_the_countrys_notes_beside_the_score(
    client, v2, country, present, absent
):
    assessment = _answered(v2, country)
    page = client.get(
        reverse("reports:results", kwargs={"token": assessment.token})
    ).content.decode()
    notes = page[page.index('data-testid="legal-notes"') :]
    notes = notes[: notes.index("</details>")]
    assert present in notes and absent not in notes
    assert "Geprüft am 28. November 2026" in notes
    assert page.index('data-testid="overall-score"') < page.index('data-testid="legal-notes"')


def test_notes_do_not_change_the_score(v2):
    with_notes = scored_assessment(_answered(v2, "DE")).result.score
    LegalNote.objects.all().delete()
    assessment = _answered(v2, "DE")
    assert scored_assessment(assessment).result.score == with_notes


def test_the_pdf_shows_the_notes_in_the_summary(v2):
    assessment = _answered(v2, "DK", language="en")
    reader = PdfReader(io.BytesIO(report_pdf(scored_assessment(assessment))))
    summary = " ".join(" ".join(page.extract_text().split()) for page in reader.pages[2:6])
    assert "Legal notes for your country" in summary
    assert "Robinson" in summary
    assert "Checked on" in summary


def test_the_word_report_shows_the_notes_in_the_summary(v2):
    import docx

    from reports.docx_report import report_docx

    assessment = _answered(v2, "CH")
    document = docx.Document(io.BytesIO(report_docx(scored_assessment(assessment))))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    notes = text[text.index("Rechtliche Hinweise") :]
    assert "Sterneintrag" in notes and "§ 7a UWG" not in notes
    assert "Geprüft am 28. November 2026" in notes
    assert text.index("Rechtliche Hinweise") > text.index("nächsten Schritte")
