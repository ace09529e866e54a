"""Pages run a fixed number of queries, whatever the number of questions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import answer, load_generated_catalog, load_real_catalog, start_assessment

# assessment (+organisation, catalog) · participant · pillars · questions · levels · answers,
# plus the participant's last-pillar update on the first visit.
QUESTIONNAIRE_QUERIES = 6
# assessment · participant · pillars · questions · levels · recommendations · legal notes (of the
# organisation's country, catalog v2; shown beside the score) · answers ·
# KPI figures
RESULTS_QUERIES = 9
HTMX_ANSWER_QUERIES = 11


def _catalogs():
    return {
        "real": lambda: load_real_catalog(),
        "triple": lambda: load_generated_catalog(pillars=6, questions=21),
    }


@pytest.fixture(params=["real", "triple"])
def answered_assessment(request, db):
    catalog = _catalogs()[request.param]()
    assessment = start_assessment(catalog)
    for index, question in enumerate(catalog.questions.order_by("pillar__order", "order")):
        answer(assessment, question.key, index % 5 + 1, comment="ok" if index % 3 else "")
    return assessment


def test_questionnaire_page(client, answered_assessment, django_assert_num_queries):
    pillar = answered_assessment.catalog.pillars.order_by("order").last()
    url = reverse(
        "assessment:pillar", kwargs={"token": answered_assessment.token, "pillar_key": pillar.key}
    )
    client.get(url)  # the first visit also remembers the pillar
    with django_assert_num_queries(QUESTIONNAIRE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


def test_results_page(client, answered_assessment, django_assert_num_queries):
    url = reverse("reports:results", kwargs={"token": answered_assessment.token})
    with django_assert_num_queries(RESULTS_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


def test_results_json(client, answered_assessment, django_assert_num_queries):
    url = reverse("reports:results_json", kwargs={"token": answered_assessment.token})
    with django_assert_num_queries(RESULTS_QUERIES):
        assert client.get(url).status_code == 200


def test_review_page(client, answered_assessment, django_assert_num_queries):
    url = reverse("assessment:review", kwargs={"token": answered_assessment.token})
    with django_assert_num_queries(QUESTIONNAIRE_QUERIES):
        assert client.get(url).status_code == 200


def test_htmx_answer(client, answered_assessment, django_assert_num_queries):
    question = answered_assessment.catalog.questions.order_by("pk").last()
    url = reverse("assessment:answer", kwargs={"token": answered_assessment.token})
    with django_assert_num_queries(HTMX_ANSWER_QUERIES):
        response = client.post(
            url,
            {"question": question.key, f"{question.key}-value": "2"},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200
