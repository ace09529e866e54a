"""The only doors to an assessment: views and commands get one here or not at all."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone

from . import ratelimit
from .models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    Action,
    Assessment,
    Membership,
    Organisation,
    Participant,
    ShareLink,
    Workshop,
    Workspace,
)
from .selectors import assessment_for_token
from .spelling import mark_request


def assessment_for_request(request: HttpRequest, token: str) -> Assessment:
    """An assessment by its private link, or 404 for everyone else.

    An address that has tried too many wrong links gets 429 for every link, right ones
    included, until its window ends: a guesser learns nothing from the answers.
    """
    address = ratelimit.client_address(request)
    ratelimit.refuse_if_exhausted(ratelimit.token_miss_limit(), address)
    assessment = assessment_for_token(token)
    if assessment is None:
        ratelimit.hit(ratelimit.token_miss_limit(), address)
        raise Http404("No assessment behind this link.")
    mark_request(request, assessment)
    return assessment


def questionnaire_for_request(request: HttpRequest, token: str) -> Assessment:
    """An assessment answered through its own private link (self-assessed or facilitated).

    A live workshop's participants answer through their own links: the workshop's link leads to
    its team results, never to a questionnaire (404 here).
    """
    assessment = assessment_for_request(request, token)
    if assessment.mode == Assessment.Mode.DISTRIBUTED:
        raise Http404("A workshop is answered through the participants' own links.")
    return assessment


def self_assessment_for_request(request: HttpRequest, token: str) -> Assessment:
    """An anonymous self-assessment by its private link; a workspace's assessment is 404 here."""
    assessment = assessment_for_request(request, token)
    if assessment.organisation.workspace_id is not None:
        raise Http404("A client's assessment belongs to the consultant's workspace.")
    return assessment


def assessment_for_reference(reference: str) -> Assessment | None:
    """An assessment by its private-link token or numeric id, for the command line."""
    assessment = assessment_for_token(reference)
    if assessment is None and reference.isascii() and reference.isdigit():
        assessment = (
            Assessment.objects.select_related("organisation", "catalog")
            .filter(pk=int(reference))
            .first()
        )
    return assessment


# --- Consultants: one door per kind of object, each answering 404 outside the user's workspace.


def membership_for_request(request: HttpRequest) -> Membership:
    """The signed-in consultant's membership; 404 for a user who belongs to no workspace.

    Views call this behind `login_required`, so an anonymous visitor is sent to the login first.
    """
    user = request.user
    if not user.is_authenticated:
        raise Http404("Not signed in.")
    membership = (
        Membership.objects.select_related("workspace", "user").filter(user_id=user.pk).first()
    )
    if membership is None:
        raise Http404("No workspace.")
    # The page's navigation reads `user.membership` again: this fills Django's cache for it.
    setattr(user, "membership", membership)  # noqa: B010
    return membership


def workspace_for_request(request: HttpRequest) -> Workspace:
    return membership_for_request(request).workspace


def owner_membership_for_request(request: HttpRequest) -> Membership:
    """The membership of a workspace owner; 404 for members, as for everyone else."""
    membership = membership_for_request(request)
    if not membership.is_owner:
        raise Http404("Only the workspace's owners may do this.")
    return membership


def member_for_owner(request: HttpRequest, membership_id: int) -> Membership:
    """A membership of the owner's own workspace, for the owner to manage; 404 otherwise."""
    owner = owner_membership_for_request(request)
    membership = (
        Membership.objects.select_related("user", "workspace")
        .filter(pk=membership_id, workspace_id=owner.workspace_id)
        .first()
    )
    if membership is None:
        raise Http404("No such member in this workspace.")
    return membership


def client_for_request(request: HttpRequest, client_id: int) -> Organisation:
    """A client of the signed-in consultant's workspace, or 404."""
    workspace = workspace_for_request(request)
    client = Organisation.objects.filter(pk=client_id, workspace=workspace).first()
    if client is None:
        raise Http404("No such client in this workspace.")
    client.workspace = workspace
    return client


def workspace_assessment_for_request(request: HttpRequest, assessment_id: int) -> Assessment:
    """An assessment of one of the workspace's clients, by its id, or 404."""
    workspace = workspace_for_request(request)
    assessment = (
        Assessment.objects.select_related("organisation", "catalog")
        .filter(pk=assessment_id, organisation__workspace=workspace)
        .first()
    )
    if assessment is None:
        raise Http404("No such assessment in this workspace.")
    assessment.organisation.workspace = workspace
    mark_request(request, assessment)
    return assessment


