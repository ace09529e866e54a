"""Two windows on one private link: the later save never silently undoes the other's answer."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessment.models import NO_ANSWER_VERSION, Answer, AnswerStatus, answer_version
from assessment.services import AnswerInput, answers_save
from assessment.values import NOTHING_PICKED, AnswerValue


def level(value: int) -> AnswerValue:
    return AnswerValue(status=AnswerStatus.LEVEL, level=value)


@pytest.fixture
def participant(assessment):
    return assessment.participants.get()


@pytest.fixture
def question(assessment):
    return assessment.catalog.questions.get(key="strategy_target_groups")


def _stored_level(participant, question):
    answer = Answer.objects.filter(participant=participant, question=question).first()
    return answer.level if answer else None


# --- the service: (what the page showed, what is stored now, what is posted) → saved?


def test_a_save_over_what_the_page_showed_goes_through(participant, question):
    first = answers_save(participant=participant, answers=[AnswerInput(question, level(2))])
    seen = first.versions[question.pk]
    outcome = answers_save(
        participant=participant, answers=[AnswerInput(question, level(4), seen=seen)]
    )
    assert outcome.conflicts == () and outcome.saved == 1
    assert _stored_level(participant, question) == 4
    assert outcome.versions[question.pk] != seen  # the next save must say it saw this one


def test_a_save_over_an_answer_given_elsewhere_meanwhile_is_refused(participant, question):
    # Window A loaded the page with no answer; window B answered 2 meanwhile.
    answers_save(participant=participant, answers=[AnswerInput(question, level(2))])
    outcome = answers_save(
        participant=participant,
        answers=[AnswerInput(question, level(4), seen=NO_ANSWER_VERSION)],
    )
    assert outcome.conflicts == (question,) and outcome.saved == 0
    assert _stored_level(participant, question) == 2


def test_a_later_change_elsewhere_is_kept_too(participant, question):
    seen = answers_save(
        participant=participant, answers=[AnswerInput(question, level(2))]
    ).versions[question.pk]
    answers_save(participant=participant, answers=[AnswerInput(question, level(3), seen=seen)])
    outcome = answers_save(
        participant=participant, answers=[AnswerInput(question, level(5), seen=seen)]
    )
    assert outcome.conflicts == (question,)
    assert _stored_level(participant, question) == 3


def test_emptying_an_answer_given_elsewhere_is_refused(participant, question):
    answers_save(participant=participant, answers=[AnswerInput(question, level(2))])
    outcome = answers_save(
        participant=participant,
        answers=[AnswerInput(question, NOTHING_PICKED, seen=NO_ANSWER_VERSION)],
    )
    assert outcome.conflicts == (question,)
    assert _stored_level(participant, question) == 2


def test_posting_what_is_stored_is_no_conflict(participant, question):
    answers_save(participant=participant, answers=[AnswerInput(question, level(2))])
    outcome = answers_save(
        participant=participant,
        answers=[AnswerInput(question, level(2), seen=NO_ANSWER_VERSION)],
    )
    assert outcome.conflicts == () and outcome.unchanged == 1


def test_without_a_version_the_save_goes_through(participant, question):
    """Imports and clients that send no version are not checked."""
    answers_save(participant=participant, answers=[AnswerInput(question, level(2))])
    answers_save(participant=participant, answers=[AnswerInput(question, level(5))])
    assert _stored_level(participant, question) == 5


def test_a_deleted_answer_has_the_no_answer_version(participant, question):
    seen = answers_save(
        participant=participant, answers=[AnswerInput(question, level(2))]
    ).versions[question.pk]
    outcome = answers_save(
        participant=participant, answers=[AnswerInput(question, NOTHING_PICKED, seen=seen)]
    )
    assert outcome.versions[question.pk] == NO_ANSWER_VERSION
    assert answer_version(None) == NO_ANSWER_VERSION


# --- the pages: two browsers on one link


def _seen_on_page(client, assessment) -> str:
    url = reverse("assessment:pillar", kwargs={"token": assessment.token, "pillar_key": "strategy"})
    page = client.get(url).content.decode()
    return re.search(r'name="strategy_target_groups-seen" id="[^"]+" value="(\d+)"', page).group(1)


def _autosave(client, assessment, value: str, seen: str):
    return client.post(
        reverse("assessment:answer", kwargs={"token": assessment.token}),
        {
            "question": "strategy_target_groups",
            "strategy_target_groups-value": value,
            "strategy_target_groups-seen": seen,
        },
        headers={"HX-Request": "true"},
    )


def test_two_browsers_autosaving_the_same_question(client, assessment, participant, question):
    from django.test import Client

    other = Client()
    seen_a = _seen_on_page(client, assessment)
    seen_b = _seen_on_page(other, assessment)
    assert seen_a == seen_b == NO_ANSWER_VERSION

    first = _autosave(client, assessment, "3", seen_a)
    assert first.status_code == 200
    new_seen = re.search(r'-seen" value="(\d+)" hx-swap-oob="true"', first.content.decode())
    assert new_seen is not None and new_seen.group(1) != NO_ANSWER_VERSION

    refused = _autosave(other, assessment, "5", seen_b)
    assert refused.status_code == 422
    assert "in einem anderen Fenster" in refused.content.decode()
    assert _stored_level(participant, question) == 3

    # Browser A goes on clicking: its card carries the version of its own last save.
    assert _autosave(client, assessment, "4", new_seen.group(1)).status_code == 200
    assert _stored_level(participant, question) == 4


def test_a_page_submit_keeps_the_newer_answer_and_saves_the_rest(client, assessment, participant):
    url = reverse("assessment:pillar", kwargs={"token": assessment.token, "pillar_key": "strategy"})
    seen = _seen_on_page(client, assessment)
    keys = list(
        assessment.catalog.questions.filter(pillar__key="strategy").values_list("key", flat=True)
    )
    other_key = next(key for key in keys if key != "strategy_target_groups")
    # Meanwhile another window answers the first question.
    _autosave(client, assessment, "2", seen)
    response = client.post(
        url,
        {
            "strategy_target_groups-value": "5",
            "strategy_target_groups-seen": seen,
            f"{other_key}-value": "4",
            f"{other_key}-seen": NO_ANSWER_VERSION,
        },
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "in einem anderen Fenster" in page
    levels = dict(
        Answer.objects.filter(participant=participant).values_list("question__key", "level")
    )
    assert levels == {"strategy_target_groups": 2, other_key: 4}
    # The card shows the newer answer, checked, and carries its version for the next try.
    card = page[page.index('id="q-strategy_target_groups"') :]
    card = card[: card.index("kk-question mb-4")]
    assert 'value="2" checked' in card and 'value="5" checked' not in card
    assert f'value="{seen}"' not in card


def test_an_unchanged_answer_reports_its_stored_version(participant, question):
    first = answers_save(participant=participant, answers=[AnswerInput(question, level(2))])
    again = answers_save(participant=participant, answers=[AnswerInput(question, level(2))])
    assert again.unchanged == 1
    assert again.versions[question.pk] == first.versions[question.pk] != NO_ANSWER_VERSION


def test_an_answer_deleted_elsewhere_is_not_answered_over_but_may_stay_empty(participant, question):
    seen = answers_save(
        participant=participant, answers=[AnswerInput(question, level(2))]
    ).versions[question.pk]
    answers_save(participant=participant, answers=[AnswerInput(question, NOTHING_PICKED)])
    refused = answers_save(
        participant=participant, answers=[AnswerInput(question, level(4), seen=seen)]
    )
    assert refused.conflicts == (question,)
    assert _stored_level(participant, question) is None
    emptied = answers_save(
        participant=participant, answers=[AnswerInput(question, NOTHING_PICKED, seen=seen)]
    )
    assert emptied.conflicts == () and emptied.unchanged == 1
