"""A re-assessment's questionnaire shows the earlier answer beside each question."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.services import assessment_finish
from tests.factories import answer, load_generated_catalog, make_client_assessment

# The questionnaire's three queries (tests/assessment/test_query_counts.py, the catalog cached)
# plus the baseline's answers to the page's questions: one query whatever their number; on the
# first pillar's page one more, for the previous plan's open actions to review.
QUESTIONNAIRE_QUERIES = 3
WITH_BASELINE_QUERIES = QUESTIONNAIRE_QUERIES + 1 + 1


def _strategy_keys(catalog) -> list[str]:
    return list(
        catalog.questions.filter(pillar__key="strategy")
        .order_by("order")
        .values_list("key", flat=True)
    )


@pytest.fixture
def baseline(kunde, small_catalog):
    keys = _strategy_keys(small_catalog)
    before = make_client_assessment(kunde, small_catalog)
    answer(before, keys[0], 3)
    answer(before, keys[1], "dont_know")
    answer(before, keys[2], "n_a")
    answer(before, keys[3], None, comment="nur ein Kommentar")  # no answer given
    # keys[4] and keys[5]: never answered
    return assessment_finish(assessment=before)


def _page(client, assessment):
    return client.get(
        reverse("assessment:pillar", kwargs={"token": assessment.token, "pillar_key": "strategy"})
    )


def test_each_question_shows_the_earlier_answer(client, kunde, small_catalog, baseline):
    again = make_client_assessment(kunde, small_catalog, baseline=baseline)
    response = _page(client, again)
    earlier = [card.earlier for card in response.context["cards"]]
    level_three = small_catalog.questions.get(key=_strategy_keys(small_catalog)[0]).levels.get(
        level=3
    )
    assert earlier == [
        f"Letztes Mal: Stufe 3 – {level_three.text}",
        "Letztes Mal: weiß nicht",
        "Letztes Mal: nicht zutreffend",
        "Letztes Mal: nicht beantwortet",
        "Letztes Mal: nicht beantwortet",
        "Letztes Mal: nicht beantwortet",
    ]
    content = response.content.decode()
    assert content.count('data-testid="earlier-answer"') == 6
    assert "Letztes Mal: Stufe 3" in content


def test_the_earlier_answer_speaks_the_assessments_language(client, kunde, small_catalog, baseline):
    again = make_client_assessment(kunde, small_catalog, baseline=baseline)
    response = client.get(f"/en/a/{again.token}/p/strategy/")
    assert response.context["cards"][1].earlier == "Last time: don't know"


def test_earlier_answers_are_matched_by_key_across_catalog_versions(
    client, kunde, small_catalog, baseline
):
    newer = load_generated_catalog(version=2, pillars=6, questions=6)
    again = make_client_assessment(kunde, newer, baseline=baseline)
    response = _page(client, again)
    assert response.context["cards"][1].earlier == "Letztes Mal: weiß nicht"


def test_without_a_baseline_nothing_is_shown(client, kunde, small_catalog):
    first = make_client_assessment(kunde, small_catalog)
    response = _page(client, first)
    assert {card.earlier for card in response.context["cards"]} == {""}
    assert 'data-testid="earlier-answer"' not in response.content.decode()


@pytest.mark.parametrize("questions", [6, 21])
@pytest.mark.parametrize("with_baseline", [False, True])
def test_the_page_runs_a_fixed_number_of_queries(
    client, kunde, django_assert_num_queries, questions, with_baseline
):
    catalog = load_generated_catalog(pillars=6, questions=questions)
    baseline = None
    if with_baseline:
        baseline = make_client_assessment(kunde, catalog)
        for key in _strategy_keys(catalog):
            answer(baseline, key, 2)
        baseline = assessment_finish(assessment=baseline)
    again = make_client_assessment(kunde, catalog, baseline=baseline)
    _page(client, again)  # the first visit also remembers the pillar
    expected = WITH_BASELINE_QUERIES if with_baseline else QUESTIONNAIRE_QUERIES
    with django_assert_num_queries(expected):
        response = _page(client, again)
    assert response.status_code == 200
