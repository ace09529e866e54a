"""New assessments of a client (self by link, facilitated) and assessing again with a baseline."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.consultants import NothingToReassess, assessment_reassess
from assessment.models import Assessment
from tests.factories import make_client_assessment


def _new(kunde) -> str:
    return reverse("clients:assessment_new", kwargs={"client_id": kunde.pk})


def _reassess(kunde) -> str:
    return reverse("clients:reassess", kwargs={"client_id": kunde.pk})


def test_a_self_assessment_shows_the_private_link_page_to_send(
    signed_in, consultant, kunde, catalog
):
    response = signed_in.post(_new(kunde), {"mode": "self", "language": "en"})
    assessment = Assessment.objects.get()
    assert (assessment.organisation, assessment.mode, assessment.language) == (kunde, "self", "en")
    assert assessment.created_by == consultant
    assert response.status_code == 302
    assert response["Location"] == f"/en/a/{assessment.token}/link/"
    page = signed_in.get(response["Location"])
    assert page.status_code == 200
    assert assessment.token in page.content.decode()


def test_a_facilitated_assessment_goes_straight_to_the_questions(signed_in, kunde, catalog):
    response = signed_in.post(_new(kunde), {"mode": "facilitated", "language": "da"})
    assessment = Assessment.objects.get()
    assert assessment.mode == "facilitated"
    assert response["Location"] == f"/da/a/{assessment.token}/"
    first = signed_in.get(response["Location"])
    assert first.status_code == 302 and "/p/" in first["Location"]
    assert signed_in.get(first["Location"]).status_code == 200


def test_the_new_assessment_form_page_shows(signed_in, kunde, catalog):
    response = signed_in.get(_new(kunde))
    assert response.status_code == 200
    assert 'name="mode"' in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [{}, {"mode": "telepathic", "language": "de"}, {"mode": "self", "language": "fr"}],
)
def test_bad_choices_are_refused_with_a_message(signed_in, kunde, catalog, data):
    response = signed_in.post(_new(kunde), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert Assessment.objects.count() == 0


def test_without_a_catalog_nothing_is_created(signed_in, kunde, db):
    response = signed_in.post(_new(kunde), {"mode": "self", "language": "de"})
    assert response.status_code == 302
    assert Assessment.objects.count() == 0


def test_an_outsider_cannot_start_an_assessment_of_anothers_client(
    client, outsider, kunde, catalog
):
    client.force_login(outsider)
    for url in (_new(kunde), _reassess(kunde)):
        assert client.post(url, {"mode": "self", "language": "de"}).status_code == 404
    assert Assessment.objects.count() == 0


def test_anonymous_is_sent_to_the_login(client, kunde, catalog, login_url):
    for url in (_new(kunde), _reassess(kunde)):
        response = client.post(url, {"mode": "self", "language": "de"})
        assert response.status_code == 302 and response["Location"].startswith(login_url)
    assert Assessment.objects.count() == 0


def test_assess_again_takes_the_newest_completed_one_as_baseline(
    signed_in, kunde, small_catalog, completed
):
    completed(kunde, small_catalog, 2, days_ago=60)
    newest = completed(kunde, small_catalog, 3, days_ago=10)
    make_client_assessment(kunde, small_catalog)  # newer, but not completed
    response = signed_in.post(_reassess(kunde), {"mode": "facilitated", "language": "de"})
    again = Assessment.objects.latest("pk")
    assert again.baseline == newest
    assert (again.mode, again.organisation, again.catalog) == ("facilitated", kunde, small_catalog)
    assert response["Location"] == f"/de/a/{again.token}/"


def test_the_client_page_offers_assess_again_only_after_a_completed_one(
    signed_in, kunde, small_catalog, completed
):
    url = reverse("clients:detail", kwargs={"client_id": kunde.pk})
    make_client_assessment(kunde, small_catalog)
    assert 'data-testid="reassess"' not in signed_in.get(url).content.decode()
    completed(kunde, small_catalog, 3, days_ago=1)
    content = signed_in.get(url).content.decode()
    assert 'data-testid="reassess"' in content and 'data-testid="reassess-row"' in content


def test_assess_again_is_refused_without_a_completed_assessment(signed_in, kunde, catalog):
    make_client_assessment(kunde, catalog)
    response = signed_in.post(_reassess(kunde), {"mode": "self", "language": "de"}, follow=True)
    assert Assessment.objects.count() == 1
    assert "noch keine abgeschlossene Einschätzung" in response.content.decode()


def test_the_service_refuses_without_a_completed_assessment(consultant, kunde, catalog):
    with pytest.raises(NothingToReassess):
        assessment_reassess(client=kunde, created_by=consultant, mode="self", language="de")
    assert Assessment.objects.count() == 0


def test_assess_again_needs_a_post(signed_in, kunde):
    assert signed_in.get(_reassess(kunde)).status_code == 405
