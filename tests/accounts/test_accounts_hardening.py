"""Edges of the consultant accounts: reset-email limit, long addresses, an account made
meanwhile, the sign-in error's wording, and the admin's check of the accent colour."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from assessment import ratelimit
from assessment.consultants import InvitationInvalid, invitation_accept, invitation_send
from assessment.models import Invitation, Workspace
from tests.factories import make_consultant

PASSWORD = "ein-sicheres-Passwort-42"


@pytest.fixture
def owner(db):
    return make_consultant(email="owner@beratung.example", workspace="Beratung Nord")


def _send(owner, email: str) -> Invitation:
    return invitation_send(
        workspace=owner.membership.workspace,
        email=email,
        invited_by=owner,
        accept_url=lambda token: f"https://kompass.example/de/accounts/invitation/{token}/",
    )


def test_reset_emails_are_limited_per_address(client, owner, clock):
    limit = ratelimit.password_reset_limit()
    url = reverse("accounts:password_reset")
    for _ in range(limit.attempts):
        assert client.post(url, {"email": "owner@beratung.example"}).status_code == 302
    refused = client.post(url, {"email": "owner@beratung.example"})
    assert refused.status_code == 429
    assert len(mail.outbox) == limit.attempts
    # Another address may still ask; and this one after the window.
    assert client.post(url, {"email": "x@example.com"}, REMOTE_ADDR="192.0.2.8").status_code == 302
    clock.now += limit.window
    assert client.post(url, {"email": "owner@beratung.example"}).status_code == 302


def test_a_wrong_password_message_speaks_of_the_email_address(client, owner):
    response = client.post(
        reverse("accounts:login"), {"username": "owner@beratung.example", "password": "falsch"}
    )
    page = response.content.decode()
    assert "Bitte geben Sie die richtige E-Mail-Adresse und das richtige Passwort ein." in page
    assert "Benutzername" not in page


@pytest.mark.parametrize("email", ["a" * 140 + "@example.com", "kein-at-zeichen", ""])
def test_an_address_that_cannot_be_a_login_name_is_refused_at_the_field(client, owner, email):
    client.force_login(owner)
    response = client.post(reverse("workspace:members"), {"email": email})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not Invitation.objects.exists() and mail.outbox == []


def test_an_account_made_meanwhile_turns_the_invitation_down_kindly(client, owner):
    _send(owner, "neu@beratung.example")
    link = (
        "/de/accounts/invitation/"
        + mail.outbox[0].body.split("/accounts/invitation/")[1].split("/")[0]
        + "/"
    )
    make_consultant(email="neu@beratung.example", workspace="Anderswo")
    response = client.post(
        link, {"name": "Nora Neu", "new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert response.status_code == 404
    assert "_auth_user_id" not in client.session


def test_a_too_long_address_from_before_is_refused_not_a_500(owner):
    # Invitations sent before the form's limit may still carry one.
    invitation = _send(owner, "b" * 150 + "@example.com")
    with pytest.raises(InvitationInvalid):
        invitation_accept(invitation=invitation, name="Nora Neu", password=PASSWORD)
    assert not get_user_model().objects.filter(email__startswith="bbb").exists()


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", PASSWORD)
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    ("value", "stored"),
    [("#0b5394", "#0B5394"), ("", ""), ("#FFD700", None), ("red; x", None), ("#12345", None)],
)
def test_the_admin_checks_the_accent_colour_like_the_branding_page(admin_client, value, stored):
    workspace = Workspace.objects.create(name="Beratung Süd")
    data = {
        "name": "Beratung Süd",
        "display_name": "",
        "accent_color": value,
        "contact_line": "",
        "roles": "Vertrieb",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    url = reverse("admin:assessment_workspace_change", args=[workspace.pk])
    response = admin_client.post(url, data)
    workspace.refresh_from_db()
    if stored is None:
        assert response.status_code == 200
        assert "accent_color" in response.context["adminform"].form.errors
        assert workspace.accent_color == ""
    else:
        assert response.status_code == 302
        assert workspace.accent_color == stored
