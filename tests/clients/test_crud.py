"""Create, edit and delete clients: valid and invalid input, other workspaces, every row gone."""

from __future__ import annotations

from collections import Counter

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from assessment.models import Assessment, Organisation, ShareLink
from tests.factories import answer, make_client, make_client_assessment

VALID = {
    "name": "  Neue   Kunde GmbH ",
    "industry": "manufacturing",
    "size_band": "50-249",
    "country": "DE",
    "contact": "Eva Muster",
}


def test_create_a_client(signed_in, consultant):
    response = signed_in.post(reverse("clients:create"), VALID)
    client = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:detail", kwargs={"client_id": client.pk})
    assert client.name == "Neue Kunde GmbH"
    assert client.workspace == consultant.membership.workspace
    assert (client.industry, client.size_band, client.country, client.contact) == (
        "manufacturing",
        "50-249",
        "DE",
        "Eva Muster",
    )


def test_the_create_form_shows(signed_in):
    response = signed_in.get(reverse("clients:create"))
    assert response.status_code == 200
    assert 'name="name"' in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({**VALID, "name": "   "}, "name", "Bitte geben Sie den Namen des Kunden ein."),
        ({**VALID, "name": "x" * 201}, "name", "höchstens 200 Zeichen"),
        ({**VALID, "name": "A\x07B"}, "name", "Steuerzeichen"),
        ({**VALID, "name": "A\x00B"}, "name", "Nullzeichen"),
        ({**VALID, "industry": "piracy"}, "industry", "gültige Auswahl"),
        ({**VALID, "country": "ZZ"}, "country", "gültige Auswahl"),
    ],
)
def test_bad_input_is_refused_at_the_field_and_kept(signed_in, data, field, message):
    response = signed_in.post(reverse("clients:create"), data)
    assert response.status_code == 400
    assert Organisation.objects.count() == 0
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    # What was typed in the other fields is still there.
    assert 'value="Eva Muster"' in response.content.decode()


def test_edit_a_client(signed_in, kunde):
    url = reverse("clients:edit", kwargs={"client_id": kunde.pk})
    assert signed_in.get(url).status_code == 200
    response = signed_in.post(url, {**VALID, "name": "Kunde AG (neu)"})
    assert response.status_code == 302
    kunde.refresh_from_db()
    assert kunde.name == "Kunde AG (neu)"
    assert kunde.contact == "Eva Muster"


def test_an_invalid_edit_changes_nothing(signed_in, kunde):
    url = reverse("clients:edit", kwargs={"client_id": kunde.pk})
    response = signed_in.post(url, {**VALID, "name": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    kunde.refresh_from_db()
    assert kunde.name == "Kunde AG"
    # The page's heading still names the client as stored.
    assert "Kunde AG" in response.content.decode()


@pytest.mark.parametrize("name", ["clients:edit", "clients:delete"])
def test_another_workspaces_client_is_not_found_and_unchanged(client, outsider, kunde, name):
    client.force_login(outsider)
    url = reverse(name, kwargs={"client_id": kunde.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, VALID).status_code == 404
    kunde.refresh_from_db()
    assert kunde.name == "Kunde AG"


@pytest.mark.parametrize("name", ["clients:create", "clients:edit", "clients:delete"])
def test_anonymous_is_sent_to_the_login(client, kunde, login_url, name):
    kwargs = {} if name == "clients:create" else {"client_id": kunde.pk}
    for response in (
        client.get(reverse(name, kwargs=kwargs)),
        client.post(reverse(name, kwargs=kwargs), VALID),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(login_url)
    assert Organisation.objects.count() == 1


def _world(consultant, outsider, catalog):
    """Two clients of the workspace and one of another, each with answered assessments."""
    kunde = make_client(consultant, name="Kunde X")
    keys = list(catalog.questions.order_by("pk").values_list("key", flat=True))
    for client in (kunde, make_client(consultant, name="Bleibt AG"), make_client(outsider)):
        first = make_client_assessment(client, catalog)
        for key in keys[:4]:
            answer(first, key, 3)
        first.status, first.completed_at = Assessment.Status.COMPLETED, timezone.now()
        first.save()
        second = make_client_assessment(client, catalog, baseline=first)
        for key in keys[:2]:
            answer(second, key, 4)
        for _ in range(2):
            ShareLink.objects.create(
                assessment=first, expires_at=timezone.now() + timezone.timedelta(days=30)
            )
    return kunde


def _row_counts() -> Counter:
    return Counter({model._meta.label: model.objects.count() for model in apps.get_models()})


def test_the_confirmation_names_what_will_go(signed_in, consultant, outsider, small_catalog):
    kunde = _world(consultant, outsider, small_catalog)
    response = signed_in.get(reverse("clients:delete", kwargs={"client_id": kunde.pk}))
    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert "Kunde X" in text
    assert "2 Einschätzungen" in text
    assert "6 Antworten" in text
    assert "2 Freigabelinks" in text
    assert Organisation.objects.filter(pk=kunde.pk).exists()  # a GET deletes nothing


def test_delete_removes_every_row_of_the_client_and_nothing_else(
    signed_in, consultant, outsider, small_catalog
):
    kunde = _world(consultant, outsider, small_catalog)
    before = _row_counts()
    response = signed_in.post(reverse("clients:delete", kwargs={"client_id": kunde.pk}))
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:list")
    gone = before - _row_counts()
    assert gone == Counter(
        {
            "assessment.Organisation": 1,
            "assessment.Assessment": 2,
            "assessment.Participant": 2,
            "assessment.Answer": 6,
            "assessment.ShareLink": 2,
        }
    )
    assert not Organisation.objects.filter(pk=kunde.pk).exists()
    # The other clients keep every row, baselines included.
    for other in Organisation.objects.all():
        assert other.assessments.count() == 2
        assert other.assessments.filter(baseline__isnull=False).count() == 1
    # Nothing grew either.
    assert not _row_counts() - before
