"""The workshop services: open, join, pace, reveal, close, consensus, and what they refuse."""

from __future__ import annotations

import pytest

from assessment.models import (
    JOIN_CODE_ALPHABET,
    Answer,
    Assessment,
    Consensus,
    Participant,
    Workshop,
)
from assessment.services import AssessmentLocked
from assessment.workshops import (
    WorkshopClosed,
    consensus_clear,
    consensus_record,
    participant_finish,
    workshop_close,
    workshop_hide,
    workshop_move,
    workshop_reopen,
    workshop_reveal,
)
from pillars.models import Question
from tests.factories import join_workshop, make_client, make_consultant, make_workshop, vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_org(small_catalog):
    return make_client(make_consultant())


def test_open_creates_a_distributed_assessment_without_participants(client_org, small_catalog):
    workshop = make_workshop(client_org, small_catalog, pacing="facilitator")
    assessment = workshop.assessment
    assert assessment.mode == Assessment.Mode.DISTRIBUTED
    assert assessment.participants.count() == 0
    assert len(workshop.join_code) == 6
    assert set(workshop.join_code) <= set(JOIN_CODE_ALPHABET)
    assert workshop.leadership_role == "Geschäftsleitung"
    first = small_catalog.pillars.order_by("order").first()
    assert workshop.current_pillar_key == first.key
    assert workshop.revealed_pillar_keys == []
    assert workshop.is_open


def test_open_refuses_a_client_of_no_workspace(small_catalog):
    from assessment.models import Organisation
    from assessment.workshops import workshop_open

    loner = Organisation.objects.create(name="Solo")
    with pytest.raises(ValueError):
        workshop_open(client=loner, catalog=small_catalog, language="de")
    assert not Workshop.objects.exists()


def test_join_codes_differ_between_workshops(client_org, small_catalog):
    codes = {make_workshop(client_org, small_catalog).join_code for _ in range(20)}
    assert len(codes) == 20


def test_anonymous_workshop_never_stores_a_name(client_org, small_catalog):
    workshop = make_workshop(client_org, small_catalog, naming="anonymous")
    participant = join_workshop(workshop, name="Anna Muster", role="Vertrieb")
    participant.refresh_from_db()
    assert participant.name == ""
    assert participant.role == "Vertrieb"


def test_named_join_keeps_a_tidied_name_and_gives_a_private_link(client_org, small_catalog):
    workshop = make_workshop(client_org, small_catalog)
    one = join_workshop(workshop, name="  Anna   Muster ", role="IT")
    two = join_workshop(workshop)
    assert one.name == "Anna Muster"
    assert one.token and two.token and one.token != two.token
    assert len(one.token) >= 43


def test_join_refuses_a_role_outside_the_workspace_list(client_org, small_catalog):
    workshop = make_workshop(client_org, small_catalog)
    with pytest.raises(ValueError):
        join_workshop(workshop, role="Astronaut")
    assert not Participant.objects.exists()


def test_a_closed_workshop_takes_no_participants_and_no_answers(client_org, small_catalog):
    workshop = make_workshop(client_org, small_catalog)
    participant = join_workshop(workshop)
    key = small_catalog.questions.order_by("pillar__order", "order").first().key
    vote(participant, key, 3)
    workshop_close(workshop=workshop)
    workshop.refresh_from_db()
    assert workshop.closed_at is not None
    assert workshop.assessment.is_completed
    with pytest.raises(WorkshopClosed):
        join_workshop(workshop)
    with pytest.raises(AssessmentLocked):
        vote(participant, key, 5)
    assert list(Answer.objects.values_list("level", flat=True)) == [3]
    workshop_reopen(workshop=workshop)
    workshop.refresh_from_db()
    assert workshop.is_open and not workshop.assessment.is_completed
    vote(participant, key, 5)
    assert list(Answer.objects.values_list("level", flat=True)) == [5]


def test_move_and_reveal(client_org, small_catalog):
    workshop = make_workshop(client_org, small_catalog, pacing="facilitator")
    keys = list(small_catalog.pillars.order_by("order").values_list("key", flat=True))
    before = workshop.updated_at
    workshop_move(workshop=workshop, pillar_key=keys[1])
    workshop.refresh_from_db()
    assert workshop.current_pillar_key == keys[1]
    assert workshop.updated_at > before
    with pytest.raises(ValueError):
        workshop_move(workshop=workshop, pillar_key="nope")
    workshop_reveal(workshop=workshop, pillar_key=keys[1])
    workshop_reveal(workshop=workshop, pillar_key=keys[0])
    workshop.refresh_from_db()
    assert workshop.revealed_pillar_keys == [keys[0], keys[1]]
    assert workshop.is_revealed(keys[0]) and not workshop.is_revealed(keys[2])
    workshop_reveal(workshop=workshop)
    workshop.refresh_from_db()
    assert workshop.revealed_pillar_keys == keys
    with pytest.raises(ValueError):
        workshop_reveal(workshop=workshop, pillar_key="nope")
    workshop_hide(workshop=workshop)
    workshop.refresh_from_db()
    assert workshop.revealed_pillar_keys == []


def test_join_lands_on_the_current_pillar(client_org, small_catalog):
    workshop = make_workshop(client_org, small_catalog, pacing="facilitator")
    third = small_catalog.pillars.order_by("order")[2].key
    workshop_move(workshop=workshop, pillar_key=third)
    assert join_workshop(workshop).last_pillar_key == third


def test_finish_stamps_once(client_org, small_catalog):
    participant = join_workshop(make_workshop(client_org, small_catalog))
    participant_finish(participant=participant)
    stamped = participant.finished_at
    participant_finish(participant=participant)
    assert participant.finished_at == stamped is not None


def test_consensus_is_one_row_per_question_kept_apart_from_votes(client_org, small_catalog):
    workshop = make_workshop(client_org, small_catalog)
    participant = join_workshop(workshop)
    question = Question.objects.filter(catalog=small_catalog).order_by("pk").first()
    vote(participant, question.key, 2)
    assessment = workshop.assessment
    consensus_record(assessment=assessment, question=question, level=3, note="Nach Diskussion")
    consensus_record(
        assessment=assessment, question=question, level=4, minority_note="Vertrieb sieht 2"
    )
    row = Consensus.objects.get()
    assert (row.level, row.note, row.minority_note) == (4, "", "Vertrieb sieht 2")
    assert Answer.objects.get().level == 2
    for bad in (0, 6):
        with pytest.raises(ValueError):
            consensus_record(assessment=assessment, question=question, level=bad)
    with pytest.raises(ValueError):
        consensus_record(assessment=assessment, question=question, level=3, note="x" * 2001)
    assert Consensus.objects.get().level == 4
    consensus_clear(assessment=assessment, question=question)
    assert not Consensus.objects.exists()


def test_the_database_refuses_a_second_answer_per_participant_and_question(
    client_org, small_catalog
):
    from django.db import IntegrityError, transaction

    participant = join_workshop(make_workshop(client_org, small_catalog))
    question = Question.objects.filter(catalog=small_catalog).first()
    Answer.objects.create(participant=participant, question=question, status="level", level=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(participant=participant, question=question, status="level", level=3)
