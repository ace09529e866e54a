"""Question cards are put together from parts rendered once per question, language and state.

The parts live on the cached question objects (assessment.question_cards): a second page, another
assessment or another language must never show what an earlier request left there.
"""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from assessment import question_cards
from assessment.selectors import pillars_with_questions
from tests.factories import answer, load_real_catalog, start_assessment

KEY = "strategy_goals_vision"


def _page(client, assessment, language="de"):
    with translation.override(language):
        url = reverse(
            "assessment:pillar", kwargs={"token": assessment.token, "pillar_key": "strategy"}
        )
    return client.get(url).content.decode()


def _checked(html: str, key: str) -> list[str]:
    return re.findall(rf'name="{key}-value" value="([^"]+)" checked', html)


def _selected(html: str, key: str, field: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{key}-{field}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]*)" selected', select.group(1))


@pytest.fixture
def catalog(db):
    return load_real_catalog()


def test_each_assessment_sees_its_own_answer_on_the_shared_parts(client, catalog):
    first, second, blank = (start_assessment(catalog, name=n) for n in ("A AG", "B AG", "C AG"))
    answer(first, KEY, 2, target=4)
    answer(second, KEY, "dont_know")
    assert _checked(_page(client, first), KEY) == ["2"]
    assert _selected(_page(client, first), KEY, "target") == ["4"]
    html = _page(client, second)
    assert _checked(html, KEY) == ["dont_know"]
    assert _selected(html, KEY, "target") == []
    assert _selected(html, KEY, "relevance") == [""]
    assert _checked(_page(client, blank), KEY) == []
    assert _checked(_page(client, first), KEY) == ["2"]


def test_each_language_gets_its_own_parts(client, catalog):
    assessment = start_assessment(catalog)
    question = catalog.questions.get(key=KEY)
    german = _page(client, assessment, "de")
    english = _page(client, assessment, "en")
    assert question.text_de in german and question.text_en not in german
    assert question.text_en in english and question.text_de not in english
    assert "Weiß nicht" in german and "Don&#x27;t know" in english


def test_parts_are_rendered_once_per_state(client, catalog):
    assessment = start_assessment(catalog)
    render = mock.Mock(wraps=question_cards.render_to_string)
    with mock.patch.object(question_cards, "render_to_string", render):
        _page(client, assessment)
        first = render.call_count
        _page(client, assessment)
        assert render.call_count == first  # nothing new: every part was kept
        answer(assessment, KEY, 5)
        _page(client, assessment)
        assert render.call_count == first + 1  # only the choices with level 5 checked
    # header, choices, target and relevance of each of the pillar's questions
    assert first == 4 * catalog.pillars.get(key="strategy").questions.count()


def test_a_tampered_value_checks_nothing_and_keeps_the_rest(client, catalog):
    assessment = start_assessment(catalog)
    url = reverse("assessment:pillar", kwargs={"token": assessment.token, "pillar_key": "strategy"})
    response = client.post(
        url,
        {
            f"{KEY}-value": "7",
            f"{KEY}-target": "9",
            f"{KEY}-relevance": "<script>",
            f"{KEY}-comment": "bleibt stehen",
            "goto": "processes",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert _checked(html, KEY) == []
    assert _selected(html, KEY, "target") == []
    assert "<script>" not in html
    assert "bleibt stehen" in html


def test_tampered_values_add_no_kept_parts(client, catalog):
    # The kept parts are bounded by the values a card can hold: a posted "7" or "<script>" is
    # shown as "nothing picked" and never kept under a key of its own.
    assessment = start_assessment(catalog)
    url = reverse("assessment:pillar", kwargs={"token": assessment.token, "pillar_key": "strategy"})
    for garbage in ("7", "8", "<script>"):
        client.post(
            url,
            {f"{KEY}-value": garbage, f"{KEY}-target": garbage, f"{KEY}-relevance": garbage},
        )
    question = catalog.questions.get(key=KEY)
    kept = [
        parts
        for obj in pillars_with_questions(assessment, recommendations=False)
        for q in obj.questions.all()
        if q.pk == question.pk
        for parts in q.__dict__.get("_card_parts", {}).values()
    ]
    assert kept
    states = {state for parts in kept for _part, state in parts._rendered}
    assert states <= set(question_cards.CHOICE_VALUES) | set(question_cards.RELEVANCE_VALUES)
