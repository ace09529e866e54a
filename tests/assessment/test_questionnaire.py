from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.models import Answer
from tests.factories import answer, load_generated_catalog, start_assessment


def pillar_url(assessment, key):
    return reverse("assessment:pillar", kwargs={"token": assessment.token, "pillar_key": key})


def answer_url(assessment):
    return reverse("assessment:answer", kwargs={"token": assessment.token})


def first_pillar(assessment):
    return assessment.catalog.pillars.order_by("order").first()


def stored(assessment):
    return {
        a.question.key: (a.status, a.level, a.target, a.comment)
        for a in Answer.objects.filter(participant__assessment=assessment).select_related(
            "question"
        )
    }


def test_pillar_page_shows_questions_and_levels(client, assessment):
    pillar = first_pillar(assessment)
    response = client.get(pillar_url(assessment, pillar.key))
    content = response.content.decode()
    assert response.status_code == 200
    for question in pillar.questions.all():
        assert question.text_de in content
        assert content.count(f'name="{question.key}-value"') == 7  # 5 levels + don't know + n/a
        for level in question.levels.all():
            assert level.text_de in content


def test_page_post_saves_answers_and_goes_on(client, assessment):
    pillar = first_pillar(assessment)
    questions = list(pillar.questions.all())
    data = {
        f"{questions[0].key}-value": "3",
        f"{questions[1].key}-value": "dont_know",
        f"{questions[2].key}-value": "n_a",
        f"{questions[2].key}-target": "5",
        f"{questions[2].key}-comment": "  Wir haben kein Callcenter.  ",
    }
    response = client.post(pillar_url(assessment, pillar.key), data)
    second = assessment.catalog.pillars.get(order=2)
    assert response.status_code == 302
    assert response["Location"] == pillar_url(assessment, second.key)
    assert stored(assessment) == {
        questions[0].key: ("level", 3, None, ""),
        questions[1].key: ("dont_know", None, None, ""),
        questions[2].key: ("n_a", None, 5, "Wir haben kein Callcenter."),
    }


def test_page_post_twice_keeps_one_answer_per_question(client, assessment):
    pillar = first_pillar(assessment)
    key = pillar.questions.first().key
    client.post(pillar_url(assessment, pillar.key), {f"{key}-value": "2"})
    client.post(pillar_url(assessment, pillar.key), {f"{key}-value": "4"})
    assert stored(assessment) == {key: ("level", 4, None, "")}


def test_goto_navigates_after_saving(client, assessment):
    pillar = first_pillar(assessment)
    key = pillar.questions.first().key
    response = client.post(
        pillar_url(assessment, pillar.key), {f"{key}-value": "5", "goto": "review"}
    )
    assert response["Location"] == reverse("assessment:review", kwargs={"token": assessment.token})
    assert stored(assessment)[key][1] == 5


