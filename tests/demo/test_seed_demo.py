"""manage.py seed_demo: what it creates, what it refuses, and that a second run changes nothing."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from assessment.models import Action, Answer, Assessment, Consensus, Organisation, Participant
from reports.kpi_inputs_form import KpiInputsForm, initial_from
from reports.kpi_section import kpi_results
from reports.scoring import question_spread
from tests.factories import make_consultant, start_assessment

DEMO_EMAIL = "demo@kundenkompass.example"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> tuple[int, ...]:
    return (
        get_user_model().objects.count(),
        Organisation.objects.count(),
        Assessment.objects.count(),
        Participant.objects.count(),
        Answer.objects.count(),
        Consensus.objects.count(),
        Action.objects.count(),
    )


@pytest.fixture
def seeded(catalog, monkeypatch):
    monkeypatch.setenv("KK_PASSWORD", "demo-Passwort-2026")
    return run()


def test_creates_the_consultant_client_workshop_baseline_plan_and_self_assessment(seeded, catalog):
    questions = catalog.questions.count()
    assert questions == 43
    user = get_user_model().objects.get()
    assert user.username == DEMO_EMAIL
    assert user.check_password("demo-Passwort-2026")
    assert "demo-Passwort-2026" in seeded and DEMO_EMAIL in seeded

    assert sorted(Organisation.objects.values_list("is_sample", flat=True)) == [True, True]
    client = Organisation.objects.get(workspace=user.membership.workspace)
    own = Organisation.objects.get(workspace=None)

    workshop_assessment = Assessment.objects.get(organisation=client, mode="distributed")
    earlier = Assessment.objects.get(organisation=client, mode="facilitated")
    assert workshop_assessment.baseline == earlier
    assert earlier.is_completed and workshop_assessment.is_completed
    assert earlier.completed_at < workshop_assessment.completed_at
    workshop = workshop_assessment.workshop
    assert workshop.closed_at is not None
    assert workshop.revealed_pillar_keys == list(
        catalog.pillars.order_by("order").values_list("key", flat=True)
    )

    people = workshop_assessment.participants.order_by("pk")
    assert people.count() == 8
    assert all(p.finished_at and p.name and p.role for p in people)
    # Every participant answered every question (one "don't know" pattern for the last one).
    assert Answer.objects.filter(participant__assessment=workshop_assessment).count() == 8 * 43
    assert earlier.participants.get().answers.count() == 43

    # The divergent question with a consensus: levels 1..5 among the team, agreed on 3.
    levels = list(
        Answer.objects.filter(
            participant__assessment=workshop_assessment, question__key="strategy_goals_vision"
        ).values_list("level", flat=True)
    )
    assert sorted(levels) == [1, 2, 2, 3, 3, 4, 4, 5]
    spread = question_spread("strategy_goals_vision", levels)
    assert spread is not None and spread.divergent
    consensus = Consensus.objects.get(
        assessment=workshop_assessment, question__key="strategy_goals_vision"
    )
    assert consensus.level == 3 and consensus.note and consensus.minority_note
    assert Consensus.objects.filter(assessment=workshop_assessment).count() == 2

    statuses = sorted(workshop_assessment.actions.values_list("status", flat=True))
    assert statuses == ["done", "in_progress", "in_progress", "open", "open"]
    assert all(a.owner and a.due_date for a in workshop_assessment.actions.all())

    self_assessment = Assessment.objects.get(organisation=own)
    assert self_assessment.mode == "self" and self_assessment.is_completed
    assert self_assessment.participants.get().answers.count() == 43
    assert f"/de/a/{self_assessment.token}/" in seeded


def test_the_workshop_has_kpi_figures_that_the_form_accepts_and_all_four_kpis(seeded):
    assessment = Assessment.objects.get(mode="distributed")
    inputs = assessment.kpi_inputs
    # The figures pass the page's own form unchanged, so a user can open and save them again.
    form = KpiInputsForm(data=initial_from(inputs))
    values = form.clean_values()
    assert values is not None and not form.has_errors
    assert all(values[name] is not None for name in values if name != "years")
    results = kpi_results(inputs)
    assert set(results) == {"nps", "churn", "clv", "customer_value"}
    assert results["nps"].score == pytest.approx(100 * (49 - 22) / 105)
    assert 0.05 < results["churn"].annual_churn < 0.10
    assert results["clv"].years_from_churn == pytest.approx(0.08)
    assert results["clv"].clv > 0
    # Only the workshop has figures: the earlier assessment and the self-assessment have none.
    assert not Assessment.objects.exclude(pk=assessment.pk).filter(kpi_inputs__isnull=False)


def test_the_workshop_results_show_the_kpis_and_the_plan(seeded, client):
    assessment = Assessment.objects.get(mode="distributed")
    client.force_login(get_user_model().objects.get())
    page = client.get(f"/de/a/{assessment.token}/results/").content.decode()
    assert 'data-testid="kpi-section"' in page
    for key in ("nps", "churn", "clv", "customer_value"):
        assert f'data-testid="kpi-{key}"' in page
    assert 'data-testid="plan-summary"' in page
    for action in assessment.actions.all():
        assert action.title in page
    assert f"/de/a/{assessment.token}/actions/" in page
    for status in ("Erledigt", "In Bearbeitung", "Offen"):
        assert status in page


def test_the_leadership_rates_some_questions_higher(seeded):
    assessment = Assessment.objects.get(mode="distributed")
    leadership = assessment.workshop.leadership_role
    assert leadership == "Geschäftsleitung"
    higher = 0
    for key in set(Answer.objects.values_list("question__key", flat=True)):
        rows = Answer.objects.filter(
            participant__assessment=assessment, question__key=key, level__isnull=False
        )
        lead = [a.level for a in rows if a.participant.role == leadership]
        rest = [a.level for a in rows if a.participant.role != leadership]
        if sum(lead) / len(lead) > sum(rest) / len(rest) + 0.5:
            higher += 1
    assert 3 <= higher <= 20


def test_a_second_run_says_it_is_there_and_changes_nothing(seeded):
    before = row_counts()
    output = run()
    assert "there already" in output
    assert row_counts() == before


def test_if_empty_does_nothing_when_the_database_holds_an_organisation(catalog):
    start_assessment(catalog, name="Echte Kunde AG")
    before = row_counts()
    assert run("--if-empty") == ""
    assert row_counts() == before


def test_if_empty_on_an_empty_database_creates_the_demo(catalog):
    output = run("--if-empty", "--base-url", "http://127.0.0.1:8080")
    assert "http://127.0.0.1:8080/de/accounts/login/" in output
    assert Organisation.objects.filter(is_sample=True).count() == 2


@pytest.mark.parametrize("other", ["organisation", "user"])
def test_refuses_a_database_with_other_data(catalog, other):
    if other == "organisation":
        start_assessment(catalog, name="Echte Kunde AG")
    else:
        make_consultant(email="petra@beratung.example")
    before = row_counts()
    with pytest.raises(CommandError, match="not demo data"):
        run()
    assert row_counts() == before


def test_refuses_without_a_published_catalog(db):
    with pytest.raises(CommandError, match="load_catalog"):
        run()
    assert row_counts() == (0, 0, 0, 0, 0, 0, 0)
