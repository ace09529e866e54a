"""Joining a workshop on a phone: the code typed by hand or scanned, then name and role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.models import Participant
from assessment.workshops import workshop_close
from tests.factories import make_workshop

pytestmark = pytest.mark.django_db

JOIN = "/de/join/"


def _join_url(code: str) -> str:
    return reverse("participate:join_code", kwargs={"code": code})


def test_the_join_page_asks_for_the_code(client):
    response = client.get(JOIN)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="code"' in page
    assert "Code ein" in page  # "Geben Sie den Code ein, …"


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {first} {rest} ", "{first}-{rest}"])
def test_a_code_as_typed_on_a_phone_leads_to_the_workshop(client, workshop, typed):
    code = workshop.join_code
    entered = typed.format(code=code, lower=code.lower(), first=code[:3], rest=code[3:])
    response = client.post(JOIN, {"code": entered})
    assert response.status_code == 302
    assert response["Location"] == _join_url(code)


def test_a_wrong_code_shows_the_form_again_with_the_code_kept(client, workshop):
    wrong = "QQQQQQ" if workshop.join_code != "QQQQQQ" else "WWWWWW"
    response = client.post(JOIN, {"code": wrong})
    page = response.content.decode()
    assert response.status_code == 404
    assert f'value="{wrong}"' in page
    assert "Kein offener Workshop hat diesen Code" in page
    assert 'aria-invalid="true"' in page


def test_an_empty_code_is_refused_at_the_field(client):
    response = client.post(JOIN, {"code": ""})
    assert response.status_code == 400
    assert "Bitte geben Sie den Code ein" in response.content.decode()


def test_wrong_codes_are_rate_limited_per_address(client, workshop, clock):
    for _ in range(20):
        assert client.post(JOIN, {"code": "QQQQQQ"}).status_code in (404,)
    refused = client.post(JOIN, {"code": workshop.join_code})
    assert refused.status_code == 429
    assert client.get(_join_url(workshop.join_code)).status_code == 429


def test_the_join_page_of_a_named_workshop_asks_for_name_and_role(client, workshop):
    response = client.get(_join_url(workshop.join_code.lower()))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kunde AG" in page
    assert 'name="name"' in page
    for role in ("Geschäftsleitung", "Vertrieb", "Marketing", "Service", "IT"):
        assert f'<option value="{role}">{role}</option>' in page
    assert 'data-testid="anonymous-note"' not in page


def test_an_anonymous_workshop_asks_no_name(client, kunde, small_catalog):
    workshop = make_workshop(kunde, small_catalog, naming="anonymous")
    response = client.get(_join_url(workshop.join_code))
    page = response.content.decode()
    assert 'name="name"' not in page
    assert 'data-testid="anonymous-note"' in page
    # A name posted anyway is never stored.
    client.post(_join_url(workshop.join_code), {"name": "Anna Muster", "role": "IT"})
    assert list(Participant.objects.values_list("name", "role")) == [("", "IT")]


def test_joining_creates_a_participant_and_shows_the_private_link(client, workshop):
    response = client.post(
        _join_url(workshop.join_code), {"name": "  Anna   Muster ", "role": "Vertrieb"}
    )
    participant = Participant.objects.get()
    assert (participant.assessment_id, participant.name, participant.role) == (
        workshop.assessment_id,
        "Anna Muster",
        "Vertrieb",
    )
    assert len(participant.token) >= 40
    assert response.status_code == 302
    assert response["Location"] == reverse("participate:link", kwargs={"token": participant.token})
    link_page = client.get(response["Location"]).content.decode()
    start = reverse("participate:start", kwargs={"token": participant.token})
    assert f'value="http://testserver{start}"' in link_page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "Anna", "role": "Astronaut"}, "role", "eine der Rollen"),
        ({"name": "Anna", "role": ""}, "role", "Bitte wählen Sie Ihre Rolle"),
        ({"name": "A" * 201, "role": "IT"}, "name", "höchstens 200 Zeichen"),
        ({"name": "An\x07na", "role": "IT"}, "name", "Steuerzeichen"),
    ],
)
def test_bad_join_input_is_refused_at_the_field(client, workshop, data, field, message):
    response = client.post(_join_url(workshop.join_code), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert f'data-testid="{field}-error"' in page
    assert message in page
    assert not Participant.objects.exists()


def test_a_closed_workshop_takes_nobody(client, workshop):
    workshop_close(workshop=workshop)
    response = client.get(_join_url(workshop.join_code))
    assert response.status_code == 404
    assert "Workshop ist vielleicht schon beendet" in response.content.decode()
    posted = client.post(_join_url(workshop.join_code), {"name": "Anna", "role": "IT"})
    assert posted.status_code == 404
    assert not Participant.objects.exists()


@pytest.mark.parametrize("language", ["de", "en", "da"])
def test_the_join_pages_speak_every_language(client, workshop, language):
    assert client.get(f"/{language}/join/").status_code == 200
    response = client.get(f"/{language}/join/{workshop.join_code}/")
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
