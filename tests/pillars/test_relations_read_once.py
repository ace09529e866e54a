"""A kept catalog's relations are read once per object: `Pillar.question_list`,
`Question.levels_by_number` and `Question.recommendations_by_level` (issue 13).

The results page, the questionnaire and the review ask every question of the catalog for its
levels on every request; each `.levels.all()` built a manager and a queryset again.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from assessment.actions import action_from_step
from assessment.selectors import action_plan, pillars_with_questions, review_page
from assessment.services import assessment_finish
from pillars.models import LevelDescriptor, Pillar, Question, Recommendation
from reports.context import build_report_context
from reports.plan_context import plan_view
from reports.selectors import scored_assessment
from tests.factories import answer_all, load_catalog_v2, start_assessment

pytestmark = pytest.mark.django_db


def _refuse(name: str):
    def read(_instance):
        raise AssertionError(f"{name} read again from a kept catalog object")

    return property(read)


def test_the_lists_hold_what_the_relations_hold_in_their_order(catalog):
    assessment = start_assessment(catalog)
    pillars = pillars_with_questions(assessment, recommendations=True)
    for pillar in pillars:
        assert pillar.question_list == list(pillar.questions.all())
        for question in pillar.question_list:
            levels = sorted(question.levels.all(), key=lambda level: level.level)
            assert list(question.levels_by_number) == [level.level for level in levels]
            assert list(question.levels_by_number.values()) == levels
            assert question.recommendations_by_level == {
                item.from_level: item for item in question.recommendations.all()
            }


def test_the_lists_come_from_the_prefetch_without_a_query(catalog, django_assert_num_queries):
    assessment = start_assessment(catalog)
    pillars = pillars_with_questions(assessment, recommendations=True)
    with django_assert_num_queries(0):
        for pillar in pillars:
            for question in pillar.question_list:
                assert len(question.levels_by_number) == 5
                assert question.recommendations_by_level


def test_a_results_page_and_a_review_do_not_read_the_relations_again(monkeypatch):
    catalog = load_catalog_v2()
    assessment = start_assessment(catalog)
    answer_all(assessment)
    assessment_finish(assessment=assessment)
    with translation.override("en"):
        build_report_context(scored_assessment(assessment))  # the catalog kept, its lists read
        review_page(assessment, assessment.participants.get())
        monkeypatch.setattr(Pillar, "questions", _refuse("Pillar.questions"))
        monkeypatch.setattr(Question, "levels", _refuse("Question.levels"))
        monkeypatch.setattr(Question, "recommendations", _refuse("Question.recommendations"))
        report = build_report_context(scored_assessment(assessment))
        review = review_page(assessment, assessment.participants.get())
    assert report.next_steps and all(step.text for step in report.next_steps)
    assert all(view.level_text for pillar in report.pillars for view in pillar.questions)
    assert all(row.level_text for pillar in review.pillars for row in pillar.rows)


def test_the_plan_is_read_without_its_questions(django_assert_num_queries, catalog):
    assessment = start_assessment(catalog)
    with django_assert_num_queries(1) as captured:
        action_plan(assessment)
    assert "pillars_question" not in captured.captured_queries[0]["sql"]


def test_the_plan_knows_its_steps_by_question_key_and_skips_unknown_questions(catalog):
    assessment = start_assessment(catalog)
    first, second = Question.objects.filter(catalog=catalog).order_by("pk")[:2]
    action_from_step(assessment=assessment, question=first, from_level=2)
    action_from_step(assessment=assessment, question=second, from_level=3)
    view = plan_view(action_plan(assessment), {first.pk: first.key})
    assert view.in_plan == frozenset({(first.key, 2)})
    assert view.has_step(first.key, 2)
    assert not view.has_step(second.key, 3)  # not among the keys given: not asked here
    assert len(view.actions) == 2


def test_a_level_or_recommendation_changed_in_a_draft_is_seen_on_a_new_object(small_catalog):
    question = Question.objects.filter(catalog=small_catalog).first()
    assert question.levels_by_number[1].text_de != "Neu"
    LevelDescriptor.objects.filter(question=question, level=1).update(text_de="Neu")
    Recommendation.objects.filter(question=question, from_level=1).update(text_de="Neu")
    fresh = Question.objects.get(pk=question.pk)
    assert fresh.levels_by_number[1].text_de == "Neu"
    assert fresh.recommendations_by_level[1].text_de == "Neu"
