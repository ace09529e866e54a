"""Staff create consultants in the admin: a user with its membership, workspaces, invitations."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessment.consultants import invitation_send
from assessment.models import Invitation, Membership, Workspace
from tests.factories import make_consultant

PASSWORD = "ein-sicheres-Passwort-42"


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", PASSWORD)
    client.force_login(admin)
    return client


def _inline(prefix: str, total: int = 1, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1",
    }


def test_staff_create_a_consultant_with_a_membership(admin_client):
    workspace = Workspace.objects.create(name="Beratung Nord")
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "nora@example.com",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **_inline("membership"),
            "membership-0-workspace": str(workspace.pk),
            "membership-0-role": "owner",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = get_user_model().objects.get(username="nora@example.com")
    assert user.check_password(PASSWORD)
    assert Membership.objects.get(user=user).workspace == workspace


def test_the_admin_pages_open(admin_client):
    owner = make_consultant(email="owner@a.example", workspace="Beratung A")
    invitation = invitation_send(
        workspace=owner.membership.workspace,
        email="neu@a.example",
        invited_by=owner,
        accept_url=lambda token: f"https://kompass.example/{token}/",
    )
    pages = [
        reverse("admin:assessment_workspace_changelist"),
        reverse("admin:assessment_workspace_change", args=[owner.membership.workspace.pk]),
        reverse("admin:assessment_workspace_add"),
        reverse("admin:assessment_membership_changelist"),
        reverse("admin:assessment_membership_change", args=[owner.membership.pk]),
        reverse("admin:assessment_invitation_changelist"),
        reverse("admin:assessment_invitation_change", args=[invitation.pk]),
        reverse("admin:auth_user_change", args=[owner.pk]),
    ]
    for page in pages:
        assert admin_client.get(page).status_code == 200, page


def test_invitations_are_read_only_in_the_admin(admin_client):
    owner = make_consultant(email="owner@a.example", workspace="Beratung A")
    invitation = invitation_send(
        workspace=owner.membership.workspace,
        email="neu@a.example",
        invited_by=owner,
        accept_url=lambda token: f"https://kompass.example/{token}/",
    )
    assert admin_client.get(reverse("admin:assessment_invitation_add")).status_code == 403
    url = reverse("admin:assessment_invitation_change", args=[invitation.pk])
    admin_client.post(url, {"email": "evil@example.com", "token_hash": "0" * 64})
    invitation.refresh_from_db()
    assert invitation.email == "neu@a.example" and invitation.token_hash != "0" * 64
    assert Invitation.objects.count() == 1
