from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from assessment.models import Membership, Workspace


def _create(monkeypatch, password="ein-gutes-Passwort-1", **kwargs):
    monkeypatch.setenv("KK_PASSWORD", password)
    args = {"email": "Anna@Beratung.example", "name": "Anna Muster", "workspace": "Beratung Süd"}
    args.update(kwargs)
    call_command("createconsultant", *[f"--{k}={v}" for k, v in args.items()])


def test_creates_the_workspace_with_its_owner_then_members(db, monkeypatch):
    _create(monkeypatch)
    user = get_user_model().objects.get(username="anna@beratung.example")
    assert user.check_password("ein-gutes-Passwort-1")
    assert (user.first_name, user.last_name) == ("Anna", "Muster")
    assert user.membership.role == Membership.Role.OWNER
    _create(monkeypatch, email="ben@beratung.example", name="Ben")
    assert Workspace.objects.count() == 1
    assert Membership.objects.get(user__username="ben@beratung.example").role == "member"


def test_refuses_a_duplicate_email_in_any_case(db, monkeypatch):
    _create(monkeypatch)
    with pytest.raises(CommandError, match="exists already"):
        _create(monkeypatch, email="ANNA@beratung.example")


@pytest.mark.parametrize("password", ["123", "password", "anna@beratung.example"])
def test_refuses_a_weak_password(db, monkeypatch, password):
    with pytest.raises(CommandError, match="Password refused"):
        _create(monkeypatch, password=password)
    assert not get_user_model().objects.exists()


def test_refuses_a_malformed_email(db, monkeypatch):
    with pytest.raises(CommandError, match="Not an email"):
        _create(monkeypatch, email="keine-adresse")


def test_without_password_and_terminal_it_says_what_to_do(db, monkeypatch):
    monkeypatch.delenv("KK_PASSWORD", raising=False)
    monkeypatch.setattr("os.isatty", lambda fd: False)
    with pytest.raises(CommandError, match="KK_PASSWORD"):
        call_command("createconsultant", "--email=a@b.example", "--name=A", "--workspace=W")
