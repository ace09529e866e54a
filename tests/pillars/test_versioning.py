"""Published versions are frozen; changes go into a copied draft that is then published."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from pillars.models import CatalogVersion, LevelDescriptor, Pillar, Question, Recommendation
from pillars.selectors import catalog_export
from pillars.services import catalog_version_copy, catalog_version_publish
from tests.factories import load_generated_catalog

MODELS = (CatalogVersion, Pillar, Question, LevelDescriptor, Recommendation)


def admin_url(name: str, args: list[Any] | None = None) -> str:
    # The admin lives under /de/. Pin the prefix: reverse() follows whatever language an earlier
    # test's request left active in this thread.
    with translation.override("de"):
        return reverse(name, args=args)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def content(catalog: CatalogVersion) -> dict[str, Any]:
    exported = catalog_export(catalog)
    del exported["version"], exported["published"]
    return exported


def question_form_data(question: Question, **changes: Any) -> dict[str, Any]:
    """The question's change form as the admin renders it, with `changes` applied."""
    data: dict[str, Any] = {
        "catalog": question.catalog_id,
        "pillar": question.pillar_id,
        "key": question.key,
        "order": question.order,
        "weight": question.weight,
        "business_models": question.business_models,
    }
    for field in ("text", "help"):
        for language in ("de", "en", "da"):
            data[f"{field}_{language}"] = getattr(question, f"{field}_{language}")
    inlines = [
        ("levels", list(question.levels.all()), "level"),
        ("recommendations", list(question.recommendations.all()), "from_level"),
    ]
    for prefix, items, number_field in inlines:
        data |= {
            f"{prefix}-TOTAL_FORMS": len(items),
            f"{prefix}-INITIAL_FORMS": len(items),
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": len(items),
        }
        for index, item in enumerate(items):
            data |= {
                f"{prefix}-{index}-id": item.pk,
                f"{prefix}-{index}-question": question.pk,
                f"{prefix}-{index}-{number_field}": getattr(item, number_field),
            }
            for language in ("de", "en", "da"):
                data[f"{prefix}-{index}-text_{language}"] = getattr(item, f"text_{language}")
    return data | changes


# Services


def test_copy_makes_an_unpublished_version_with_identical_content(small_catalog):
    before = counts()

    draft = catalog_version_copy(source=small_catalog)

    assert (draft.version, draft.published, draft.published_at) == (2, False, None)
    assert content(draft) == content(small_catalog)
    assert counts() == {name: count * 2 for name, count in before.items()}
    # The copy has rows of its own; the source keeps all of its rows.
    assert small_catalog.questions.count() == 36
    assert draft.questions.count() == 36
    assert not set(draft.questions.values_list("pk", flat=True)) & set(
        small_catalog.questions.values_list("pk", flat=True)
    )
    assert set(
        Question.objects.filter(catalog=draft).values_list("pillar__catalog", flat=True)
    ) == {draft.pk}
    assert LevelDescriptor.objects.filter(question__catalog=draft).count() == 36 * 5
    assert Recommendation.objects.filter(question__catalog=draft).count() == 36 * 4
    assert CatalogVersion.objects.current() == small_catalog


def test_editing_the_copy_leaves_the_source_alone(small_catalog):
    source_content = content(small_catalog)
    draft = catalog_version_copy(source=small_catalog)

    question = draft.questions.get(key="it_q2")
    question.text_en = "A better question"
    question.save()
    level = question.levels.get(level=3)
    level.text_da = "En bedre beskrivelse"
    level.save()

    assert content(small_catalog) == source_content
    assert content(draft) != source_content


def test_copy_takes_the_next_free_version_number(db):
    v1 = load_generated_catalog(version=1)
    load_generated_catalog(version=5)

    assert catalog_version_copy(source=v1).version == 6


def test_publish_makes_the_draft_current_once(small_catalog):
    draft = catalog_version_copy(source=small_catalog)

    published = catalog_version_publish(catalog=draft)

    draft.refresh_from_db()
    assert published == draft
    assert draft.published is True
    assert draft.published_at is not None
    assert CatalogVersion.objects.current() == draft
    first_published_at = draft.published_at

    catalog_version_publish(catalog=draft)
    draft.refresh_from_db()
    assert draft.published_at == first_published_at


# Admin