def share_link_for_request(request: HttpRequest, token: str) -> ShareLink:
    """A share link that is neither expired nor revoked, or 404; wrong links count as misses.

    Misses share the private links' limit: a guesser gains nothing by switching kinds.
    """
    address = ratelimit.client_address(request)
    ratelimit.refuse_if_exhausted(ratelimit.token_miss_limit(), address)
    link = (
        ShareLink.objects.select_related(
            "assessment",
            "assessment__organisation",
            "assessment__organisation__workspace",
            "assessment__catalog",
        )
        .filter(
            token=token,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            assessment__status=Assessment.Status.COMPLETED,
        )
        .first()
    )
    if link is None:
        ratelimit.hit(ratelimit.token_miss_limit(), address)
        raise Http404("No result behind this link.")
    mark_request(request, link.assessment)
    return link


def workspace_share_link_for_request(request: HttpRequest, link_id: int) -> ShareLink:
    """A share link to an assessment of the signed-in consultant's workspace, by id, or 404."""
    workspace = workspace_for_request(request)
    link = (
        ShareLink.objects.select_related("assessment", "assessment__organisation")
        .filter(pk=link_id, assessment__organisation__workspace=workspace)
        .first()
    )
    if link is None:
        raise Http404("No such share link in this workspace.")
    return link


def is_workspace_consultant(request: HttpRequest, assessment: Assessment) -> bool:
    """Whether the signed-in user is a consultant of the assessment's workspace.

    No query for anonymous visitors or assessments outside any workspace: a page shows its
    consultants' tools (share links) only when this is true.
    """
    workspace_id = assessment.organisation.workspace_id
    if workspace_id is None or not request.user.is_authenticated:
        return False
    return Membership.objects.filter(user_id=request.user.pk, workspace_id=workspace_id).exists()


# --- Workshops: the consultant's door by assessment id, the participants' by code and link.

_WORKSHOP_RELATED = (
    "assessment",
    "assessment__organisation",
    "assessment__organisation__workspace",
    "assessment__catalog",
)


def workshop_for_request(request: HttpRequest, assessment_id: int) -> Workshop:
    """The workshop of an assessment of the consultant's workspace, or 404."""
    workspace = workspace_for_request(request)
    workshop = (
        Workshop.objects.select_related(*_WORKSHOP_RELATED)
        .filter(assessment_id=assessment_id, assessment__organisation__workspace=workspace)
        .first()
    )
    if workshop is None:
        raise Http404("No such workshop in this workspace.")
    mark_request(request, workshop.assessment)
    return workshop


def normalized_join_code(code: str) -> str:
    """A code as typed on a phone: any case, spaces and dashes ignored; '' when it cannot be one."""
    code = "".join(code.split()).replace("-", "").upper()
    if len(code) != JOIN_CODE_LENGTH or any(char not in JOIN_CODE_ALPHABET for char in code):
        return ""
    return code


def open_workshop_for_code(request: HttpRequest, code: str) -> Workshop | None:
    """The open workshop behind a join code, or None; wrong codes count per address.

    An address that has tried too many wrong codes is refused (429) for every code, right ones
    included, until its window ends.
    """
    address = ratelimit.client_address(request)
    limit = ratelimit.join_code_miss_limit()
    ratelimit.refuse_if_exhausted(limit, address)
    code = normalized_join_code(code)
    workshop = (
        Workshop.objects.select_related(*_WORKSHOP_RELATED)
        .filter(join_code=code, closed_at__isnull=True)
        .first()
        if code
        else None
    )
    if workshop is None:
        ratelimit.hit(limit, address)
    else:
        mark_request(request, workshop.assessment)
    return workshop


def participant_for_request(request: HttpRequest, token: str) -> Participant:
    """A workshop participant by their private link, or 404; wrong links count as misses."""
    address = ratelimit.client_address(request)
    ratelimit.refuse_if_exhausted(ratelimit.token_miss_limit(), address)
    participant = (
        Participant.objects.select_related(
            "assessment",
            "assessment__organisation",
            "assessment__organisation__workspace",
            "assessment__catalog",
            "assessment__workshop",
        )
        .filter(token=token)
        .first()
        if token
        else None
    )
    if participant is None:
        ratelimit.hit(ratelimit.token_miss_limit(), address)
        raise Http404("No participant behind this link.")
    mark_request(request, participant.assessment)
    return participant


def action_for_request(request: HttpRequest, token: str, action_id: int) -> Action:
    """An action of the action plan behind the private link, or 404."""
    assessment = assessment_for_request(request, token)
    action = Action.objects.filter(pk=action_id, assessment=assessment).first()
    if action is None:
        raise Http404("No such action in this plan.")
    action.assessment = assessment
    return action
