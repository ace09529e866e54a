"""Who may open what: every URL pattern × every kind of visitor × method → the expected status.

The world: workspace A (an owner, a member, a client with a completed assessment and a share
link) and workspace B (its own owner and client). Visitors: anonymous (knows no link), the holder
of A's assessment's private link (not signed in), A's owner, a consultant of B (the outsider) and
a staff user without a workspace. Another workspace's objects answer 404, never 403; a refused
POST leaves every row as it was, read back from the database. A URL pattern without an entry
here fails `test_every_url_pattern_has_an_entry`, so no new view slips through undecided.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.urls import reverse
from django.utils import timezone

from assessment.actions import action_create
from assessment.consultants import invitation_send
from assessment.models import Assessment
from assessment.services import assessment_finish
from assessment.sharing import share_link_create
from reports.models import ReportFile
from tests.factories import (
    answer,
    join_workshop,
    make_client,
    make_client_assessment,
    make_consultant,
    make_workshop,
)
from tests.url_names import url_names

ACTORS = ("anonymous", "link_holder", "consultant", "outsider", "staff")
WRONG_TOKEN = "Z" * 43

# What a kind of page answers each visitor. TOKEN pages open with the private link, which is the
# only key: whoever holds it gets in; "anonymous" tries a wrong link. WORKSPACE pages need a
# consultant of the object's workspace: the others are sent to the login (not signed in) or get
# 404 (signed in elsewhere, or staff without a workspace).
LOGIN = "login"
PUBLIC = dict.fromkeys(ACTORS, 200)
TOKEN = {**PUBLIC, "anonymous": 404}
TOKEN_REDIRECT = {**dict.fromkeys(ACTORS, 302), "anonymous": 404}
TOKEN_FORM = {**dict.fromkeys(ACTORS, 400), "anonymous": 404}
NOT_FOUND = dict.fromkeys(ACTORS, 404)
WORKSPACE = {
    "anonymous": LOGIN,
    "link_holder": LOGIN,
    "consultant": 200,
    "outsider": 404,
    "staff": 404,
}


WORKSPACE_FORM = {**WORKSPACE, "consultant": 400}
WORKSPACE_REDIRECT = {**WORKSPACE, "consultant": 302}
OWN_WORKSPACE = {**WORKSPACE, "outsider": 200}
OWN_WORKSPACE_FORM = {**WORKSPACE, "consultant": 400, "outsider": 400}
OWN_WORKSPACE_REDIRECT = {**WORKSPACE, "consultant": 302, "outsider": 302}
# Pages of one's own account: any signed-in user, staff included.
SIGNED_IN = {**dict.fromkeys(ACTORS, 200), "anonymous": LOGIN, "link_holder": LOGIN}
# The login sends a signed-in user on.
SIGNED_OUT = {**dict.fromkeys(ACTORS, 302), "anonymous": 200, "link_holder": 200}


@dataclass
class World:
    owner: Any
    member: Any
    outsider: Any
    staff: Any
    client_a: Any
    assessment: Assessment
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Entry:
    """One URL pattern: how to build it, what a GET answers each visitor, and its POST."""

    kwargs: Callable[[World, str], dict[str, Any]]
    get: dict[str, int | str] | None
    post: dict[str, int | str] | None = None
    post_data: Callable[[World], dict[str, Any]] = lambda world: {}
    # False where even an allowed POST must change nothing here (the assessment is completed).
    writes: bool = True


def _token(world: World, actor: str) -> dict[str, Any]:
    return {"token": WRONG_TOKEN if actor == "anonymous" else world.assessment.token}


def _none(world: World, actor: str) -> dict[str, Any]:
    return {}


def _client(world: World, actor: str) -> dict[str, Any]:
    return {"client_id": world.client_a.pk}


def _member(world: World, actor: str) -> dict[str, Any]:
    return {"pk": world.member.membership.pk}


def _invitation(world: World, actor: str) -> dict[str, Any]:
    return {"token": WRONG_TOKEN if actor == "anonymous" else world.extras["invitation"]}


def _reset_link(world: World, actor: str) -> dict[str, Any]:
    return {"uidb64": "MQ", "token": "not-a-reset-token"}


def _share_token(world: World, actor: str) -> dict[str, Any]:
    return {"token": WRONG_TOKEN if actor == "anonymous" else world.extras["link"].token}


def _assessment_id(world: World, actor: str) -> dict[str, Any]:
    return {"assessment_id": world.assessment.pk}


def _link_id(world: World, actor: str) -> dict[str, Any]:
    return {"link_id": world.extras["link"].pk}


def _two_ids(world: World, actor: str) -> dict[str, Any]:
    return {"first_id": world.extras["earlier"].pk, "second_id": world.assessment.pk}


def _action(world: World, actor: str) -> dict[str, Any]:
    return {**_token(world, actor), "action_id": world.extras["action"].pk}


def _workshop(world: World, actor: str) -> dict[str, Any]:
    return {"assessment_id": world.extras["workshop"].assessment_id}


def _participant(world: World, actor: str) -> dict[str, Any]:
    return {"token": WRONG_TOKEN if actor == "anonymous" else world.extras["participant"].token}


def _participant_pillar(world: World, actor: str) -> dict[str, Any]:
    return {**_participant(world, actor), "pillar_key": "strategy"}


def _join_code(world: World, actor: str) -> dict[str, Any]:
    return {"code": world.extras["workshop"].join_code}


def _workshop_question(world: World, actor: str) -> dict[str, Any]:
    return {**_workshop(world, actor), "question_key": "strategy_q1"}


def _report_file(world: World, actor: str) -> dict[str, Any]:
    return {**_token(world, actor), "file_id": world.extras["report_file"].pk}


def _shared_report_file(world: World, actor: str) -> dict[str, Any]:
    return {**_share_token(world, actor), "file_id": world.extras["report_file"].pk}


def _pillar(world: World, actor: str) -> dict[str, Any]:
    return {**_token(world, actor), "pillar_key": "strategy"}


# A completed assessment: writes behind its private link answer 302 back to the results (the
# questionnaire refuses changes politely) or, for reopen, reopen it; a wrong link is 404.
ENTRIES: dict[str, Entry] = {
    "assessment:home": Entry(_none, PUBLIC),
    "assessment:start": Entry(_none, PUBLIC, post=PUBLIC, writes=False),  # empty form: refused
    "assessment:resume": Entry(_token, TOKEN_REDIRECT),
    "assessment:link": Entry(_token, TOKEN),
    "assessment:pillar": Entry(_pillar, TOKEN, post=TOKEN_REDIRECT, writes=False),
    "assessment:answer": Entry(_token, None, post=TOKEN_REDIRECT, writes=False),
    "assessment:review": Entry(_token, TOKEN),
    "assessment:finish": Entry(_token, None, post=TOKEN_REDIRECT, writes=False),
    "assessment:reopen": Entry(_token, None, post=TOKEN_REDIRECT),
    # Only an anonymous self-assessment is deleted through its link; this is a client's.
    "assessment:delete": Entry(_token, NOT_FOUND, post=NOT_FOUND),
    "assessment:imprint": Entry(_none, PUBLIC),
    "assessment:privacy": Entry(_none, PUBLIC),
    "reports:results": Entry(_token, TOKEN),
    "reports:results_json": Entry(_token, TOKEN),
    "reports:answers_csv": Entry(_token, TOKEN),
    "reports:answers_xlsx": Entry(_token, TOKEN),
    "reports:report_pdf": Entry(_token, TOKEN),
    "reports:report_docx": Entry(_token, TOKEN),
    # A report being made: its page and status box open with the link that asked for it.
    "reports:report_progress": Entry(_report_file, TOKEN),
    "reports:report_status": Entry(_report_file, TOKEN),
    # A share link opens for whoever holds it (here everyone but "anonymous", who guesses).
    "reports:shared_results": Entry(_share_token, TOKEN),
    "reports:shared_report_pdf": Entry(_share_token, TOKEN),
    "reports:shared_report_progress": Entry(_shared_report_file, TOKEN),
    "reports:shared_report_status": Entry(_shared_report_file, TOKEN),
    "reports:share_create": Entry(
        _assessment_id, None, post={**WORKSPACE, "consultant": 302}, post_data=lambda w: {"days": 5}
    ),
    "reports:share_revoke": Entry(_link_id, None, post={**WORKSPACE, "consultant": 302}),
    "reports:compare": Entry(_two_ids, WORKSPACE),
    "set_language": Entry(_none, dict.fromkeys(ACTORS, 302), post=dict.fromkeys(ACTORS, 302)),
    # Clients: the list and the create form are the signed-in consultant's own workspace's, so an
    # outsider gets theirs; staff without a workspace gets 404. Empty forms are refused (400).
    "clients:list": Entry(_none, OWN_WORKSPACE),
    "clients:create": Entry(_none, OWN_WORKSPACE, post=OWN_WORKSPACE_FORM, writes=False),
    "clients:detail": Entry(_client, WORKSPACE),
    "clients:compare_pick": Entry(_client, WORKSPACE_REDIRECT),  # no choice: back to the client
    "clients:edit": Entry(_client, WORKSPACE, post=WORKSPACE_FORM, writes=False),
    "clients:delete": Entry(_client, WORKSPACE, post=WORKSPACE_REDIRECT),
    "clients:assessment_new": Entry(_client, WORKSPACE, post=WORKSPACE_FORM, writes=False),
    "clients:reassess": Entry(
        _client,
        None,
        post=WORKSPACE_REDIRECT,
        post_data=lambda world: {"mode": "self", "language": "de"},
    ),
    # Accounts. Empty forms are refused with the form again (200) and change nothing.
    "accounts:login": Entry(_none, SIGNED_OUT, post=SIGNED_OUT, writes=False),
    "accounts:logout": Entry(_none, None, post=dict.fromkeys(ACTORS, 302), writes=False),
    "accounts:password_change": Entry(_none, SIGNED_IN, post=SIGNED_IN, writes=False),
    "accounts:password_change_done": Entry(_none, SIGNED_IN),
    "accounts:password_reset": Entry(_none, PUBLIC, post=PUBLIC, writes=False),
    "accounts:password_reset_done": Entry(_none, PUBLIC),
    "accounts:password_reset_confirm": Entry(_reset_link, PUBLIC, post=PUBLIC, writes=False),
    "accounts:password_reset_complete": Entry(_none, PUBLIC),
    # The invitation link is a bearer key like the private link.
    "accounts:invitation": Entry(_invitation, TOKEN, post=TOKEN, writes=False),
    # The workspace pages are the signed-in consultant's own; the member to remove is A's.
    "workspace:settings": Entry(
        _none, OWN_WORKSPACE, post=OWN_WORKSPACE_REDIRECT, post_data=lambda w: {"roles": "IT"}
    ),
    "workspace:members": Entry(_none, OWN_WORKSPACE, post=OWN_WORKSPACE, writes=False),
    "workspace:member_remove": Entry(_member, None, post=WORKSPACE_REDIRECT),
    # A live workshop of client A: its consultants run it, everyone else gets 404 (or the login).
    "workshops:facilitator": Entry(_workshop, WORKSPACE),
    "workshops:live": Entry(_workshop, WORKSPACE),
    "workshops:projector": Entry(_workshop, WORKSPACE),
    "workshops:move": Entry(
        _workshop, None, post=WORKSPACE_REDIRECT, post_data=lambda w: {"pillar": "processes"}
    ),
    "workshops:reveal": Entry(_workshop, None, post=WORKSPACE_REDIRECT),
    "workshops:hide": Entry(_workshop, None, post=WORKSPACE_REDIRECT),
    "workshops:close": Entry(_workshop, None, post=WORKSPACE_REDIRECT),
    "workshops:reopen": Entry(_workshop, None, post=WORKSPACE_REDIRECT),
    # The action plan opens with the private link, like the results. Empty forms are refused.
    "actions:plan": Entry(_token, TOKEN, post=TOKEN_FORM, writes=False),
    "actions:from_step": Entry(_token, None, post=TOKEN_REDIRECT, writes=False),
    "actions:carry_over": Entry(_token, None, post=TOKEN_REDIRECT, writes=False),  # no baseline
    "actions:edit": Entry(_action, TOKEN, post=TOKEN_FORM, writes=False),
    "actions:move": Entry(_action, None, post=TOKEN_REDIRECT, writes=False),  # the only one
    "actions:delete": Entry(_action, None, post=TOKEN_REDIRECT),
    "actions:export_csv": Entry(_token, TOKEN),
    "actions:export_xlsx": Entry(_token, TOKEN),
    "actions:export_ics": Entry(_token, TOKEN),
    # The KPI calculators: anyone, signed in or not; an empty form is refused (400), nothing stored.
    "kpi:index": Entry(_none, PUBLIC),
    "kpi:nps": Entry(_none, PUBLIC, post=dict.fromkeys(ACTORS, 400), writes=False),
    "kpi:churn": Entry(_none, PUBLIC, post=dict.fromkeys(ACTORS, 400), writes=False),
    "kpi:clv": Entry(_none, PUBLIC, post=dict.fromkeys(ACTORS, 400), writes=False),
    "kpi:customer_value": Entry(_none, PUBLIC, post=dict.fromkeys(ACTORS, 400), writes=False),
    # A workshop participant: the join code is public (empty forms refused); then the private
    # link is the only key, like a self-assessor's. The workshop is facilitator-paced on
    # "strategy", so the page form sends the participant back to it.
    "participate:join": Entry(_none, PUBLIC, post=dict.fromkeys(ACTORS, 400), writes=False),
    "participate:join_code": Entry(
        _join_code, PUBLIC, post=dict.fromkeys(ACTORS, 400), writes=False
    ),
    "participate:start": Entry(_participant, TOKEN_REDIRECT),
    "participate:link": Entry(_participant, TOKEN),
    "participate:pillar": Entry(_participant_pillar, TOKEN, post=TOKEN_REDIRECT, writes=False),
    "participate:answer": Entry(_participant, None, post=TOKEN_REDIRECT, writes=False),
    "participate:state": Entry(_participant, TOKEN),
    "participate:done": Entry(_participant, TOKEN, post=TOKEN_REDIRECT),
    # A workshop's agreed levels: its consultants record them; the team view on a participant's
    # phone opens with the participant's own link (before the reveal: "not revealed yet", 200).
    "reports:consensus": Entry(
        _workshop_question, None, post=WORKSPACE_REDIRECT, post_data=lambda w: {"level": 3}
    ),
    "reports:participant_team": Entry(_participant, TOKEN),
    # A full check already: extending it changes nothing.
    "assessment:extend": Entry(_token, None, post=TOKEN_REDIRECT, writes=False),
    # An assessment's KPI figures open with the private link; an empty form is refused.
    "reports:kpi_inputs": Entry(_token, TOKEN, post=TOKEN_FORM, writes=False),
    # Leaving the peer benchmark: an empty form is refused.
    "reports:benchmark_opt_out": Entry(_token, None, post=TOKEN_FORM, writes=False),
}


def test_every_url_pattern_has_an_entry():
    assert url_names() == set(ENTRIES)


@pytest.fixture
def world(small_catalog, monkeypatch) -> World:
    from reports import docx_report, pdf

    # The report builders are tested elsewhere; here only who gets a response matters.
    monkeypatch.setattr(pdf, "report_pdf", lambda *args, **kwargs: b"%PDF-1.7 test")
    monkeypatch.setattr(docx_report, "report_docx", lambda *args, **kwargs: b"PK test")
    owner = make_consultant(email="owner@a.example", workspace="A")
    member = make_consultant(email="member@a.example", workspace="A")
    outsider = make_consultant(email="owner@b.example", workspace="B")
    staff = get_user_model().objects.create_user(
        "staff@example.com", "staff@example.com", "staff-pass-42", is_staff=True
    )
    client_a = make_client(owner, name="Kunde A")
    make_client(outsider, name="Kunde B")
    assessment = make_client_assessment(client_a, small_catalog)
    answer(assessment, small_catalog.questions.order_by("pk").first().key, 3)
    assessment = assessment_finish(assessment=assessment)
    earlier = make_client_assessment(client_a, small_catalog)
    answer(earlier, small_catalog.questions.order_by("pk").first().key, 2)
    earlier = assessment_finish(assessment=earlier)
    link = share_link_create(assessment=assessment, created_by=owner)
    world = World(
        owner,
        member,
        outsider,
        staff,
        client_a,
        assessment,
        extras={
            "earlier": earlier,
            "link": link,
            "workshop": make_workshop(client_a, small_catalog, pacing="facilitator"),
            "action": action_create(assessment=assessment, title="Zielgruppen festlegen"),
            # Being made: the share link's report (its PDF with comments) is the same one.
            "report_file": ReportFile.objects.create(
                assessment=assessment,
                kind="pdf",
                language=assessment.language,
                state_key="k" * 64,
                requested_at=timezone.now(),
            ),
        },
    )
    world.extras["participant"] = join_workshop(world.extras["workshop"], role="IT")
    invitation_send(
        workspace=owner.membership.workspace,
        email="invited@a.example",
        invited_by=owner,
        accept_url=lambda token: world.extras.setdefault("invitation", token),
    )
    return world


def _sign_in(client, world: World, actor: str) -> None:
    user = {"consultant": world.owner, "outsider": world.outsider, "staff": world.staff}.get(actor)
    if user is not None:
        client.force_login(user)


def _snapshot() -> str:
    """Every row of the app's models and the users, in a stable order."""
    rows = []
    for model in apps.get_models():
        if model._meta.app_label in {"assessment", "pillars", "auth"}:
            rows.append(serializers.serialize("json", model.objects.order_by("pk")))
    return "\n".join(rows)


def _check(response, expected: int | str, where: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, where
        assert response["Location"].startswith(reverse("accounts:login")), where
    else:
        assert response.status_code == expected, (where, response.status_code)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_get(client, world, name, actor):
    entry = ENTRIES[name]
    _sign_in(client, world, actor)
    url = reverse(name, kwargs=entry.kwargs(world, actor))
    response = client.get(url)
    if entry.get is None:
        assert response.status_code == 405, name
        return
    _check(response, entry.get[actor], f"GET {name} as {actor}")


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", sorted(n for n, e in ENTRIES.items() if e.post is not None))
def test_post(client, world, name, actor):
    entry = ENTRIES[name]
    assert entry.post is not None
    _sign_in(client, world, actor)
    url = reverse(name, kwargs=entry.kwargs(world, actor))
    before = _snapshot()
    response = client.post(url, entry.post_data(world))
    expected = entry.post[actor]
    _check(response, expected, f"POST {name} as {actor}")
    if expected in (404, LOGIN) or not entry.writes:
        assert _snapshot() == before, f"a refused POST {name} by {actor} changed rows"