@pytest.mark.parametrize("model", ["catalogversion", "pillar", "question"])
def test_admin_changelists_open(admin_client, small_catalog, model):
    response = admin_client.get(admin_url(f"admin:pillars_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("published", [True, False], ids=["published", "draft"])
def test_admin_change_pages_open(admin_client, small_catalog, published):
    catalog = small_catalog if published else catalog_version_copy(source=small_catalog)
    pillar = catalog.pillars.get(key="data")
    question = catalog.questions.get(key="data_q4")

    for model, obj in [("catalogversion", catalog), ("pillar", pillar), ("question", question)]:
        response = admin_client.get(admin_url(f"admin:pillars_{model}_change", args=[obj.pk]))
        assert response.status_code == 200, model
        assert ('name="_save"' in response.content.decode()) is not published, model


def test_admin_question_page_shows_its_levels_and_recommendations(admin_client, small_catalog):
    question = small_catalog.questions.get(key="data_q4")
    response = admin_client.get(admin_url("admin:pillars_question_change", args=[question.pk]))
    content = response.content.decode()
    assert "Q4.4 level 5 (da)" in content
    assert "Q4.4 step from 4 (en)" in content


def test_a_published_question_cannot_be_changed_in_the_admin(admin_client, small_catalog):
    question = small_catalog.questions.get(key="data_q4")
    url = admin_url("admin:pillars_question_change", args=[question.pk])

    response = admin_client.post(url, question_form_data(question, text_de="Geändert"))

    assert response.status_code == 403
    question.refresh_from_db()
    assert question.text_de == "Question 4.4 (de)"


def test_a_published_catalog_version_cannot_be_changed_in_the_admin(admin_client, small_catalog):
    url = admin_url("admin:pillars_catalogversion_change", args=[small_catalog.pk])

    response = admin_client.post(url, {"version": 7})

    assert response.status_code == 403
    small_catalog.refresh_from_db()
    assert small_catalog.version == 1


def test_a_draft_question_can_be_edited_in_the_admin(admin_client, small_catalog):
    draft = catalog_version_copy(source=small_catalog)
    question = draft.questions.get(key="data_q4")
    url = admin_url("admin:pillars_question_change", args=[question.pk])
    data = question_form_data(question, text_de="Geänderte Frage")
    data["levels-2-text_en"] = "A sharper level 3"

    response = admin_client.post(url, data)

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text_de == "Geänderte Frage"
    assert question.levels.get(level=3).text_en == "A sharper level 3"
    original = small_catalog.questions.get(key="data_q4")
    assert original.text_de == "Question 4.4 (de)"
    assert original.levels.get(level=3).text_en == "Q4.4 level 3 (en)"


def test_a_draft_question_cannot_be_moved_into_a_published_version(admin_client, small_catalog):
    draft = catalog_version_copy(source=small_catalog)
    question = draft.questions.get(key="data_q4")
    published_pillar = small_catalog.pillars.get(key="data")
    url = admin_url("admin:pillars_question_change", args=[question.pk])

    response = admin_client.post(
        url,
        question_form_data(
            question, catalog=small_catalog.pk, pillar=published_pillar.pk, order=9, key="new_q"
        ),
    )

    assert response.status_code == 200  # the form comes back with errors
    assert response.context["adminform"].form.errors.keys() == {"catalog", "pillar"}
    assert small_catalog.questions.count() == 36
    question.refresh_from_db()
    assert (question.catalog, question.key) == (draft, "data_q4")


def test_no_question_can_be_added_to_a_published_version(admin_client, small_catalog):
    pillar = small_catalog.pillars.get(key="data")
    question = pillar.questions.get(key="data_q1")
    data = question_form_data(question, key="data_q7", order=7)
    for prefix in ("levels", "recommendations"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}

    response = admin_client.post(admin_url("admin:pillars_question_add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() == {"catalog", "pillar"}
    assert small_catalog.questions.count() == 36


def test_copy_as_draft_action_creates_a_new_version(admin_client, small_catalog):
    response = admin_client.post(
        admin_url("admin:pillars_catalogversion_changelist"),
        {"action": "copy_as_draft", "_selected_action": [small_catalog.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert list(CatalogVersion.objects.values_list("version", "published")) == [
        (2, False),
        (1, True),
    ]
    draft = CatalogVersion.objects.get(version=2)
    assert content(draft) == content(small_catalog)
    # The admin is at /de/, so the message is in German (once the messages are compiled).
    with translation.override("de"):
        expected = gettext("Created draft %(draft)s.") % {"draft": draft}
    assert [str(message) for message in response.context["messages"]] == [expected]


def test_publish_action_publishes_only_drafts(admin_client, small_catalog):
    draft = catalog_version_copy(source=small_catalog)
    published_at = small_catalog.published_at

    response = admin_client.post(
        admin_url("admin:pillars_catalogversion_changelist"),
        {"action": "publish", "_selected_action": [small_catalog.pk, draft.pk]},
        follow=True,
    )

    with translation.override("de"):
        expected = ngettext("Published %d version.", "Published %d versions.", 1) % 1
    assert [str(message) for message in response.context["messages"]] == [expected]

    draft.refresh_from_db()
    small_catalog.refresh_from_db()
    assert draft.published is True
    assert small_catalog.published_at == published_at
    assert CatalogVersion.objects.current() == draft
