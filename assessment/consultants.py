"""Writes for consultants: workspaces, their members and clients, and assessments of a client.

Views and commands call these; the access helpers in `access.py` decide who may.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from pillars.models import CatalogVersion

from .models import Assessment, Membership, Organisation, Participant, Workspace


def normalized_email(email: str) -> str:
    return get_user_model().objects.normalize_email(email.strip()).lower()


@transaction.atomic
def consultant_create(
    *,
    email: str,
    name: str,
    workspace_name: str,
    password: str | None,
    role: str | None = None,
) -> Membership:
    """A consultant account in the named workspace, which is created when it does not exist.

    The first member of a new workspace is its owner; later ones are members unless `role` says
    otherwise. The email is the login name. `password=None` leaves the account without a usable
    password (it is set through the reset link).
    """
    User = get_user_model()
    email = normalized_email(email)
    if User.objects.filter(username__iexact=email).exists():
        raise ValueError(f"An account for {email} exists already.")
    workspace, created = Workspace.objects.get_or_create(name=workspace_name.strip())
    first_name, _, last_name = name.strip().partition(" ")
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    return Membership.objects.create(
        workspace=workspace,
        user=user,
        role=role or (Membership.Role.OWNER if created else Membership.Role.MEMBER),
    )


@transaction.atomic
def client_assessment_start(
    *,
    client: Organisation,
    catalog: CatalogVersion,
    language: str,
    mode: str = Assessment.Mode.SELF,
    created_by: User | None = None,
    baseline: Assessment | None = None,
) -> Assessment:
    """A new assessment of a workspace's client, self-assessed by link or facilitated."""
    if client.workspace_id is None:
        raise ValueError("Only a workspace's clients get client assessments.")
    if baseline is not None and (
        baseline.organisation_id != client.pk or not baseline.is_completed
    ):
        raise ValueError("A baseline is a completed assessment of the same client.")
    assessment = Assessment(
        organisation=client,
        catalog=catalog,
        language=language,
        mode=mode,
        created_by=created_by,
        baseline=baseline,
    )
    assessment.full_clean()
    assessment.save()
    Participant.objects.create(assessment=assessment)
    return assessment


@transaction.atomic
def client_find_or_create(
    *, workspace: Workspace, name: str, industry: str, size_band: str, country: str
) -> tuple[Organisation, bool]:
    """The workspace's client of this name (the oldest, if several), or a new one: (client, new).

    For the command line (`import_assessment --workspace W --client C`); the other fields are
    used only for a new client.
    """
    name = " ".join(name.split())
    client = Organisation.objects.filter(workspace=workspace, name=name).order_by("pk").first()
    if client is not None:
        return client, False
    client = Organisation(
        name=name, industry=industry, size_band=size_band, country=country, workspace=workspace
    )
    client.full_clean()
    client.save()
    return client, True
