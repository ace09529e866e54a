"""Writes for consultants: workspaces, their members and clients, and assessments of a client.

Views and commands call these; the access helpers in `access.py` decide who may.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from pillars.models import CatalogVersion
from pillars.selectors import catalog_current

from .branding import LogoImage
from .models import (
    Assessment,
    BusinessModel,
    Invitation,
    Membership,
    Organisation,
    Participant,
    Workshop,
    Workspace,
    new_token,
)


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
    naming: str = Workshop.Naming.NAMED,
    pacing: str = Workshop.Pacing.SELF,
) -> Assessment:
    """A new assessment of a workspace's client: self-assessed by link, facilitated, or a live
    workshop (naming and pacing apply to workshops only)."""
    if mode == Assessment.Mode.DISTRIBUTED:
        # Imported here: workshops builds on services, which imports this module.
        from .workshops import workshop_open

        return workshop_open(
            client=client,
            catalog=catalog,
            language=language,
            naming=naming,
            pacing=pacing,
            created_by=created_by,
            baseline=baseline,
        ).assessment
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


class InvitationInvalid(Exception):
    """The invitation was used, has expired, or its address has an account meanwhile."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_send(
    *, workspace: Workspace, email: str, invited_by: User, accept_url: Callable[[str], str]
) -> Invitation:
    """Invite an address to the workspace by email; the link works for INVITATION_DAYS days.

    Only the token's hash is stored: the database alone does not let anyone join.
    `accept_url` turns the token into the absolute link the email carries.
    """
    email = normalized_email(email)
    if get_user_model().objects.filter(username__iexact=email).exists():
        raise ValueError("This address has an account already.")
    token = new_token()
    days = settings.INVITATION_DAYS
    invitation = Invitation.objects.create(
        workspace=workspace,
        email=email,
        token_hash=_token_hash(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=days),
    )
    context = {
        "workspace": workspace.shown_name,
        "inviter": invited_by.get_full_name() or invited_by.get_username(),
        "url": accept_url(token),
        "days": days,
    }
    subject = render_to_string("accounts/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(subject, body, None, [email])
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The open invitation behind a link: not used, not expired."""
    return (
        Invitation.objects.select_related("workspace")
        .filter(
            token_hash=_token_hash(token), accepted_at__isnull=True, expires_at__gt=timezone.now()
        )
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, name: str, password: str) -> Membership:
    """The invitee's account, as a member of the inviting workspace."""
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).update(accepted_at=timezone.now())
    if not claimed:
        raise InvitationInvalid
    try:
        return consultant_create(
            email=invitation.email,
            name=name,
            workspace_name=invitation.workspace.name,
            password=password,
            role=Membership.Role.MEMBER,
        )
    except (ValueError, ValidationError) as error:
        # An account made meanwhile, or an address too long for a login name.
        raise InvitationInvalid from error


class LastOwner(Exception):
    """A workspace keeps at least one owner."""


@transaction.atomic
def member_remove(*, membership: Membership) -> None:
    """Remove a consultant from the workspace; their account goes with it.

    The workspace's clients and assessments stay: they belong to the workspace, not to them.
    """
    if membership.is_owner:
        owners = Membership.objects.select_for_update().filter(
            workspace_id=membership.workspace_id, role=Membership.Role.OWNER
        )
        if owners.count() <= 1:
            raise LastOwner
    membership.user.delete()


@transaction.atomic
def branding_update(
    *,
    workspace: Workspace,
    display_name: str,
    accent_color: str,
    contact_line: str,
    logo: LogoImage | None = None,
    remove_logo: bool = False,
) -> Workspace:
    """Store the workspace's branding; the values were validated by `branding.py`'s checks."""
    workspace.display_name = display_name
    workspace.accent_color = accent_color
    workspace.contact_line = contact_line
    if logo is not None:
        workspace.logo, workspace.logo_content_type = logo.data, logo.content_type
    elif remove_logo:
        workspace.logo, workspace.logo_content_type = b"", ""
    workspace.full_clean()
    workspace.save()
    return workspace


def workshop_roles_update(*, workspace: Workspace, roles: list[str]) -> Workspace:
    """The roles workshop participants choose from; the first is the leadership.

    Workshops keep the roles their participants chose; a workshop opened later takes the new
    list (and its first role as the leadership).
    """
    if not roles:
        raise ValueError("A workspace needs at least one workshop role.")
    workspace.roles = "\n".join(roles)
    workspace.save(update_fields=["roles"])
    return workspace


@transaction.atomic
def client_create(
    *,
    workspace: Workspace,
    name: str,
    industry: str,
    size_band: str = "",
    country: str = "",
    contact: str = "",
    business_model: str = BusinessModel.BOTH,
    is_sample: bool = False,
) -> Organisation:
    """A new client of the workspace (`is_sample`: demo data, never in a benchmark)."""
    client = Organisation(
        workspace=workspace,
        name=name,
        industry=industry,
        size_band=size_band,
        country=country,
        contact=contact,
        business_model=business_model,
        is_sample=is_sample,
    )
    client.full_clean()
    client.save()
    return client


@transaction.atomic
def client_update(
    *,
    client: Organisation,
    name: str,
    industry: str,
    size_band: str = "",
    country: str = "",
    contact: str = "",
    business_model: str = BusinessModel.BOTH,
) -> Organisation:
    """Change a client's details; its assessments stay as they are."""
    if client.workspace_id is None:
        raise ValueError("Only a workspace's clients are edited here.")
    client.name = name
    client.industry = industry
    client.size_band = size_band
    client.country = country
    client.contact = contact
    client.business_model = business_model
    client.full_clean()
    client.save()
    return client


@transaction.atomic
def client_delete(*, client: Organisation) -> None:
    """Delete a client and every row that belongs to it.

    Its assessments, their participants, answers and share links go with it through the foreign
    keys' cascades; nothing outside the client points at them (a baseline is always an
    assessment of the same client).
    """
    if client.workspace_id is None:
        raise ValueError("Only a workspace's clients are deleted here.")
    client.delete()


class NothingToReassess(Exception):
    """The client has no completed assessment to start again from."""


@transaction.atomic
def assessment_reassess(
    *,
    client: Organisation,
    created_by: User | None,
    mode: str,
    language: str,
    catalog: CatalogVersion | None = None,
    naming: str = Workshop.Naming.NAMED,
    pacing: str = Workshop.Pacing.SELF,
) -> Assessment:
    """A new assessment of the client with its newest completed assessment as the baseline.

    It is answered with `catalog`, the current catalog when none is given; the earlier answers
    are matched to its questions by key.
    """
    baseline = (
        Assessment.objects.filter(organisation=client, status=Assessment.Status.COMPLETED)
        .order_by("-completed_at", "-pk")
        .first()
    )
    if baseline is None:
        raise NothingToReassess(f"Client {client.pk} has no completed assessment.")
    catalog = catalog or catalog_current()
    if catalog is None:
        raise ValueError("No catalog is published.")
    return client_assessment_start(
        client=client,
        catalog=catalog,
        language=language,
        mode=mode,
        created_by=created_by,
        baseline=baseline,
        naming=naming,
        pacing=pacing,
    )


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
