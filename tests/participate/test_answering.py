"""A participant's pages behind their private link: where they land, answering, the state poll,
"done", a closed workshop, and nobody else's answers."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from assessment.models import Answer, Participant, Workshop
from assessment.workshops import (
    participant_finish,
    workshop_close,
    workshop_move,
    workshop_reopen,
    workshop_reveal,
)
from tests.factories import join_workshop, vote

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _url(name: str, participant: Participant, **kwargs: str) -> str:
    return reverse(f"participate:{name}", kwargs={"token": participant.token, **kwargs})


def _keys(workshop: Workshop, pillar: str = "strategy") -> list[str]:
    return list(
        workshop.assessment.catalog.questions.filter(pillar__key=pillar)
        .order_by("order")
        .values_list("key", flat=True)
    )


def _stored(participant: Participant) -> dict[str, tuple]:
    return {
        key: (status, level, target, comment)
        for key, status, level, target, comment in Answer.objects.filter(
            participant=participant
        ).values_list("question__key", "status", "level", "target", "comment")
    }


def _autosave(client, participant: Participant, key: str, value: str, **extra: str):
    data = {"question": key, f"{key}-value": value, **extra}
    return client.post(_url("answer", participant), data, headers=HTMX)


# --- Where the private link leads


def test_a_new_participant_starts_at_the_first_pillar(client, anna):
    response = client.get(_url("start", anna))
    assert response["Location"] == _url("pillar", anna, pillar_key="strategy")


def test_a_returning_participant_comes_back_to_their_last_pillar(client, anna, workshop):
    _autosave(client, anna, _keys(workshop, "data")[0], "2")
    response = client.get(_url("start", anna))
    assert response["Location"] == _url("pillar", anna, pillar_key="data")


def test_a_finished_participant_comes_back_to_the_waiting_page(client, anna):
    participant_finish(participant=anna)
    assert client.get(_url("start", anna))["Location"] == _url("done", anna)


def test_facilitator_paced_phones_land_on_the_facilitators_pillar(client, paced):
    workshop_move(workshop=paced, pillar_key="it")
    late = join_workshop(paced, role="IT")
    assert client.get(_url("start", late))["Location"] == _url("pillar", late, pillar_key="it")
    # Another pillar's address leads back to the facilitator's.
    other = client.get(_url("pillar", late, pillar_key="strategy"))
    assert other.status_code == 302
    assert other["Location"] == _url("pillar", late, pillar_key="it")
    page = client.get(_url("pillar", late, pillar_key="it")).content.decode()
    assert 'data-follow="true"' in page
    assert 'data-pillar="it"' in page
    assert 'data-testid="next"' not in page and 'data-testid="previous"' not in page


def test_self_paced_participants_move_freely(client, anna):
    response = client.get(_url("pillar", anna, pillar_key="data"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-follow="false"' in page
    assert 'data-testid="next"' in page and 'data-testid="previous"' in page


def test_an_unknown_pillar_is_404(client, anna):
    assert client.get(_url("pillar", anna, pillar_key="nope")).status_code == 404


# --- The page


def test_the_page_shows_levels_dont_know_and_not_applicable_but_no_target(client, anna, workshop):
    response = client.get(_url("pillar", anna, pillar_key="strategy"))
    page = response.content.decode()
    key = _keys(workshop)[0]
    assert response.status_code == 200
    assert page.count('class="card kk-card kk-question') == 6
    for value in ("1", "2", "3", "4", "5", "dont_know", "n_a"):
        assert f'name="{key}-value" value="{value}"' in page
    assert "Q1.1 level 3 (de)" in page
    assert f'name="{key}-comment"' in page
    assert f'name="{key}-target"' not in page
    assert f'name="{key}-seen"' not in page  # no changed-elsewhere checks for participants
    assert f'hx-post="{_url("answer", anna)}"' in page
    assert _url("link", anna) in page  # the private link, small, on every page
    assert _url("state", anna) in page


def test_the_page_costs_a_fixed_number_of_queries(
    client, anna, workshop, django_assert_num_queries
):
    for key in _keys(workshop)[:3]:
        vote(anna, key, 4)
    url = _url("pillar", anna, pillar_key="strategy")
    # participant+workshop · pillars · questions · levels · answers
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


def test_the_stored_answer_is_checked_on_the_page(client, anna, workshop):
    key = _keys(workshop)[1]
    vote(anna, key, 4)
    page = client.get(_url("pillar", anna, pillar_key="strategy")).content.decode()
    assert f'name="{key}-value" value="4" checked' in page


# --- Autosave


def test_an_autosaved_answer_is_stored_and_acknowledged(client, anna, workshop):
    key = _keys(workshop)[0]
    response = _autosave(client, anna, key, "4", **{f"{key}-comment": "  eher gut "})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Gespeichert" in body
    assert 'id="kk-progress"' in body and 'hx-swap-oob="true"' in body
    assert "1 von 36 Fragen beantwortet" in body
    assert _stored(anna) == {key: ("level", 4, None, "eher gut")}


def test_a_target_level_is_not_taken_from_participants(client, anna, workshop):
    key = _keys(workshop)[0]
    _autosave(client, anna, key, "2", **{f"{key}-target": "5"})
    assert _stored(anna) == {key: ("level", 2, None, "")}


def test_the_autosave_costs_a_fixed_number_of_queries(
    client, anna, workshop, django_assert_num_queries
):
    key = _keys(workshop)[0]
    vote(anna, key, 2)
    # participant · (savepoint, lock, stored, update, release) · the answers for the progress;
    # the first autosave of a process also loads the catalog: its questions by key, then
    # pillars · questions · levels (pillars.catalog_cache).
    with django_assert_num_queries(7 + 4):
        assert _autosave(client, anna, key, "3").status_code == 200
    with django_assert_num_queries(7):
        assert _autosave(client, anna, key, "4").status_code == 200


def test_two_tabs_and_double_submits_leave_one_answer_the_last(client, anna, workshop):
    key = _keys(workshop)[0]
    for value in ("2", "5", "5", "dont_know", "3"):
        assert _autosave(client, anna, key, value).status_code == 200
    # A tab that still sends an old version is not refused either: the last answer wins.
    stale = _autosave(client, anna, key, "1", **{f"{key}-seen": "12345"})
    assert stale.status_code == 200
    assert Answer.objects.filter(participant=anna, question__key=key).count() == 1
    assert _stored(anna) == {key: ("level", 1, None, "")}


@pytest.mark.parametrize(
    ("value", "extra", "message"),
    [
        ("6", {}, "eine der fünf Stufen"),
        ("drei", {}, "eine der fünf Stufen"),
        ("3", {"comment": "x" * 2001}, "unter 2000 Zeichen"),
        ("3", {"comment": "bad\x00"}, "Nullzeichen sind nicht erlaubt"),
    ],
)
def test_bad_answers_are_refused_with_a_message_and_change_nothing(
    client, anna, workshop, value, extra, message
):
    key = _keys(workshop)[0]
    vote(anna, key, 2)
    data = {f"{key}-{name}": text for name, text in extra.items()}
    response = _autosave(client, anna, key, value, **data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert _stored(anna) == {key: ("level", 2, None, "")}


def test_a_question_of_another_catalog_is_refused(client, anna):
    response = _autosave(client, anna, "nope", "3")
    assert response.status_code == 422
    assert "nicht Teil dieses Workshops" in response.content.decode()
    assert not Answer.objects.exists()


def test_without_javascript_the_autosave_returns_to_the_page(client, anna, workshop):
    key = _keys(workshop, "it")[0]
    response = client.post(_url("answer", anna), {"question": key, f"{key}-value": "3"})
    assert response["Location"] == _url("pillar", anna, pillar_key="it")
    assert _stored(anna) == {key: ("level", 3, None, "")}


# --- The page form (the fallback)


def test_the_page_form_saves_what_it_sent_and_moves_on(client, anna, workshop):
    first, second, third = _keys(workshop)[:3]
    vote(anna, third, 5)  # answered in another tab; this page does not send it
    response = client.post(
        _url("pillar", anna, pillar_key="strategy"),
        {f"{first}-value": "2", f"{second}-value": "n_a", "goto": "processes"},
    )
    assert response["Location"] == _url("pillar", anna, pillar_key="processes")
    assert _stored(anna) == {
        first: ("level", 2, None, ""),
        second: ("n_a", None, None, ""),
        third: ("level", 5, None, ""),
    }


def test_the_page_form_keeps_good_answers_and_marks_bad_ones(client, anna, workshop):
    first, second = _keys(workshop)[:2]
    response = client.post(
        _url("pillar", anna, pillar_key="strategy"),
        {f"{first}-value": "2", f"{second}-value": "9", "goto": "processes"},
    )
    assert response.status_code == 400
    assert "eine der fünf Stufen" in response.content.decode()
    assert _stored(anna) == {first: ("level", 2, None, "")}


def test_the_last_pillar_leads_to_done(client, anna, workshop):
    assert anna.finished_at is None
    response = client.post(_url("pillar", anna, pillar_key="controlling"), {"goto": "done"})
    assert response["Location"] == _url("done", anna)
    anna.refresh_from_db()
    assert anna.finished_at is not None  # the facilitator's board counts them finished


def test_next_on_a_middle_pillar_does_not_finish(client, anna, workshop):
    client.post(_url("pillar", anna, pillar_key="strategy"), {"goto": "processes"})
    anna.refresh_from_db()
    assert anna.finished_at is None


def test_facilitator_paced_page_form_returns_to_the_facilitators_pillar(client, paced):
    participant = join_workshop(paced, role="IT")
    key = _keys(paced)[0]
    workshop_move(workshop=paced, pillar_key="data")  # moved on while the form was open
    response = client.post(
        _url("pillar", participant, pillar_key="strategy"), {f"{key}-value": "3"}
    )
    assert response["Location"] == _url("start", participant)
    assert _stored(participant) == {key: ("level", 3, None, "")}  # nothing lost


# --- Nobody else's answers


def test_a_wrong_link_is_404(client, anna):
    wrong = "Z" * 43
    for name in ("start", "link", "state", "done"):
        assert (
            client.get(reverse(f"participate:{name}", kwargs={"token": wrong})).status_code == 404
        )
    response = client.post(
        reverse("participate:answer", kwargs={"token": wrong}),
        {"question": "strategy_q1", "strategy_q1-value": "3"},
    )
    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_another_participants_link_neither_shows_nor_changes_your_answers(
    client, anna, ben, workshop
):
    key = _keys(workshop)[0]
    vote(anna, key, 5)
    page = client.get(_url("pillar", ben, pillar_key="strategy")).content.decode()
    assert f'name="{key}-value" value="5" checked' not in page
    assert " checked" not in page
    _autosave(client, ben, key, "1")
    assert _stored(anna) == {key: ("level", 5, None, "")}
    assert _stored(ben) == {key: ("level", 1, None, "")}


# --- The state poll


def _state(client, participant: Participant, etag: str = ""):
    headers = {"If-None-Match": etag} if etag else {}
    return client.get(_url("state", participant), headers=headers)


def test_the_state_says_pillar_reveal_and_closed(client, paced):
    participant = join_workshop(paced, role="IT")
    response = _state(client, participant)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["ETag"].startswith('"state-')
    assert json.loads(response.content) == {
        "pillar": "strategy",
        "pillar_url": _url("pillar", participant, pillar_key="strategy"),
        "follow": True,
        "revealed": [],
        "team_url": None,
        "closed": False,
    }


def test_an_unchanged_state_answers_304_until_the_facilitator_acts(client, paced):
    participant = join_workshop(paced, role="IT")
    etag = _state(client, participant)["ETag"]
    unchanged = _state(client, participant, etag)
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etag
    vote(participant, _keys(paced)[0], 3)  # answers are not the phones' business
    assert _state(client, participant, etag).status_code == 304

    workshop_move(workshop=paced, pillar_key="data")
    moved = _state(client, participant, etag)
    assert moved.status_code == 200
    assert json.loads(moved.content)["pillar_url"] == _url("pillar", participant, pillar_key="data")
    etag = moved["ETag"]

    workshop_reveal(workshop=paced, pillar_key="strategy")
    revealed = _state(client, participant, etag)
    assert json.loads(revealed.content)["revealed"] == ["strategy"]
    etag = revealed["ETag"]

    workshop_close(workshop=paced)
    closed = _state(client, participant, etag)
    assert json.loads(closed.content)["closed"] is True


def test_the_state_poll_costs_one_query(client, paced, django_assert_num_queries):
    participant = join_workshop(paced, role="IT")
    etag = _state(client, participant)["ETag"]
    with django_assert_num_queries(1):
        assert _state(client, participant, etag).status_code == 304
    with django_assert_num_queries(1):
        assert _state(client, participant).status_code == 200


def test_the_state_url_follows_the_language(client, paced):
    participant = join_workshop(paced, role="IT")
    german = _state(client, participant)
    danish = client.get(f"/da/w/{participant.token}/state/")
    assert json.loads(danish.content)["pillar_url"].startswith("/da/")
    assert danish["ETag"] != german["ETag"]


# --- Done, and the reveal


def test_done_marks_the_participant_finished_and_shows_the_waiting_page(client, anna):
    response = client.post(_url("done", anna))
    anna.refresh_from_db()
    assert anna.finished_at is not None
    assert response["Location"] == _url("done", anna)
    page = client.get(_url("done", anna)).content.decode()
    assert "Vielen Dank" in page
    assert "wenn die Moderation sie freigibt" in page
    assert 'data-testid="team-box" hidden' in page
    assert _url("state", anna) in page


def test_after_the_reveal_the_phones_link_the_team_view(client, anna, workshop):
    from assessment.participant_views import team_url

    workshop_reveal(workshop=workshop)
    state = json.loads(_state(client, anna).content)
    assert state["revealed"] == ["strategy", "processes", "it", "data", "campaigns", "controlling"]
    assert state["team_url"] == team_url(anna)
    page = client.get(_url("done", anna)).content.decode()
    if team_url(anna) is None:  # the reports app's team view is not there yet
        assert 'data-testid="team-box" hidden' in page
    else:
        assert f'href="{team_url(anna)}"' in page


# --- A closed workshop


def test_a_closed_workshop_refuses_answers_and_changes_nothing(client, anna, workshop):
    key = _keys(workshop)[0]
    vote(anna, key, 2)
    workshop_close(workshop=workshop)
    late = _autosave(client, anna, key, "5")
    assert late.status_code == 422
    assert "Der Workshop ist geschlossen" in late.content.decode()
    page_post = client.post(_url("pillar", anna, pillar_key="strategy"), {f"{key}-value": "5"})
    assert page_post.status_code == 302
    assert _stored(anna) == {key: ("level", 2, None, "")}
    page = client.get(_url("pillar", anna, pillar_key="strategy")).content.decode()
    assert '<fieldset class="kk-cards" disabled>' in page
    assert 'data-testid="read-only"' in page
    assert 'data-testid="next"' not in page


def test_a_reopened_workshop_takes_answers_again(client, anna, workshop):
    key = _keys(workshop)[0]
    workshop_close(workshop=workshop)
    workshop_reopen(workshop=workshop)
    assert _autosave(client, anna, key, "4").status_code == 200
    assert _stored(anna) == {key: ("level", 4, None, "")}


@pytest.mark.parametrize("language", ["de", "en", "da"])
def test_the_participant_pages_speak_every_language(client, anna, language):
    for name, kwargs in (("link", {}), ("pillar", {"pillar_key": "strategy"}), ("done", {})):
        response = client.get(f"/{language}" + _url(name, anna, **kwargs)[3:])
        assert response.status_code == 200, name
        assert f'lang="{language}"' in response.content.decode()
