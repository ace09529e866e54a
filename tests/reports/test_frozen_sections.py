"""Issue 13: the results page's pillar cards and "why these scores?" are rendered once per state
(reports/frozen_sections.py) and never shown stale: a changed answer, comment or relevance, another
language or another assessment in another state renders them anew; a workshop never keeps them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from assessment.models import Answer, Assessment, Organisation
from pillars.models import LevelDescriptor, Question
from reports import frozen_sections
from tests.factories import (
    answer,
    answer_all,
    join_workshop,
    make_client,
    make_consultant,
    make_workshop,
    start_assessment,
    vote,
)

pytestmark = pytest.mark.django_db

WHY_ROW = "reports/partials/why_score.html"
PILLAR_CARD = "reports/partials/pillar_card.html"


def _results(client, assessment, language: str = "de"):
    with translation.override(language):
        url = reverse("reports:results", kwargs={"token": assessment.token})
    response = client.get(url)
    assert response.status_code == 200
    return response


def _rendered(response) -> set[str]:
    return {template.name for template in response.templates}


def _first_key(assessment) -> str:
    return assessment.catalog.pillars.order_by("order").first().questions.order_by("order")[0].key


def _why_row(page: str, question_text: str) -> str:
    """The question's row in "why these scores?" (the pillar cards name it too)."""
    why = page.split('aria-labelledby="why"', 1)[1]
    return why.split(question_text, 1)[1].split("</tr>", 1)[0]


def test_a_second_visit_renders_neither_section_again(client, small_catalog):
    assessment = start_assessment(small_catalog)
    answer_all(assessment)

    first = _results(client, assessment)
    second = _results(client, assessment)

    assert {WHY_ROW, PILLAR_CARD} <= _rendered(first)
    assert not {WHY_ROW, PILLAR_CARD} & _rendered(second)
    assert _without_tokens(second.content) == _without_tokens(first.content)


def _without_tokens(content: bytes) -> bytes:
    """The page without what differs per response: CSRF tokens and the CSP nonce."""
    content = re.sub(rb"[A-Za-z0-9]{64}", b"CSRF", content)
    return re.sub(rb'nonce="[^"]+"', b'nonce=""', content)


def test_a_changed_level_comment_or_relevance_is_shown_at_once(client, small_catalog):
    assessment = start_assessment(small_catalog)
    answer_all(assessment)
    key = _first_key(assessment)
    text = assessment.catalog.questions.get(key=key).text_de
    before = _results(client, assessment).content.decode()
    assert "Neu besprochen" not in before

    answer(assessment, key, 5, comment="Neu besprochen")
    after = _results(client, assessment).content.decode()
    assert "Neu besprochen" in _why_row(after, text)
    assert "Stufe 5" in _why_row(after, text)

    Answer.objects.filter(question__key=key, participant__assessment=assessment).update(
        relevance="very_relevant"
    )
    again = _results(client, assessment).content.decode()
    assert "Sehr relevant (× 1,5)" in _why_row(again, text)


def test_each_language_gets_its_own_sections(client, small_catalog):
    # No English catalog texts: both languages show the German ones, only the labels differ.
    small_catalog.pillars.update(name_en="")
    Question.objects.filter(catalog=small_catalog).update(text_en="")
    assessment = start_assessment(small_catalog)
    answer_all(assessment)
    german = _results(client, assessment, "de").content.decode()
    english = _results(client, assessment, "en").content.decode()
    assert "Wie kommen diese Punktzahlen zustande?" in german
    assert "Why these scores?" in english
    assert "Why these scores?" not in german


def test_a_changed_comment_alone_is_shown_at_once(client, small_catalog):
    assessment = start_assessment(small_catalog)
    key = _first_key(assessment)
    text = assessment.catalog.questions.get(key=key).text_de
    answer(assessment, key, 3, comment="Erste Notiz")
    assert "Erste Notiz" in _why_row(_results(client, assessment).content.decode(), text)

    answer(assessment, key, 3, comment="Zweite Notiz")
    row = _why_row(_results(client, assessment).content.decode(), text)
    assert "Zweite Notiz" in row and "Erste Notiz" not in row


def test_a_b2c_company_gets_its_own_wording_in_the_same_state(client, small_catalog):
    """Same answers, same question texts: only the chosen level's text differs (B2C wording),
    shown among the strengths."""
    b2b, b2c = start_assessment(small_catalog), start_assessment(small_catalog, name="Laden AG")
    Organisation.objects.filter(pk=b2c.organisation_id).update(business_model="b2c")
    key = _first_key(b2b)
    LevelDescriptor.objects.filter(
        question__catalog=small_catalog, question__key=key, level=5
    ).update(b2c_text_de="Wortlaut für Privatkunden")
    answer(b2b, key, 5)
    answer(b2c, key, 5)
    strengths = 'data-testid="strengths"'
    assert "Wortlaut für Privatkunden" not in _results(client, b2b).content.decode()
    page = _results(client, Assessment.objects.get(pk=b2c.pk)).content.decode()
    assert "Wortlaut für Privatkunden" in page.split(strengths, 1)[1].split("</ul>", 1)[0]


def test_a_kept_section_stays_escaped(client, small_catalog):
    assessment = start_assessment(small_catalog)
    answer(assessment, _first_key(assessment), 3, comment="<script>alert(1)</script>")
    for _visit in range(2):
        page = _results(client, assessment).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_two_assessments_in_the_same_state_share_the_sections(client, small_catalog):
    one, two = start_assessment(small_catalog), start_assessment(small_catalog, name="Zwei AG")
    answer_all(one)
    answer_all(two)
    _results(client, one)
    assert not {WHY_ROW, PILLAR_CARD} & _rendered(_results(client, two))
    answer(two, _first_key(two), 1)
    assert {WHY_ROW, PILLAR_CARD} <= _rendered(_results(client, two))


def test_the_kept_sections_stay_bounded(client, small_catalog, monkeypatch):
    monkeypatch.setattr(frozen_sections, "MAX_ENTRIES", 2)
    assessment = start_assessment(small_catalog)
    key = _first_key(assessment)
    for level in (1, 2, 3):
        answer(assessment, key, level)
        _results(client, assessment)
    assert len(frozen_sections._entries) == 2
    answer(assessment, key, 1)  # the oldest state, pushed out: rendered again
    assert {WHY_ROW, PILLAR_CARD} <= _rendered(_results(client, assessment))


def test_a_workshop_renders_its_sections_every_time(client, small_catalog):
    consultant = make_consultant(email="petra@nord.example", workspace="Beratung Nord")
    workshop = make_workshop(make_client(consultant), small_catalog)
    key = _first_key(workshop.assessment)
    vote(join_workshop(workshop, name="Anna"), key, 2)
    client.force_login(consultant)
    _results(client, workshop.assessment)
    assert {WHY_ROW, PILLAR_CARD} <= _rendered(_results(client, workshop.assessment))
    assert not frozen_sections._entries
