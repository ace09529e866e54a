"""Catalog version 2 in use: business model, relevance, quick check (issue 11 items 7–9)."""

from __future__ import annotations

import math

import pytest
from django.urls import reverse

from assessment.models import Answer, Assessment
from assessment.selectors import pillars_with_questions, questions_of
from pillars.models import CatalogVersion, LevelDescriptor, Question
from pillars.selectors import check_estimates
from reports.selectors import overall_scores
from tests.factories import load_catalog_v2, load_generated_catalog, start_assessment

START = {
    "organisation_name": "Muster AG",
    "industry": "trade",
    "size_band": "10-49",
    "country": "DE",
    "language": "de",
}


@pytest.fixture
def v2(db) -> CatalogVersion:
    return load_catalog_v2()


def test_v2_is_published_and_current(v2):
    assert v2.published
    assert CatalogVersion.objects.current() == v2


def test_the_quick_check_has_two_questions_a_pillar(v2):
    assessment = start_assessment(v2)
    assessment.scope = Assessment.Scope.QUICK
    pillars = pillars_with_questions(assessment, recommendations=False)
    assert [len(p.questions.all()) for p in pillars] == [2] * 6
    assert questions_of(assessment).count() == 12


def test_estimates_are_measured_on_the_texts(v2):
    from django.utils import translation

    with translation.override("de"):
        estimates = check_estimates(v2)
    words = sum(len(pillar.description_de.split()) for pillar in v2.pillars.all())
    quick_words = 0
    for question in Question.objects.filter(catalog=v2).prefetch_related("levels"):
        count = len(question.text_de.split())
        count += sum(len(level.text_de.split()) for level in question.levels.all())
        words += count + len(question.help_de.split())
        # The quick check shows the help collapsed: read on demand, like the evidence.
        quick_words += count if question.quick_check else 0
    assert estimates.full.questions == 46
    assert estimates.full.words == words
    assert estimates.full.minutes == math.ceil((words * 60 / 200 + 46 * 15) / 60)
    assert estimates.quick is not None
    assert estimates.quick.questions == 12
    assert estimates.quick.minutes == math.ceil((quick_words * 60 / 200 + 12 * 15) / 60)
    assert estimates.quick.minutes < estimates.full.minutes


@pytest.mark.parametrize("language", ["de", "en", "da"])
def test_the_quick_check_takes_about_ten_minutes(v2, language):
    """Issue 11: "a 12-question check of about 10 minutes", measured in every language."""
    estimates = check_estimates(v2, language)
    assert estimates.quick is not None
    assert estimates.quick.minutes <= 10
    assert estimates.full.minutes >= 2 * estimates.quick.minutes


def test_the_quick_check_shows_its_explanations_collapsed(v2, client):
    quick = start_assessment(v2)
    Assessment.objects.filter(pk=quick.pk).update(scope=Assessment.Scope.QUICK)
    full = start_assessment(v2, name="Voll AG")
    question = v2.questions.get(key="strategy_target_groups")
    pages = {}
    for name, assessment in (("quick", quick), ("full", full)):
        url = reverse(
            "assessment:pillar", kwargs={"token": assessment.token, "pillar_key": "strategy"}
        )
        pages[name] = client.get(url).content.decode()
    pillar = v2.pillars.get(key="strategy")
    for text in (question.help_de, pillar.description_de):
        assert text in pages["quick"] and text in pages["full"]
    for collapsed in ('data-testid="help-collapsed"', 'data-testid="pillar-intro-collapsed"'):
        assert collapsed in pages["quick"]
        assert collapsed not in pages["full"]
    assert "Was ist gemeint?" in pages["quick"]


def test_a_v1_catalog_offers_no_quick_check(db, client):
    catalog = load_generated_catalog(pillars=2, questions=2)
    assert check_estimates(catalog).quick is None
    response = client.post(reverse("assessment:start"), {**START, "scope": "quick"})
    assert response.status_code == 200
    assert "Diese Checkliste hat keinen Schnellcheck." in response.content.decode()
    assert not Assessment.objects.exists()


def test_the_start_page_offers_both_checks_with_their_times(v2, client):
    page = client.get(reverse("assessment:start")).content.decode()
    estimates = check_estimates(v2, "de")
    assert 'data-testid="start-quick"' in page
    assert f"12 Fragen · etwa {estimates.quick.minutes} Min." in page
    assert f"46 Fragen · etwa {estimates.full.minutes} Min." in page
    home = client.get(reverse("assessment:home")).content.decode()
    assert f"12 Fragen · etwa {estimates.quick.minutes} Min." in home


def test_starting_a_quick_b2c_check(v2, client):
    data = {**START, "scope": "quick", "business_model": "b2c"}
    response = client.post(reverse("assessment:start"), data)
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert assessment.scope == "quick"
    assert assessment.organisation.business_model == "b2c"
    first = assessment.catalog.pillars.order_by("order").first()
    page = client.get(reverse("assessment:pillar", args=[assessment.token, first.key]))
    content = page.content.decode()
    assert content.count('class="card kk-card kk-question') == 2
    assert 'data-testid="quick-check-note"' in content


