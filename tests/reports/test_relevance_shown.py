"""Issue 11: the relevance an answer gives is shown on the results page, in the PDF's question,
in the answers CSV and in the results JSON; it orders next steps but leaves scores alone."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from assessment.models import Answer
from reports.context import build_report_context
from reports.selectors import scored_assessment
from tests.factories import answer

pytestmark = pytest.mark.django_db


def _first_key(assessment) -> str:
    return assessment.catalog.pillars.order_by("order").first().questions.order_by("order")[0].key


def _set_relevance(assessment, key: str, relevance: str) -> None:
    answer(assessment, key, 2)
    Answer.objects.filter(question__key=key, participant__assessment=assessment).update(
        relevance=relevance
    )


def test_results_page_shows_the_relevance_and_explains_it(client, assessment):
    key = _first_key(assessment)
    _set_relevance(assessment, key, "very_relevant")

    page = client.get(
        reverse("reports:results", kwargs={"token": assessment.token}), HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()

    assert 'data-testid="answer-relevance"' in page
    assert "Sehr relevant (× 1,5)" in page
    assert "Die Relevanz ändert den Säulenwert nicht" in page


def test_no_relevance_given_shows_none(client, assessment):
    answer(assessment, _first_key(assessment), 2)

    page = client.get(reverse("reports:results", kwargs={"token": assessment.token})).content
    assert b'data-testid="answer-relevance"' not in page


def test_json_and_csv_carry_the_relevance(client, assessment):
    key = _first_key(assessment)
    _set_relevance(assessment, key, "not_relevant")
    token = {"token": assessment.token}

    data = client.get(reverse("reports:results_json", kwargs=token)).json()
    questions = {q["key"]: q for p in data["pillars"] for q in p["questions"]}
    assert questions[key]["relevance"] == "not_relevant"
    assert questions[key]["relevance_factor"] == 0
    others = [q for k, q in questions.items() if k != key]
    assert all(q["relevance"] is None and q["relevance_factor"] == 1 for q in others)

    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("reports:answers_csv", kwargs=token)).content.decode("utf-8-sig")
            )
        )
    )
    column = rows[0].index("relevance")
    by_key = {row[2]: row[column] for row in rows[1:]}
    assert by_key[key] == "not_relevant"
    assert by_key[next(k for k in by_key if k != key)] == ""


def test_relevance_leaves_the_score_and_drops_the_next_step(assessment):
    key = _first_key(assessment)
    answer(assessment, key, 2)
    before = scored_assessment(assessment).result
    _set_relevance(assessment, key, "not_relevant")
    scored = scored_assessment(assessment)
    with translation.override("en"):
        view = build_report_context(scored).pillars[0].questions[0]
        assert view.relevance_label == "Not relevant (× 0)"

    assert scored.result.pillars[0].raw_score == before.pillars[0].raw_score
    assert key in {s.question_key for s in before.next_steps}
    assert key not in {s.question_key for s in scored.result.next_steps}
