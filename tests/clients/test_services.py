"""The clients' services and selectors directly: their checks, and that a refused call changes
nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from assessment.consultants import (
    assessment_reassess,
    client_create,
    client_delete,
    client_update,
)
from assessment.models import Assessment, Organisation
from assessment.selectors import client_deletion, clients_for_list, earlier_answers
from tests.factories import answer, make_client_assessment, start_assessment


def test_client_create_belongs_to_the_workspace(consultant):
    workspace = consultant.membership.workspace
    client = client_create(workspace=workspace, name="Neu AG", industry="it")
    assert client.workspace == workspace
    with pytest.raises(ValidationError):
        client_create(workspace=workspace, name="Falsch AG", industry="piracy")
    assert Organisation.objects.count() == 1


def test_anonymous_organisations_are_not_clients(small_catalog):
    anonymous = start_assessment(small_catalog).organisation
    with pytest.raises(ValueError):
        client_update(client=anonymous, name="Umbenannt", industry="it")
    with pytest.raises(ValueError):
        client_delete(client=anonymous)
    anonymous.refresh_from_db()
    assert anonymous.name == "Muster AG"


def test_reassess_takes_the_last_completed_not_the_last_started(
    consultant, kunde, small_catalog, completed
):
    started_first = completed(kunde, small_catalog, 3, days_ago=50)
    started_later = completed(kunde, small_catalog, 2, days_ago=40)
    # The one started first was completed last (reopened and finished again).
    Assessment.objects.filter(pk=started_first.pk).update(
        completed_at=started_later.completed_at
        + (started_later.completed_at - started_first.created_at)
    )
    again = assessment_reassess(
        client=kunde, created_by=consultant, mode="self", language="da", catalog=small_catalog
    )
    assert again.baseline_id == started_first.pk
    assert (again.language, again.created_by) == ("da", consultant)


def test_reassess_ignores_other_clients(consultant, kunde, small_catalog, completed):
    other = client_create(workspace=consultant.membership.workspace, name="Andere", industry="it")
    completed(other, small_catalog, 3, days_ago=1)
    mine = completed(kunde, small_catalog, 3, days_ago=30)
    again = assessment_reassess(
        client=kunde, created_by=None, mode="self", language="de", catalog=small_catalog
    )
    assert again.baseline == mine


def test_the_search_and_the_counts(consultant, kunde, small_catalog):
    make_client_assessment(kunde, small_catalog)
    make_client_assessment(kunde, small_catalog)
    workspace = consultant.membership.workspace
    client_create(workspace=workspace, name="Zweite", industry="it")
    listed = clients_for_list(workspace)
    assert [(c.name, c.assessment_count) for c in listed] == [("Kunde AG", 2), ("Zweite", 0)]
    assert [c.name for c in clients_for_list(workspace, "WEIT")] == ["Zweite"]


def test_the_deletion_counts(kunde, small_catalog):
    first = make_client_assessment(kunde, small_catalog)
    keys = list(small_catalog.questions.order_by("pk").values_list("key", flat=True))
    for key in keys[:3]:
        answer(first, key, 2)
    make_client_assessment(kunde, small_catalog)
    counted = client_deletion(kunde)
    assert (counted.assessments, counted.participants, counted.answers, counted.share_links) == (
        2,
        2,
        3,
        0,
    )


def test_no_earlier_answers_without_a_baseline(kunde, small_catalog, django_assert_num_queries):
    first = make_client_assessment(kunde, small_catalog)
    questions = list(small_catalog.questions.all())
    with django_assert_num_queries(0):
        assert earlier_answers(first, questions) == {}
