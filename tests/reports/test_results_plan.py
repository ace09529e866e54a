"""The results page shows the action plan's actions and leads to the plan; a share link does not."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from assessment.actions import action_create
from assessment.models import Action, Assessment
from assessment.services import assessment_finish
from assessment.sharing import share_link_create
from tests.factories import answer, make_client, make_client_assessment, make_consultant


@pytest.fixture
def consultant(db):
    return make_consultant()


@pytest.fixture
def completed(consultant, small_catalog) -> Assessment:
    assessment = make_client_assessment(make_client(consultant), small_catalog)
    answer(assessment, "strategy_q1", 3)
    return assessment_finish(assessment=assessment)


def _results(client, assessment: Assessment, language: str = "de") -> str:
    url = reverse("reports:results", kwargs={"token": assessment.token})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_without_actions_the_page_invites_to_start_a_plan(client, completed):
    page = _results(client, completed)
    assert 'data-testid="plan-empty"' in page
    assert 'data-testid="plan-summary"' not in page
    assert reverse("actions:plan", kwargs={"token": completed.token}) in page


def test_the_actions_in_plan_order_with_owner_due_date_and_status(client, completed):
    action_create(assessment=completed, title="Zweite <Aufgabe>", owner="Eva", status="done")
    action_create(
        assessment=completed,
        title="Dritte Aufgabe",
        due_date=datetime.date(2027, 3, 1),
        status=Action.Status.IN_PROGRESS,
    )
    page = _results(client, completed)
    summary = page[page.index('data-testid="plan-summary"') :]
    assert summary.index("Zweite &lt;Aufgabe&gt;") < summary.index("Dritte Aufgabe")
    assert "Eva" in summary and "01.03.2027" in summary
    assert "Erledigt" in summary and "In Bearbeitung" in summary
    assert "<Aufgabe>" not in page


def test_a_share_link_shows_no_plan(client, consultant, completed):
    action_create(assessment=completed, title="Geheime Maßnahme")
    link = share_link_create(assessment=completed, created_by=consultant)
    page = client.get(reverse("reports:shared_results", kwargs={"token": link.token})).content
    assert b"Geheime Ma" not in page
    assert b'data-testid="plan-section"' not in page
