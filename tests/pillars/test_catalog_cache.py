"""The per-process catalog cache: published versions only, never stale."""

from __future__ import annotations

import pytest

from assessment.models import BusinessModel
from assessment.selectors import pillars_with_questions, question_in_catalog
from pillars import catalog_cache
from pillars.models import CatalogVersion, LevelDescriptor, Question
from pillars.services import catalog_version_copy, catalog_version_publish
from tests.factories import load_generated_catalog, start_assessment

pytestmark = pytest.mark.django_db


def _build_counter():
    calls = []

    def build():
        calls.append(1)
        return object()

    return calls, build


def test_published_version_is_built_once(small_catalog):
    calls, build = _build_counter()
    first = catalog_cache.cached(small_catalog, "x", build)
    assert catalog_cache.cached(small_catalog, "x", build) is first
    assert len(calls) == 1
    catalog_cache.cached(small_catalog, "y", build)  # another variant
    assert len(calls) == 2


def test_draft_is_never_cached(small_catalog):
    draft = catalog_version_copy(source=small_catalog)
    calls, build = _build_counter()
    catalog_cache.cached(draft, "x", build)
    catalog_cache.cached(draft, "x", build)
    assert len(calls) == 2


def test_a_reused_pk_does_not_find_the_old_entry(small_catalog):
    catalog_cache.cached(small_catalog, "x", lambda: "old")
    reloaded = CatalogVersion.objects.get(pk=small_catalog.pk)
    assert catalog_cache.cached(reloaded, "x", lambda: "new") == "old"
    # Same pk, other creation time: a version deleted and loaded again, or another test's row.
    CatalogVersion.objects.filter(pk=small_catalog.pk).update(
        created_at=small_catalog.created_at.replace(year=2001)
    )
    recreated = CatalogVersion.objects.get(pk=small_catalog.pk)
    assert catalog_cache.cached(recreated, "x", lambda: "new") == "new"


def test_saving_a_catalog_row_empties_the_cache(small_catalog):
    catalog_cache.cached(small_catalog, "x", lambda: "old")
    level = LevelDescriptor.objects.filter(question__catalog=small_catalog).first()
    level.text_de = "Geändert"
    level.save()
    assert catalog_cache.cached(small_catalog, "x", lambda: "new") == "new"


def test_publishing_empties_the_cache(small_catalog):
    draft = catalog_version_copy(source=small_catalog)
    catalog_cache.cached(small_catalog, "x", lambda: "old")
    catalog_version_publish(catalog=draft)
    assert catalog_cache.cached(small_catalog, "x", lambda: "new") == "new"


def test_pillars_come_from_memory_the_second_time(small_catalog, django_assert_num_queries):
    assessment = start_assessment(small_catalog)
    first = pillars_with_questions(assessment, recommendations=False)
    with django_assert_num_queries(0):
        again = pillars_with_questions(assessment, recommendations=False)
    assert [p.pk for p in again] == [p.pk for p in first]
    assert again is not first  # a list of its own: the caller may reorder it


def test_b2c_wording_is_a_variant_of_its_own(catalog):
    both = start_assessment(catalog)
    b2c = start_assessment(catalog, name="Laden GmbH")
    b2c.organisation.business_model = BusinessModel.B2C
    b2c.organisation.save()
    plain_levels = [
        level
        for pillar in pillars_with_questions(both, recommendations=False)
        for question in pillar.questions.all()
        for level in question.levels.all()
    ]
    b2c_levels = [
        level
        for pillar in pillars_with_questions(b2c, recommendations=False)
        for question in pillar.questions.all()
        for level in question.levels.all()
    ]
    assert not any(level.b2c for level in plain_levels)
    assert b2c_levels and all(level.b2c for level in b2c_levels)
    # The plain variant was not changed by the B2C one.
    assert not any(
        level.b2c
        for pillar in pillars_with_questions(both, recommendations=False)
        for question in pillar.questions.all()
        for level in question.levels.all()
    )


def test_question_in_catalog_only_finds_its_own_catalog(small_catalog):
    newer = load_generated_catalog(version=2, pillars=6, questions=6)
    assessment = start_assessment(small_catalog)
    newer_assessment = start_assessment(newer)
    own = Question.objects.filter(catalog=small_catalog).first()
    assert question_in_catalog(assessment, own.key) == own
    # The same key in the newer version is that version's question.
    assert question_in_catalog(newer_assessment, own.key).catalog_id == newer.pk
    assert question_in_catalog(assessment, "no-such-question") is None
    assert question_in_catalog(assessment, "") is None
