"""The admin sign-in, and every later login form, locks out after a few failures."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from assessment import ratelimit

PASSWORD = "richtig-und-lang-2026"


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(
        "editor", password=PASSWORD, is_staff=True, is_superuser=True
    )


def _login(client, username: str, password: str, **extra):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, **extra
    )


def test_the_admin_uses_the_rate_limited_form():
    assert issubclass(admin.site.login_form, ratelimit.RateLimitedLoginMixin)


def test_an_account_is_locked_after_a_few_failures(client, staff, clock, monkeypatch):
    limit = ratelimit.login_account_limit()
    for _ in range(limit.attempts):
        assert _login(client, "editor", "falsch").status_code == 200
    checked = []
    monkeypatch.setattr("django.contrib.auth.forms.authenticate", lambda *a, **k: checked.append(1))
    locked = _login(client, "editor", PASSWORD)
    assert locked.status_code == 200
    assert "Zu viele fehlgeschlagene Anmeldungen" in locked.content.decode()
    assert "in 15 Minuten" in locked.content.decode()
    assert checked == [], "no password is checked while the account is locked"
    assert "_auth_user_id" not in client.session
    # Another spelling of the same name is the same account.
    assert "Zu viele" in _login(client, " EDITOR", PASSWORD).content.decode()
    assert checked == []
    monkeypatch.undo()
    monkeypatch.setattr(ratelimit, "clock", clock)
    clock.now += limit.window
    assert _login(client, "editor", PASSWORD).status_code == 302


def test_the_lockout_counts_down_the_minutes(client, staff, clock):
    limit = ratelimit.login_account_limit()
    for _ in range(limit.attempts):
        _login(client, "editor", "falsch")
    clock.now += limit.window - 61
    assert "in 2 Minuten" in _login(client, "editor", PASSWORD).content.decode()
    clock.now += 30
    assert "in 1 Minute noch" in _login(client, "editor", PASSWORD).content.decode()


def test_an_address_trying_many_accounts_is_locked(client, staff, clock):
    limit = ratelimit.login_address_limit()
    for number in range(limit.attempts):
        _login(client, f"user{number}", "falsch")
    response = _login(client, "editor", PASSWORD)
    assert "Zu viele fehlgeschlagene Anmeldungen" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The same account from another address signs in.
    assert _login(client, "editor", PASSWORD, REMOTE_ADDR="192.0.2.44").status_code == 302


def test_a_successful_sign_in_clears_the_account_count(client, staff, clock):
    limit = ratelimit.login_account_limit()
    for _ in range(limit.attempts - 1):
        _login(client, "editor", "falsch")
    assert _login(client, "editor", PASSWORD).status_code == 302
    client.logout()
    assert ratelimit.count(limit, "editor") == 0
    # A full set of attempts again before a lockout.
    for _ in range(limit.attempts - 1):
        _login(client, "editor", "falsch")
    assert _login(client, "editor", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "de",
            "Zu viele fehlgeschlagene Anmeldungen. "
            "Bitte versuchen Sie es in 15 Minuten noch einmal.",
        ),
        ("en", "Too many failed sign-ins. Please try again in 15 minutes."),
        ("da", "For mange mislykkede login-forsøg. Prøv igen om 15 minutter."),
    ],
)
def test_any_login_form_gets_the_lockout_in_the_users_language(
    rf, staff, clock, language, expected
):
    def attempt(password: str):
        request = rf.post("/login/")
        form = ratelimit.RateLimitedAuthenticationForm(
            request, data={"username": "editor", "password": password}
        )
        return form.is_valid(), form.non_field_errors()

    for _ in range(ratelimit.login_account_limit().attempts):
        assert attempt("falsch")[0] is False
    with translation.override(language):
        valid, errors = attempt(PASSWORD)
    assert valid is False
    assert errors == [expected]