@pytest.mark.parametrize(("field", "value"), [("scope", "everything"), ("business_model", "b2x")])
def test_bad_start_choices_are_refused(v2, client, field, value):
    response = client.post(reverse("assessment:start"), {**START, field: value})
    assert response.status_code == 200
    assert not Assessment.objects.exists()


def test_extending_keeps_every_answer(v2, client):
    client.post(reverse("assessment:start"), {**START, "scope": "quick"})
    assessment = Assessment.objects.get()
    quick = list(questions_of(assessment))
    participant = assessment.participants.get()
    for question in quick:
        Answer.objects.create(participant=participant, question=question, status="level", level=3)
    assessment.status = Assessment.Status.COMPLETED
    assessment.save()
    response = client.post(reverse("assessment:extend", args=[assessment.token]))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:review", args=[assessment.token])
    assessment.refresh_from_db()
    assert assessment.scope == "full"
    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert participant.answers.count() == 12
    review = client.get(response["Location"]).content.decode()
    assert "12 von 46 Fragen beantwortet" in review


def test_extend_with_a_wrong_token_is_404(v2, client):
    response = client.post(reverse("assessment:extend", args=["x" * 43]))
    assert response.status_code == 404


def test_a_b2b_only_question_is_neither_shown_nor_scored_for_b2c(v2):
    """The catalog's own B2B-only question (buying centre): not asked of a B2C company."""
    question = Question.objects.get(catalog=v2, key="strategy_buying_centre")
    assert question.business_models == "b2b"
    assert list(Question.objects.filter(catalog=v2).exclude(business_models="b2b,b2c")) == [
        question
    ]
    b2c = start_assessment(v2)
    b2c.organisation.business_model = "b2c"
    b2c.organisation.save()
    participant = b2c.participants.get()
    Answer.objects.create(participant=participant, question=question, status="level", level=5)
    assert question not in list(questions_of(b2c))
    assert questions_of(b2c).count() == 45
    pillars = pillars_with_questions(b2c, recommendations=False)
    assert "strategy_buying_centre" not in {q.key for p in pillars for q in p.questions.all()}
    # Its level-5 answer is ignored: with nothing else answered there is no score at all.
    assert overall_scores([Assessment.objects.get(pk=b2c.pk)]) == {b2c.pk: None}
    for model in ("b2b", "both"):
        b2c.organisation.business_model = model
        b2c.organisation.save()
        assert question in list(questions_of(b2c))
        assert questions_of(b2c).count() == 46


def test_a_b2c_company_sees_the_b2c_level_text_on_its_questionnaire(v2, client):
    client.post(reverse("assessment:start"), {**START, "business_model": "b2c"})
    assessment = Assessment.objects.get()
    level = LevelDescriptor.objects.get(
        question__catalog=v2, question__key="data_completeness", level=1
    )
    assert level.b2c_text_de and level.b2c_text_de != level.text_de
    page = client.get(reverse("assessment:pillar", args=[assessment.token, "data"])).content
    assert level.b2c_text_de in page.decode()
    assert level.text_de not in page.decode()
    buying_centre = Question.objects.get(catalog=v2, key="strategy_buying_centre").text_de
    strategy = client.get(reverse("assessment:pillar", args=[assessment.token, "strategy"]))
    assert strategy.status_code == 200
    assert buying_centre not in strategy.content.decode()
    assessment.organisation.business_model = "b2b"
    assessment.organisation.save()
    strategy = client.get(reverse("assessment:pillar", args=[assessment.token, "strategy"]))
    assert buying_centre in strategy.content.decode()


def test_a_b2c_company_reads_the_b2c_wording(v2):
    level = LevelDescriptor.objects.filter(question__catalog=v2).exclude(b2c_text_de="").first()
    assessment = start_assessment(v2)
    assessment.organisation.business_model = "b2c"
    pillars = pillars_with_questions(assessment, recommendations=False)
    shown = {lv.pk: lv.text for p in pillars for q in p.questions.all() for lv in q.levels.all()}
    from django.utils import translation

    with translation.override("de"):
        assert shown[level.pk] == level.b2c_text_de
        assessment.organisation.business_model = "b2b"
        pillars = pillars_with_questions(assessment, recommendations=False)
        b2b = {lv.pk: lv.text for p in pillars for q in p.questions.all() for lv in q.levels.all()}
        assert b2b[level.pk] == level.text_de


def test_relevance_is_saved_by_autosave_and_bad_relevance_refused(v2, client):
    assessment = start_assessment(v2)
    question = questions_of(assessment).first()
    url = reverse("assessment:answer", args=[assessment.token])
    key = question.key
    data = {"question": key, f"{key}-value": "2", f"{key}-relevance": "very_relevant"}
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert Answer.objects.get().relevance == "very_relevant"
    bad = {"question": key, f"{key}-value": "2", f"{key}-relevance": "maybe"}
    response = client.post(url, bad, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert Answer.objects.get().relevance == "very_relevant"


def test_quick_results_are_marked_indicative(v2, client):
    client.post(reverse("assessment:start"), {**START, "scope": "quick"})
    assessment = Assessment.objects.get()
    page = client.get(reverse("reports:results", args=[assessment.token])).content.decode()
    assert 'data-testid="indicative"' in page
    assert 'data-testid="relevance-explained"' in page
