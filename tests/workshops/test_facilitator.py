"""The consultant's side of a workshop: opening it, the facilitator view, its live updates (304
when nothing changed), the projector page and the controls, and 404 for everyone else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.models import Assessment, Workshop
from assessment.workshops import participant_finish, workshop_close
from tests.factories import join_workshop, make_workshop, vote

pytestmark = pytest.mark.django_db


def _url(name: str, workshop: Workshop) -> str:
    return reverse(f"workshops:{name}", kwargs={"assessment_id": workshop.assessment_id})


def _pillar_keys(workshop: Workshop) -> list[str]:
    return list(workshop.assessment.catalog.pillars.order_by("order").values_list("key", flat=True))


def _first_question_key(workshop: Workshop) -> str:
    catalog = workshop.assessment.catalog
    return catalog.questions.order_by("pillar__order", "order").first().key


def test_opening_a_workshop_from_the_client_page(signed_in, kunde, catalog, consultant):
    response = signed_in.post(
        reverse("clients:assessment_new", kwargs={"client_id": kunde.pk}),
        {"mode": "distributed", "language": "en", "naming": "anonymous", "pacing": "facilitator"},
    )
    workshop = Workshop.objects.select_related("assessment").get()
    assessment = workshop.assessment
    assert (assessment.mode, assessment.language, assessment.created_by) == (
        "distributed",
        "en",
        consultant,
    )
    assert (workshop.naming, workshop.pacing) == ("anonymous", "facilitator")
    assert assessment.participants.count() == 0
    assert response.status_code == 302
    assert response["Location"] == _url("facilitator", workshop)


def test_a_workshop_without_pacing_and_naming_is_named_and_self_paced(signed_in, kunde, catalog):
    signed_in.post(
        reverse("clients:assessment_new", kwargs={"client_id": kunde.pk}),
        {"mode": "distributed", "language": "de"},
    )
    workshop = Workshop.objects.get()
    assert (workshop.naming, workshop.pacing) == ("named", "self")


def test_bad_pacing_is_refused_and_nothing_is_created(signed_in, kunde, catalog):
    response = signed_in.post(
        reverse("clients:assessment_new", kwargs={"client_id": kunde.pk}),
        {"mode": "distributed", "language": "de", "pacing": "warp"},
    )
    assert response.status_code == 400
    assert not Assessment.objects.exists()


def test_the_facilitator_view_shows_code_participants_and_progress(signed_in, workshop):
    anna = join_workshop(workshop, name="Anna Muster", role="Vertrieb")
    join_workshop(workshop, role="IT")
    vote(anna, _first_question_key(workshop), 3)
    response = signed_in.get(_url("facilitator", workshop))
    page = response.content.decode()
    assert response.status_code == 200
    assert workshop.join_code in page
    assert "Anna Muster" in page
    assert "Teilnehmer/in 2" in page
    assert page.count('data-testid="participant-row"') == 2
    total = workshop.assessment.catalog.questions.count()
    assert f"1/{total}" in page and f"0/{total}" in page


def test_an_anonymous_workshop_shows_numbers_only(signed_in, kunde, small_catalog):
    workshop = make_workshop(kunde, small_catalog, naming="anonymous")
    join_workshop(workshop, name="Anna Muster", role="Vertrieb")
    page = signed_in.get(_url("facilitator", workshop)).content.decode()
    assert "Anna" not in page
    assert "Teilnehmer/in 1" in page


def test_live_answers_304_until_something_changes(signed_in, workshop):
    first = signed_in.get(_url("live", workshop))
    assert first.status_code == 200
    etag = first["ETag"]
    assert 'data-testid="board"' in first.content.decode()
    same = signed_in.get(_url("live", workshop), HTTP_IF_NONE_MATCH=etag)
    assert same.status_code == 304
    assert same.content == b""
    assert same["ETag"] == etag

    participant = join_workshop(workshop, role="IT")
    joined = signed_in.get(_url("live", workshop), HTTP_IF_NONE_MATCH=etag)
    assert joined.status_code == 200
    assert joined["ETag"] != etag
    etags = [joined["ETag"]]

    vote(participant, _first_question_key(workshop), 2)
    etags.append(signed_in.get(_url("live", workshop), HTTP_IF_NONE_MATCH=etags[-1])["ETag"])
    vote(participant, _first_question_key(workshop), 4)  # a changed answer, same count
    etags.append(signed_in.get(_url("live", workshop), HTTP_IF_NONE_MATCH=etags[-1])["ETag"])
    participant_finish(participant=participant)
    etags.append(signed_in.get(_url("live", workshop), HTTP_IF_NONE_MATCH=etags[-1])["ETag"])
    signed_in.post(_url("move", workshop), {"pillar": _pillar_keys(workshop)[1]})
    etags.append(signed_in.get(_url("live", workshop), HTTP_IF_NONE_MATCH=etags[-1])["ETag"])
    assert len(set(etags)) == len(etags)


def test_the_projector_count_has_its_own_etag(signed_in, workshop):
    board = signed_in.get(_url("live", workshop))
    count = signed_in.get(_url("live", workshop) + "?part=count")
    assert count.status_code == 200
    assert 'data-testid="joined-count"' in count.content.decode()
    assert count["ETag"] != board["ETag"]
    assert (
        signed_in.get(_url("live", workshop), HTTP_IF_NONE_MATCH=count["ETag"]).status_code == 200
    )


def test_an_unknown_part_is_the_board(signed_in, workshop):
    response = signed_in.get(_url("live", workshop) + "?part=<script>")
    assert response.status_code == 200
    assert 'data-testid="board"' in response.content.decode()


def test_an_unchanged_poll_costs_five_queries(signed_in, workshop, django_assert_num_queries):
    for _ in range(3):
        join_workshop(workshop, role="IT")
    etag = signed_in.get(_url("live", workshop))["ETag"]
    # session · user · membership with workspace · workshop · fingerprint
    with django_assert_num_queries(5):
        assert signed_in.get(_url("live", workshop), HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_changed_poll_costs_eight_queries_whatever_the_number_of_people(
    signed_in, workshop, django_assert_num_queries
):
    for count in (1, 12):
        while workshop.assessment.participants.count() < count:
            participant = join_workshop(workshop, role="IT")
            vote(participant, _first_question_key(workshop), 3)
        # the five above · pillars · participants · answer counts
        with django_assert_num_queries(8):
            assert signed_in.get(_url("live", workshop)).status_code == 200


def test_the_projector_shows_code_and_a_qr_code(signed_in, workshop):
    response = signed_in.get(_url("projector", workshop))
    page = response.content.decode()
    assert response.status_code == 200
    assert workshop.join_code in page
    assert '<svg viewBox="0 0' in page and 'class="segno"' in page
    assert "<script" not in page.split('data-testid="qr"')[1].split("</div>")[0]


def test_a_closed_workshop_shows_no_code_on_the_projector(signed_in, workshop):
    workshop_close(workshop=workshop)
    page = signed_in.get(_url("projector", workshop)).content.decode()
    assert workshop.join_code not in page
    assert 'data-testid="workshop-closed"' in page


def test_move_reveal_hide_close_reopen(signed_in, workshop):
    keys = _pillar_keys(workshop)
    assert signed_in.post(_url("move", workshop), {"pillar": keys[2]}).status_code == 302
    workshop.refresh_from_db()
    assert workshop.current_pillar_key == keys[2]
    signed_in.post(_url("reveal", workshop), {"pillar": keys[0]})
    workshop.refresh_from_db()
    assert workshop.revealed_pillar_keys == [keys[0]]
    signed_in.post(_url("reveal", workshop))
    workshop.refresh_from_db()
    assert workshop.revealed_pillar_keys == keys
    signed_in.post(_url("hide", workshop))
    workshop.refresh_from_db()
    assert workshop.revealed_pillar_keys == []
    signed_in.post(_url("close", workshop))
    workshop.refresh_from_db()
    assert workshop.closed_at is not None and workshop.assessment.is_completed
    signed_in.post(_url("reopen", workshop))
    workshop.refresh_from_db()
    assert workshop.closed_at is None and not workshop.assessment.is_completed


@pytest.mark.parametrize("name", ["move", "reveal"])
def test_an_unknown_pillar_is_refused_with_a_message(signed_in, workshop, name):
    before = (workshop.current_pillar_key, workshop.revealed_pillar_keys)
    response = signed_in.post(_url(name, workshop), {"pillar": "nope"}, follow=True)
    workshop.refresh_from_db()
    assert (workshop.current_pillar_key, workshop.revealed_pillar_keys) == before
    assert "Diese Säule gehört nicht zum Workshop." in response.content.decode()


@pytest.mark.parametrize(
    "name", ["facilitator", "live", "projector", "move", "reveal", "hide", "close", "reopen"]
)
def test_another_workspace_gets_404_and_changes_nothing(client, outsider, workshop, name):
    client.force_login(outsider)
    method = client.get if name in {"facilitator", "live", "projector"} else client.post
    assert method(_url(name, workshop), {"pillar": _pillar_keys(workshop)[1]}).status_code == 404
    fresh = Workshop.objects.get(pk=workshop.pk)
    assert (fresh.current_pillar_key, fresh.revealed_pillar_keys, fresh.closed_at) == (
        workshop.current_pillar_key,
        [],
        None,
    )


def test_a_self_assessment_has_no_facilitator_view(signed_in, kunde, small_catalog):
    from tests.factories import make_client_assessment

    assessment = make_client_assessment(kunde, small_catalog)
    url = reverse("workshops:facilitator", kwargs={"assessment_id": assessment.pk})
    assert signed_in.get(url).status_code == 404


def test_the_workshop_link_leads_to_no_questionnaire(client, workshop):
    token = workshop.assessment.token
    key = _pillar_keys(workshop)[0]
    for url in (
        reverse("assessment:link", kwargs={"token": token}),
        reverse("assessment:pillar", kwargs={"token": token, "pillar_key": key}),
        reverse("assessment:review", kwargs={"token": token}),
    ):
        assert client.get(url).status_code == 404
    for url in (
        reverse("assessment:answer", kwargs={"token": token}),
        reverse("assessment:finish", kwargs={"token": token}),
        reverse("assessment:reopen", kwargs={"token": token}),
    ):
        assert client.post(url).status_code == 404
    workshop.assessment.refresh_from_db()
    assert not workshop.assessment.is_completed
    resume = client.get(reverse("assessment:resume", kwargs={"token": token}))
    assert resume["Location"] == reverse("reports:results", kwargs={"token": token})


def test_the_client_page_links_to_the_facilitator_view(signed_in, kunde, workshop):
    page = signed_in.get(reverse("clients:detail", kwargs={"client_id": kunde.pk}))
    html = page.content.decode()
    assert _url("facilitator", workshop) in html
    assert workshop.assessment.token not in html