@pytest.mark.parametrize("bad", ["0", "6", "abc", "-1", "3.5", "1 OR 1=1", "level"])
def test_tampered_level_is_refused_and_other_answers_are_kept(client, assessment, bad):
    pillar = first_pillar(assessment)
    good, tampered = list(pillar.questions.all())[:2]
    response = client.post(
        pillar_url(assessment, pillar.key),
        {f"{good.key}-value": "4", f"{tampered.key}-value": bad, f"{tampered.key}-comment": "x"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Bitte wählen Sie eine der fünf Stufen" in content
    # What the user entered is still on the page, and the valid answer was saved.
    assert f'name="{good.key}-value" value="4" checked' in content
    assert stored(assessment) == {good.key: ("level", 4, None, "")}


def test_bad_target_is_refused(client, assessment):
    pillar = first_pillar(assessment)
    key = pillar.questions.first().key
    response = client.post(
        pillar_url(assessment, pillar.key), {f"{key}-value": "2", f"{key}-target": "9"}
    )
    assert response.status_code == 400
    assert stored(assessment) == {}


def test_unknown_pillar_is_404(client, assessment):
    assert client.get(pillar_url(assessment, "nope")).status_code == 404


def test_htmx_answer_saves_one_answer(client, assessment):
    pillar = first_pillar(assessment)
    key = pillar.questions.first().key
    response = client.post(
        answer_url(assessment),
        {"question": key, f"{key}-value": "5", f"{key}-target": "5"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Gespeichert" in content
    assert 'id="kk-progress"' in content and 'hx-swap-oob="true"' in content
    assert stored(assessment) == {key: ("level", 5, 5, "")}


def test_htmx_comment_without_level_is_kept_without_counting(client, assessment):
    pillar = first_pillar(assessment)
    key = pillar.questions.first().key
    client.post(
        answer_url(assessment),
        {"question": key, f"{key}-comment": "Noch offen"},
        headers={"HX-Request": "true"},
    )
    assert stored(assessment) == {key: ("", None, None, "Noch offen")}
    review = client.get(reverse("assessment:review", kwargs={"token": assessment.token}))
    assert "0 von" in review.content.decode()


@pytest.mark.parametrize(
    ("question", "value"),
    [("does_not_exist", "3"), ("", "3")],
)
def test_htmx_unknown_question_is_refused(client, assessment, question, value):
    response = client.post(
        answer_url(assessment),
        {"question": question, f"{question}-value": value},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "nicht Teil Ihrer Einschätzung" in response.content.decode()
    assert stored(assessment) == {}


def test_htmx_question_of_another_catalog_is_refused(client, assessment):
    other = load_generated_catalog(version=99, pillars=6, questions=5)
    foreign = other.questions.exclude(key__in=assessment.catalog.questions.values("key")).first()
    assert foreign is not None
    response = client.post(
        answer_url(assessment),
        {"question": foreign.key, f"{foreign.key}-value": "3"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert stored(assessment) == {}


@pytest.mark.parametrize("bad", ["0", "6", "abc", ""])
def test_htmx_bad_level(client, assessment, bad):
    key = first_pillar(assessment).questions.first().key
    answer(assessment, key, 2)
    response = client.post(
        answer_url(assessment),
        {"question": key, f"{key}-value": bad, f"{key}-target": "x"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert stored(assessment) == {key: ("level", 2, None, "")}


def test_answer_without_htmx_redirects_back(client, assessment):
    key = first_pillar(assessment).questions.first().key
    response = client.post(answer_url(assessment), {"question": key, f"{key}-value": "3"})
    assert response.status_code == 302
    assert stored(assessment)[key][1] == 3


def test_answer_endpoint_refuses_get(client, assessment):
    assert client.get(answer_url(assessment)).status_code == 405


def test_resume_link_returns_to_the_pillar_last_saved(client, assessment):
    last = assessment.catalog.pillars.get(order=4)
    client.post(pillar_url(assessment, last.key), {"goto": last.key})
    response = client.get(assessment.get_absolute_url())
    assert response["Location"] == pillar_url(assessment, last.key)


def test_an_autosave_remembers_its_pillar_for_the_resume_link(client, assessment):
    question = assessment.catalog.pillars.get(order=3).questions.first()
    client.post(
        reverse("assessment:answer", kwargs={"token": assessment.token}),
        {"question": question.key, f"{question.key}-value": "3"},
        headers={"HX-Request": "true"},
    )
    response = client.get(assessment.get_absolute_url())
    assert response["Location"] == pillar_url(assessment, question.pillar.key)


def test_a_get_writes_nothing(client, assessment):
    participant = assessment.participants.get()
    before = (participant.last_pillar_key, assessment.updated_at)
    client.get(pillar_url(assessment, assessment.catalog.pillars.get(order=4).key))
    participant.refresh_from_db()
    assessment.refresh_from_db()
    assert (participant.last_pillar_key, assessment.updated_at) == before


def test_resume_link_of_new_assessment_opens_first_pillar(client, assessment):
    response = client.get(assessment.get_absolute_url())
    assert response["Location"] == pillar_url(assessment, first_pillar(assessment).key)


def test_review_lists_every_question_with_a_link_to_change_it(client, assessment):
    pillar = first_pillar(assessment)
    questions = list(pillar.questions.all())
    answer(assessment, questions[0].key, 3)
    response = client.get(reverse("assessment:review", kwargs={"token": assessment.token}))
    content = response.content.decode()
    for question in questions:
        assert f"{pillar_url(assessment, pillar.key)}#q-{question.key}" in content


def test_finish_and_reopen(client, assessment):
    token = assessment.token
    key = first_pillar(assessment).questions.first().key
    response = client.post(reverse("assessment:finish", kwargs={"token": token}))
    assert response["Location"] == reverse("reports:results", kwargs={"token": token})
    assessment.refresh_from_db()
    assert assessment.is_completed and assessment.completed_at is not None
    # Completed: answers are locked, and the link leads to the result.
    assert client.get(assessment.get_absolute_url())["Location"].endswith("/results/")
    locked = client.post(
        answer_url(assessment),
        {"question": key, f"{key}-value": "3"},
        headers={"HX-Request": "true"},
    )
    assert locked.status_code == 422
    assert stored(assessment) == {}
    client.post(reverse("assessment:reopen", kwargs={"token": token}))
    assessment.refresh_from_db()
    assert not assessment.is_completed
    client.post(
        answer_url(assessment),
        {"question": key, f"{key}-value": "3"},
        headers={"HX-Request": "true"},
    )
    assert stored(assessment)[key][1] == 3


def test_finish_requires_post(client, assessment):
    assert (
        client.get(reverse("assessment:finish", kwargs={"token": assessment.token})).status_code
        == 405
    )


def test_csrf_is_enforced(assessment):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    key = first_pillar(assessment).questions.first().key
    response = strict.post(answer_url(assessment), {"question": key, f"{key}-value": "3"})
    assert response.status_code == 403
    assert stored(assessment) == {}


def test_second_assessment_is_independent(client, catalog):
    mine, theirs = start_assessment(catalog), start_assessment(catalog, name="Other")
    key = first_pillar(mine).questions.first().key
    answer(theirs, key, 1)
    client.post(
        answer_url(mine), {"question": key, f"{key}-value": "5"}, headers={"HX-Request": "true"}
    )
    assert stored(mine) == {key: ("level", 5, None, "")}
    assert stored(theirs) == {key: ("level", 1, None, "")}
