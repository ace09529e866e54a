"""Nobody reaches an assessment without its private link."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from assessment import access, ratelimit
from assessment.models import Answer, Organisation, ShareLink
from assessment.services import assessment_finish, assessment_reopen
from tests.factories import make_client, make_client_assessment, make_consultant

TOKEN_VIEWS = [
    "assessment:resume",
    "assessment:link",
    "assessment:review",
    "reports:results",
    "reports:results_json",
    "reports:answers_csv",
    "reports:answers_xlsx",
    "actions:export_xlsx",
]


@pytest.mark.parametrize("name", TOKEN_VIEWS)
def test_unknown_token_is_a_friendly_404(client, assessment, name):
    fake = "A" * 43
    response = client.get(reverse(name, kwargs={"token": fake}))
    assert response.status_code == 404
    assert "Wir konnten diese Seite nicht finden" in response.content.decode()


@pytest.mark.parametrize("name", ["finish", "reopen", "answer"])
def test_unknown_token_cannot_write(client, assessment, name):
    response = client.post(reverse(f"assessment:{name}", kwargs={"token": "B" * 43}))
    assert response.status_code == 404


def test_pillar_page_with_unknown_token(client, assessment):
    url = reverse("assessment:pillar", kwargs={"token": "C" * 43, "pillar_key": "strategy"})
    assert client.get(url).status_code == 404
    assert client.post(url, {"strategy_target_groups-value": "3"}).status_code == 404
    assert Answer.objects.count() == 0


@pytest.mark.parametrize(
    "path", ["/de/a/short/", "/de/a/%3Cscript%3E/", "/de/a/" + "x" * 200 + "/", "/de/a/a.b.c/"]
)
def test_malformed_token_is_404(client, db, path):
    assert client.get(path).status_code == 404


def test_404_page_speaks_the_users_language(client, db):
    assert "We could not find this page" in client.get("/en/a/" + "D" * 43 + "/").content.decode()
    assert "Vi kunne ikke finde siden" in client.get("/da/a/" + "D" * 43 + "/").content.decode()


def test_one_token_does_not_open_another_assessment(client, assessment, other_assessment):
    response = client.get(reverse("reports:results", kwargs={"token": assessment.token}))
    assert other_assessment.organisation.name not in response.content.decode()
    assert assessment.organisation.name in response.content.decode()


# --- The doors themselves, called with a bare request: what each lets through and what it loads.


@pytest.fixture
def world(catalog):
    """Two workspaces, each with a client and a completed client assessment."""
    owner = make_consultant()
    member = make_consultant(email="mitglied@example.com")
    outsider = make_consultant(email="fremd@example.com", workspace="Beratung Süd")
    client = make_client(owner)
    foreign_client = make_client(outsider, name="Fremde AG")
    # An extra organisation first, so no client's id happens to equal its assessment's id.
    Organisation.objects.create(name="Platzhalter", industry="trade", size_band="1-9", country="CH")
    client_assessment = assessment_finish(assessment=make_client_assessment(client, catalog))
    foreign_assessment = assessment_finish(
        assessment=make_client_assessment(foreign_client, catalog)
    )
    return SimpleNamespace(
        owner=owner,
        member=member,
        outsider=outsider,
        client=client,
        foreign_client=foreign_client,
        assessment=client_assessment,
        foreign_assessment=foreign_assessment,
    )


def signed_in(rf, user):
    request = rf.get("/")
    request.user = user
    return request


def test_a_visitor_without_an_account_or_a_workspace_gets_404(rf, world, django_user_model):
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    for user, reason in ((AnonymousUser(), r"^Not signed in\.$"), (staff, r"^No workspace\.$")):
        with pytest.raises(Http404, match=reason):
            access.membership_for_request(signed_in(rf, user))


@pytest.mark.parametrize("who", ["owner", "member", "outsider"])
def test_each_consultant_gets_their_own_membership_in_one_query(
    rf, world, who, django_assert_num_queries
):
    user = getattr(world, who)
    request = signed_in(rf, get_user_model().objects.get(pk=user.pk))
    with django_assert_num_queries(1):
        membership = access.membership_for_request(request)
        assert (membership.user, membership.workspace) == (user, user.membership.workspace)
    assert access.workspace_for_request(request) == user.membership.workspace
    # The page's navigation reads the membership again: from the cache the door filled.
    fresh = signed_in(rf, get_user_model().objects.get(pk=user.pk))
    membership = access.membership_for_request(fresh)
    with django_assert_num_queries(0):
        assert fresh.user.membership is membership


def test_only_an_owner_passes_the_owners_door(rf, world):
    request = signed_in(rf, world.owner)
    assert access.owner_membership_for_request(request) == world.owner.membership
    with pytest.raises(Http404, match=r"^Only the workspace's owners may do this\.$"):
        access.owner_membership_for_request(signed_in(rf, world.member))


@pytest.mark.parametrize(
    ("who", "client", "found"),
    [
        ("owner", "client", True),
        ("member", "client", True),
        ("outsider", "client", False),
        ("owner", "foreign_client", False),
        ("outsider", "foreign_client", True),
    ],
)
def test_a_client_opens_in_its_own_workspace_only(
    rf, world, who, client, found, django_assert_num_queries
):
    request = signed_in(rf, getattr(world, who))
    wanted = getattr(world, client)
    if not found:
        with pytest.raises(Http404, match=r"^No such client in this workspace\.$"):
            access.client_for_request(request, wanted.pk)
        return
    with django_assert_num_queries(2):  # the membership, the client
        opened = access.client_for_request(request, wanted.pk)
    assert opened == wanted
    with django_assert_num_queries(0):
        assert opened.workspace == getattr(world, who).membership.workspace


def test_an_unknown_client_is_404(rf, world):
    with pytest.raises(Http404):
        access.client_for_request(signed_in(rf, world.owner), 10_000)


@pytest.mark.parametrize(
    ("who", "assessment", "found"),
    [
        ("owner", "assessment", True),
        ("member", "assessment", True),
        ("outsider", "assessment", False),
        ("owner", "foreign_assessment", False),
        ("outsider", "foreign_assessment", True),
    ],
)
def test_a_workspace_assessment_opens_in_its_own_workspace_only(
    rf, world, who, assessment, found, django_assert_num_queries
):
    request = signed_in(rf, getattr(world, who))
    wanted = getattr(world, assessment)
    if not found:
        with pytest.raises(Http404, match=r"^No such assessment in this workspace\.$"):
            access.workspace_assessment_for_request(request, wanted.pk)
        return
    with django_assert_num_queries(2):  # the membership, the assessment with what it shows
        opened = access.workspace_assessment_for_request(request, wanted.pk)
    assert opened == wanted
    with django_assert_num_queries(0):
        assert opened.organisation == wanted.organisation
        assert opened.catalog == wanted.catalog
        assert opened.organisation.workspace == getattr(world, who).membership.workspace


def test_a_self_assessment_is_no_workspace_assessment(rf, world, assessment):
    with pytest.raises(Http404):
        access.workspace_assessment_for_request(signed_in(rf, world.owner), assessment.pk)


def share(assessment, **fields):
    fields.setdefault("expires_at", timezone.now() + timedelta(days=ShareLink.DEFAULT_DAYS))
    return ShareLink.objects.create(assessment=assessment, **fields)


def test_a_valid_share_link_opens_its_result_in_one_query(rf, world, django_assert_num_queries):
    link = share(world.assessment)
    with django_assert_num_queries(1):
        opened = access.share_link_for_request(rf.get("/"), link.token)
        assert opened == link
        assert opened.assessment == world.assessment
        assert opened.assessment.catalog == world.assessment.catalog
        assert opened.assessment.organisation.workspace == world.owner.membership.workspace


@pytest.mark.parametrize(
    "broken",
    [
        {"expires_at": "now"},
        {"expires_at": "yesterday"},
        {"revoked_at": "now"},
        {"reopened": True},
        {"token": "Z" * 43},
    ],
    ids=["expires-now", "expired", "revoked", "not-completed", "wrong-token"],
)
def test_a_share_link_that_no_longer_holds_is_404_and_counts_as_a_miss(
    rf, world, monkeypatch, broken
):
    now = timezone.now()
    moments = {"now": now, "yesterday": now - timedelta(days=1)}
    link = share(
        world.assessment,
        **{name: moments[value] for name, value in broken.items() if name.endswith("_at")},
    )
    if broken.get("reopened"):
        assessment_reopen(assessment=world.assessment)
    monkeypatch.setattr(timezone, "now", lambda: now)
    request = rf.get("/")
    with pytest.raises(Http404, match=r"^No result behind this link\.$"):
        access.share_link_for_request(request, broken.get("token", link.token))
    address = ratelimit.client_address(request)
    assert ratelimit.count(ratelimit.token_miss_limit(), address) == 1


def test_a_wrong_private_link_is_404_and_counts_as_a_miss(rf, assessment):
    request = rf.get("/")
    assert access.assessment_for_request(request, assessment.token) == assessment
    with pytest.raises(Http404, match=r"^No assessment behind this link\.$"):
        access.assessment_for_request(request, "Z" * 43)
    address = ratelimit.client_address(request)
    assert ratelimit.count(ratelimit.token_miss_limit(), address) == 1


def test_share_link_misses_exhaust_the_private_links_limit(rf, world, clock):
    link = share(world.assessment)
    request = rf.get("/")
    limit = ratelimit.token_miss_limit()
    for _ in range(limit.attempts):
        ratelimit.hit(limit, ratelimit.client_address(request))
    # Right links included: a guesser learns nothing once the window is used up.
    with pytest.raises(ratelimit.RateLimited):
        access.share_link_for_request(request, link.token)
    with pytest.raises(ratelimit.RateLimited):
        access.assessment_for_request(request, world.assessment.token)


@pytest.mark.parametrize(
    ("reference", "found"),
    [
        ("token", True),
        ("id", True),
        ("id+", False),  # "12+": not a number
        (" id", False),
        ("arabic-id", False),  # digits, but not ASCII ones
        ("", False),
        ("999999", False),
    ],
)
def test_the_command_line_finds_an_assessment_by_token_or_id(
    assessment, reference, found, django_assert_num_queries
):
    text = {
        "token": assessment.token,
        "id": str(assessment.pk),
        "id+": f"{assessment.pk}+",
        " id": f" {assessment.pk}",
        "arabic-id": str(assessment.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
    }.get(reference, reference)
    opened = access.assessment_for_reference(text)
    if not found:
        assert opened is None
        return
    assert opened is not None
    assert opened == assessment
    with django_assert_num_queries(0):
        assert opened.organisation.name == assessment.organisation.name
        assert opened.catalog == assessment.catalog


@pytest.mark.parametrize(
    ("who", "member", "found"),
    [("owner", "member", True), ("owner", "owner", True), ("outsider", "member", False)],
)
def test_an_owner_manages_the_members_of_their_own_workspace_only(
    rf, world, who, member, found, django_assert_num_queries
):
    request = signed_in(rf, getattr(world, who))
    wanted = getattr(world, member).membership
    if not found:
        with pytest.raises(Http404, match=r"^No such member in this workspace\.$"):
            access.member_for_owner(request, wanted.pk)
        return
    with django_assert_num_queries(2):  # the owner's membership, the member with user
        opened = access.member_for_owner(request, wanted.pk)
    assert opened == wanted
    with django_assert_num_queries(0):
        assert opened.user == getattr(world, member)
        assert opened.workspace == world.owner.membership.workspace


def test_a_member_is_refused_at_the_owners_door_before_any_member_lookup(rf, world):
    with pytest.raises(Http404, match=r"^Only the workspace's owners may do this\.$"):
        access.member_for_owner(signed_in(rf, world.member), world.owner.membership.pk)


@pytest.mark.parametrize(
    ("who", "assessment", "found"),
    [
        ("owner", "assessment", True),
        ("member", "assessment", True),
        ("outsider", "assessment", False),
        ("owner", "foreign_assessment", False),
    ],
)
def test_a_share_link_is_managed_in_its_own_workspace_only(
    rf, world, who, assessment, found, django_assert_num_queries
):
    link = share(getattr(world, assessment))
    request = signed_in(rf, getattr(world, who))
    if not found:
        with pytest.raises(Http404, match=r"^No such share link in this workspace\.$"):
            access.workspace_share_link_for_request(request, link.pk)
        return
    with django_assert_num_queries(2):  # the membership, the link with its assessment
        opened = access.workspace_share_link_for_request(request, link.pk)
    assert opened == link
    with django_assert_num_queries(0):
        assert opened.assessment == link.assessment
        assert opened.assessment.organisation == link.assessment.organisation


def test_an_unknown_share_link_id_is_404(rf, world):
    with pytest.raises(Http404):
        access.workspace_share_link_for_request(signed_in(rf, world.owner), 10_000)


@pytest.mark.parametrize(
    ("who", "assessment", "expected"),
    [
        ("owner", "assessment", True),
        ("member", "assessment", True),
        ("outsider", "assessment", False),
        ("outsider", "foreign_assessment", True),
    ],
)
def test_only_a_consultant_of_the_workspace_is_one(rf, world, who, assessment, expected):
    request = signed_in(rf, getattr(world, who))
    assert access.is_workspace_consultant(request, getattr(world, assessment)) is expected


def test_nobody_is_a_consultant_of_a_self_assessment_or_while_signed_out(
    rf, world, assessment, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert access.is_workspace_consultant(signed_in(rf, world.owner), assessment) is False
        assert (
            access.is_workspace_consultant(signed_in(rf, AnonymousUser()), world.assessment)
            is False
        )


def test_the_share_link_asked_for_is_the_one_opened(rf, world):
    first, second = share(world.assessment), share(world.assessment)
    request = signed_in(rf, world.owner)
    assert access.workspace_share_link_for_request(request, second.pk) == second
    assert access.workspace_share_link_for_request(request, first.pk) == first
