"""Consultants sign in with their email, are locked out after failures, change and reset
their password, and join a workspace by invitation."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessment import ratelimit
from assessment.models import Invitation, Membership
from tests.factories import make_consultant

PASSWORD = "ein-sicheres-Passwort-42"


@pytest.fixture
def consultant(db):
    return make_consultant(email="petra@beratung.example", workspace="Beratung Nord")


def _login(client, email: str, password: str, **extra):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, **extra
    )


def test_login_page_explains_who_it_is_for(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Anmelden" in page and "E-Mail" in page
    assert reverse("assessment:start") in page  # SME owners need no account


def test_sign_in_with_email_in_any_case_lands_on_the_clients(client, consultant):
    response = _login(client, "  Petra@Beratung.EXAMPLE ", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:list")
    assert client.session["_auth_user_id"] == str(consultant.pk)


def test_wrong_password_says_so_and_keeps_the_email(client, consultant):
    response = _login(client, "petra@beratung.example", "falsch")
    page = response.content.decode()
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'value="petra@beratung.example"' in page
    assert "Bitte geben Sie die richtige E-Mail-Adresse und das richtige Passwort ein" in page


def test_an_account_is_locked_after_a_few_failures_in_the_shared_cache(client, consultant, clock):
    limit = ratelimit.login_account_limit()
    for _ in range(limit.attempts):
        _login(client, "petra@beratung.example", "falsch")
    locked = _login(client, "petra@beratung.example", PASSWORD)
    assert "Zu viele fehlgeschlagene Anmeldungen" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    clock.now += limit.window
    assert _login(client, "petra@beratung.example", PASSWORD).status_code == 302


def test_an_address_trying_many_accounts_is_locked(client, consultant, clock):
    limit = ratelimit.login_address_limit()
    for index in range(limit.attempts):
        _login(client, f"guess{index}@example.com", "falsch")
    locked = _login(client, "petra@beratung.example", PASSWORD)
    assert "Zu viele" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_speaks_english_too(client, consultant, clock):
    for _ in range(ratelimit.login_account_limit().attempts):
        client.post("/en/accounts/login/", {"username": "petra@beratung.example", "password": "x"})
    page = client.post(
        "/en/accounts/login/", {"username": "petra@beratung.example", "password": PASSWORD}
    ).content.decode()
    assert "Too many failed sign-ins" in page


def test_logout_takes_a_post_only(client, consultant):
    client.force_login(consultant)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change(client, consultant):
    client.force_login(consultant)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "noch-sicherer-2027!",
            "new_password2": "noch-sicherer-2027!",
        },
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    consultant.refresh_from_db()
    assert consultant.check_password("noch-sicherer-2027!")


def test_password_change_refuses_a_wrong_old_password(client, consultant):
    client.force_login(consultant)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "falsch",
            "new_password1": "x-y-z-1234-abc",
            "new_password2": "x-y-z-1234-abc",
        },
    )
    assert response.status_code == 200
    consultant.refresh_from_db()
    assert consultant.check_password(PASSWORD)


def test_password_reset_by_email_link(client, consultant):
    response = client.post(reverse("accounts:password_reset"), {"email": "petra@beratung.example"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["petra@beratung.example"]
    assert "Passwort" in message.subject
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": "ganz-neu-und-lang-7", "new_password2": "ganz-neu-und-lang-7"},
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    consultant.refresh_from_db()
    assert consultant.check_password("ganz-neu-und-lang-7")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "niemand@example.com"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_consultant_pages_send_anonymous_visitors_to_the_login(client, db):
    response = client.get(reverse("workspace:settings"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- Invitations


def _invite(client, owner, email="neu@beratung.example"):
    client.force_login(owner)
    return client.post(reverse("workspace:members"), {"email": email})


def _invitation_link(message) -> str:
    return re.search(r"https?://[^/]+(/\S+)", message.body).group(1)


def test_owner_invites_and_the_invitee_joins_as_member(client, consultant):
    response = _invite(client, consultant)
    assert response["Location"] == reverse("workspace:members")
    assert len(mail.outbox) == 1
    assert "Beratung Nord" in mail.outbox[0].subject
    link = _invitation_link(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in str(list(Invitation.objects.values_list("token_hash", flat=True)))
    client.logout()
    assert client.get(link).status_code == 200
    response = client.post(
        link,
        {
            "name": "Nora Neu",
            "new_password1": "Nora-ihr-Passwort-9",
            "new_password2": "Nora-ihr-Passwort-9",
        },
    )
    assert response["Location"] == reverse("clients:list")
    membership = Membership.objects.get(user__username="neu@beratung.example")
    assert membership.workspace == consultant.membership.workspace
    assert membership.role == Membership.Role.MEMBER
    assert membership.user.get_full_name() == "Nora Neu"
    # A link works once.
    client.logout()
    assert client.get(link).status_code == 404


def test_invitation_with_a_weak_password_keeps_the_name(client, consultant):
    _invite(client, consultant)
    link = _invitation_link(mail.outbox[0])
    client.logout()
    response = client.post(
        link, {"name": "Nora Neu", "new_password1": "123", "new_password2": "123"}
    )
    assert response.status_code == 200
    assert 'value="Nora Neu"' in response.content.decode()
    assert not get_user_model().objects.filter(username="neu@beratung.example").exists()


def test_an_expired_invitation_is_refused(client, consultant):
    _invite(client, consultant)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    response = client.get(_invitation_link(mail.outbox[0]))
    assert response.status_code == 404
    assert "nicht gültig" in response.content.decode()


def test_inviting_an_existing_account_is_refused_at_the_field(client, consultant):
    make_consultant(email="andere@example.com", workspace="Andere")
    response = _invite(client, consultant, email="andere@example.com")
    assert response.status_code == 200
    assert "bereits ein Konto" in response.content.decode()
    assert mail.outbox == []


def test_a_member_cannot_invite_or_remove(client, consultant):
    member = make_consultant(email="m@beratung.example", workspace="Beratung Nord")
    assert member.membership.role == Membership.Role.MEMBER
    response = _invite(client, member)
    assert response.status_code == 404
    assert mail.outbox == [] and not Invitation.objects.exists()
    url = reverse("workspace:member_remove", args=[consultant.membership.pk])
    assert client.post(url).status_code == 404
    assert get_user_model().objects.filter(pk=consultant.pk).exists()


def test_owner_removes_a_member_but_never_the_last_owner(client, consultant):
    member = make_consultant(email="m@beratung.example", workspace="Beratung Nord")
    client.force_login(consultant)
    client.post(reverse("workspace:member_remove", args=[member.membership.pk]))
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    client.post(reverse("workspace:member_remove", args=[consultant.membership.pk]))
    assert get_user_model().objects.filter(pk=consultant.pk).exists()


def test_an_owner_of_another_workspace_gets_404(client, consultant):
    member = make_consultant(email="m@beratung.example", workspace="Beratung Nord")
    outsider = make_consultant(email="x@andere.example", workspace="Andere")
    client.force_login(outsider)
    response = client.post(reverse("workspace:member_remove", args=[member.membership.pk]))
    assert response.status_code == 404
    assert get_user_model().objects.filter(pk=member.pk).exists()


def test_wrong_invitation_links_are_rate_limited(client, db, clock):
    limit = ratelimit.token_miss_limit()
    for index in range(limit.attempts):
        url = reverse("accounts:invitation", kwargs={"token": f"{index:0>43}"})
        assert client.get(url).status_code == 404
    assert client.get(reverse("accounts:invitation", kwargs={"token": "9" * 43})).status_code == 429
