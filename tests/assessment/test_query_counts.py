"""Pages run a fixed number of queries, whatever the number of questions.

A published catalog is loaded once per process (pillars.catalog_cache): the counts are those of
a warm worker, and each test also pins what the first request of a process adds.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.actions import action_create
from pillars import catalog_cache
from tests.factories import answer, load_generated_catalog, load_real_catalog, start_assessment

# assessment (+organisation, catalog) · participant · answers, plus the participant's
# last-pillar update on the first visit.
QUESTIONNAIRE_QUERIES = 3
# The first request of a process loads the catalog: pillars · questions · levels.
CATALOG_QUERIES = 3
# assessment · participant · answers · KPI figures · action plan · peer companies (the results
# page only; results.json shows neither plan nor benchmark)
RESULTS_QUERIES = 4
RESULTS_PAGE_EXTRA_QUERIES = 2
# ... and with the recommendations and the country's legal notes.
RESULTS_CATALOG_QUERIES = 5
# assessment · participant · savepoint · lock · stored answer · update · last pillar · release ·
# the answers' statuses for the progress bar
HTMX_ANSWER_QUERIES = 9
# The first autosave of a process: the catalog's questions by key, then the catalog as above.
HTMX_ANSWER_CATALOG_QUERIES = 1 + CATALOG_QUERIES


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
    catalog_cache.clear()
    with django_assert_num_queries(QUESTIONNAIRE_QUERIES + CATALOG_QUERIES):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["reports:results", "reports:results_json"])
def test_results(client, answered_assessment, django_assert_num_queries, name):
    url = reverse(name, kwargs={"token": answered_assessment.token})
    queries = RESULTS_QUERIES + (RESULTS_PAGE_EXTRA_QUERIES if name == "reports:results" else 0)
    with django_assert_num_queries(queries + RESULTS_CATALOG_QUERIES):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_review_page(client, answered_assessment, django_assert_num_queries):
    url = reverse("assessment:review", kwargs={"token": answered_assessment.token})
    with django_assert_num_queries(QUESTIONNAIRE_QUERIES + CATALOG_QUERIES):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(QUESTIONNAIRE_QUERIES):
        assert client.get(url).status_code == 200


def test_htmx_answer(client, answered_assessment, django_assert_num_queries):
    questions = answered_assessment.catalog.questions.order_by("-pk")
    url = reverse("assessment:answer", kwargs={"token": answered_assessment.token})
    for question, queries in [
        (questions[0], HTMX_ANSWER_QUERIES + HTMX_ANSWER_CATALOG_QUERIES),
        (questions[1], HTMX_ANSWER_QUERIES - 1),  # the last pillar is remembered already
    ]:
        with django_assert_num_queries(queries):
            response = client.post(
                url,
                {"question": question.key, f"{question.key}-value": "2"},
                headers={"HX-Request": "true"},
            )
        assert response.status_code == 200


# assessment · participant · answers (the page) · lock · stored answers · insert (one upsert
# for the whole page) · last pillar; the transaction's savepoint and release in tests.
PILLAR_POST_QUERIES = 9


@pytest.mark.parametrize("catalog_kind", ["real", "triple"])
def test_a_page_of_answers_is_saved_in_a_fixed_number_of_queries(
    client, db, django_assert_num_queries, catalog_kind
):
    catalog = _catalogs()[catalog_kind]()
    assessment = start_assessment(catalog)
    pillar = catalog.pillars.order_by("order").first()
    url = reverse("assessment:pillar", kwargs={"token": assessment.token, "pillar_key": pillar.key})
    client.get(url)  # the catalog is cached
    questions = list(pillar.questions.order_by("order"))
    data = {"goto": "review"}
    for index, question in enumerate(questions):
        data[f"{question.key}-value"] = str(index % 5 + 1)
        data[f"{question.key}-comment"] = "neu" if index % 2 else ""
    with django_assert_num_queries(PILLAR_POST_QUERIES):
        assert client.post(url, data).status_code == 302
    participant = assessment.participants.get()
    assert participant.answers.count() == len(questions)
    # Changed, cleared and unchanged answers on one page: an update and a delete instead of the
    # insert; the last pillar is remembered already.
    data[f"{questions[0].key}-value"] = "5"
    data[f"{questions[1].key}-value"] = ""
    data[f"{questions[1].key}-comment"] = ""
    with django_assert_num_queries(PILLAR_POST_QUERIES - 1 - 1 + 2):
        assert client.post(url, data).status_code == 302
    stored = dict(participant.answers.values_list("question__key", "level"))
    assert stored[questions[0].key] == 5
    assert questions[1].key not in stored
    assert len(stored) == len(questions) - 1


# assessment · participant · pillars · questions · levels · recommendations · legal notes ·
# answers · actions: the results' queries with the action plan for the KPI figures.
XLSX_QUERIES = 9
PLAN_XLSX_QUERIES = 2  # assessment · actions


def test_answers_xlsx(client, answered_assessment, django_assert_num_queries):
    for number in range(3):
        action_create(assessment=answered_assessment, title=f"Maßnahme {number}")
    url = reverse("reports:answers_xlsx", kwargs={"token": answered_assessment.token})
    with django_assert_num_queries(XLSX_QUERIES):
        assert client.get(url).status_code == 200


def test_actions_xlsx(client, answered_assessment, django_assert_num_queries):
    for number in range(3):
        action_create(assessment=answered_assessment, title=f"Maßnahme {number}")
    url = reverse("actions:export_xlsx", kwargs={"token": answered_assessment.token})
    with django_assert_num_queries(PLAN_XLSX_QUERIES):
        assert client.get(url).status_code == 200
