"""Every page, every response type: the right status per method and the security headers.

The table names every URL pattern of the app; a pattern without an entry fails the test, so a
new view cannot slip through without its methods and headers being decided.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.actions import action_create
from assessment.models import Action, Assessment, Organisation
from assessment.services import assessment_finish
from assessment.sharing import share_link_create
from reports import docx_report, pdf
from reports.models import ReportFile
from tests.factories import (
    answer,
    join_workshop,
    make_client,
    make_client_assessment,
    make_consultant,
    make_workshop,
    start_assessment,
)
from tests.url_names import url_names

# name → (methods that work, private: Cache-Control no-store, status of a working GET)
PAGES: dict[str, tuple[set[str], bool, int]] = {
    "assessment:home": ({"GET", "HEAD"}, False, 200),
    "assessment:start": ({"GET", "HEAD", "POST"}, True, 200),
    "assessment:resume": ({"GET", "HEAD"}, True, 302),
    "assessment:link": ({"GET", "HEAD"}, True, 200),
    "assessment:pillar": ({"GET", "HEAD", "POST"}, True, 200),
    "assessment:answer": ({"POST"}, True, None),
    "assessment:review": ({"GET", "HEAD"}, True, 200),
    "assessment:finish": ({"POST"}, True, None),
    "assessment:reopen": ({"POST"}, True, None),
    "assessment:delete": ({"GET", "HEAD", "POST"}, True, 200),
    "assessment:imprint": ({"GET", "HEAD"}, False, 200),
    "assessment:privacy": ({"GET", "HEAD"}, False, 200),
    "reports:results": ({"GET", "HEAD"}, True, 200),
    "reports:results_json": ({"GET", "HEAD"}, True, 200),
    "reports:answers_csv": ({"GET", "HEAD"}, True, 200),
    "reports:answers_xlsx": ({"GET", "HEAD"}, True, 200),
    "reports:report_pdf": ({"GET", "HEAD"}, True, 200),
    "reports:report_docx": ({"GET", "HEAD"}, True, 200),
    "reports:report_progress": ({"GET", "HEAD"}, True, 200),
    "reports:report_status": ({"GET", "HEAD"}, True, 200),
    # A consultant's pages (the test client is signed in as one; `kunde` is their client).
    "clients:list": ({"GET", "HEAD"}, True, 200),
    "clients:detail": ({"GET", "HEAD"}, True, 200),
    "clients:create": ({"GET", "HEAD", "POST"}, True, 200),
    "clients:edit": ({"GET", "HEAD", "POST"}, True, 200),
    "clients:delete": ({"GET", "HEAD", "POST"}, True, 200),
    "clients:assessment_new": ({"GET", "HEAD", "POST"}, True, 200),
    "clients:reassess": ({"POST"}, True, None),
    "clients:compare_pick": ({"GET", "HEAD"}, True, 302),  # no choice: back to the client
    # Accounts: the test client is signed in, so the login sends it on to its clients.
    "accounts:login": ({"GET", "HEAD", "POST"}, True, 302),
    "accounts:logout": ({"POST"}, True, None),
    "accounts:password_change": ({"GET", "HEAD", "POST"}, True, 200),
    "accounts:password_change_done": ({"GET", "HEAD"}, True, 200),
    "accounts:password_reset": ({"GET", "HEAD", "POST"}, True, 200),
    "accounts:password_reset_done": ({"GET", "HEAD"}, True, 200),
    "accounts:password_reset_confirm": ({"GET", "HEAD", "POST"}, True, 200),  # a bad link
    "accounts:password_reset_complete": ({"GET", "HEAD"}, True, 200),
    "accounts:invitation": ({"GET", "HEAD", "POST"}, True, 404),  # an unknown invitation
    "workspace:settings": ({"GET", "HEAD", "POST"}, True, 200),
    "workspace:members": ({"GET", "HEAD", "POST"}, True, 200),
    "workspace:member_remove": ({"POST"}, True, None),
    # Share links and comparisons of the signed-in consultant's client.
    "reports:shared_results": ({"GET", "HEAD"}, True, 200),
    "reports:shared_report_pdf": ({"GET", "HEAD"}, True, 200),
    "reports:shared_report_progress": ({"GET", "HEAD"}, True, 200),
    "reports:shared_report_status": ({"GET", "HEAD"}, True, 200),
    "reports:share_create": ({"POST"}, True, None),
    "reports:share_revoke": ({"POST"}, True, None),
    "reports:compare": ({"GET", "HEAD"}, True, 200),
    # A live workshop of the signed-in consultant's client.
    "workshops:facilitator": ({"GET", "HEAD"}, True, 200),
    "workshops:live": ({"GET", "HEAD"}, True, 200),
    "workshops:projector": ({"GET", "HEAD"}, True, 200),
    "workshops:move": ({"POST"}, True, None),
    "workshops:reveal": ({"POST"}, True, None),
    "workshops:hide": ({"POST"}, True, None),
    "workshops:close": ({"POST"}, True, None),
    "workshops:reopen": ({"POST"}, True, None),
    # The action plan behind the private link.
    "actions:plan": ({"GET", "HEAD", "POST"}, True, 200),
    "actions:from_step": ({"POST"}, True, None),
    "actions:carry_over": ({"POST"}, True, None),
    "actions:edit": ({"GET", "HEAD", "POST"}, True, 200),
    "actions:move": ({"POST"}, True, None),
    "actions:delete": ({"POST"}, True, None),
    "actions:export_csv": ({"GET", "HEAD"}, True, 200),
    "actions:export_xlsx": ({"GET", "HEAD"}, True, 200),
    "actions:export_ics": ({"GET", "HEAD"}, True, 200),
    # Django's language switch answers a GET by sending the visitor back, changing nothing.
    "set_language": ({"GET", "HEAD", "POST"}, False, 302),
    # The KPI calculators: public, nothing stored (like the home page, not private).
    "kpi:index": ({"GET", "HEAD"}, False, 200),
    "kpi:nps": ({"GET", "HEAD", "POST"}, False, 200),
    "kpi:churn": ({"GET", "HEAD", "POST"}, False, 200),
    "kpi:clv": ({"GET", "HEAD", "POST"}, False, 200),
    "kpi:customer_value": ({"GET", "HEAD", "POST"}, False, 200),
    # A workshop participant's pages (joining by code, then behind their private link).
    "participate:join": ({"GET", "HEAD", "POST"}, True, 200),
    "participate:join_code": ({"GET", "HEAD", "POST"}, True, 200),
    "participate:start": ({"GET", "HEAD"}, True, 302),
    "participate:link": ({"GET", "HEAD"}, True, 200),
    "participate:pillar": ({"GET", "HEAD", "POST"}, True, 200),
    "participate:answer": ({"POST"}, True, None),
    "participate:state": ({"GET", "HEAD"}, True, 200),
    "participate:done": ({"GET", "HEAD", "POST"}, True, 200),
    # A workshop's agreed levels (its consultant) and the team view on a participant's phone.
    "reports:consensus": ({"POST"}, True, None),
    "reports:participant_team": ({"GET", "HEAD"}, True, 200),
    "assessment:extend": ({"POST"}, True, None),
    # An assessment's KPI figures behind its private link.
    "reports:kpi_inputs": ({"GET", "HEAD", "POST"}, True, 200),
    "reports:benchmark_opt_out": ({"POST"}, True, None),
}
# Django's own admin and i18n views are covered by Django; these are the app's.
OTHER_METHODS = ("PUT", "PATCH", "DELETE", "TRACE", "OPTIONS")
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def test_every_url_pattern_has_an_entry():
    assert url_names() == set(PAGES)


# Pages of the client's assessments (ids, share links): their URL kwargs come from the
# `consultant_pages` fixture.
WORKSHOP_PAGES = {name for name in PAGES if name.startswith("workshops:")}
PARTICIPANT_PAGES = {name for name in PAGES if name.startswith("participate:")}
CONSULTANT_PAGES = {
    *WORKSHOP_PAGES,
    *PARTICIPANT_PAGES,
    "reports:shared_results",
    "reports:shared_report_pdf",
    "reports:shared_report_progress",
    "reports:shared_report_status",
    "reports:share_create",
    "reports:share_revoke",
    "reports:compare",
    "reports:consensus",
    "reports:participant_team",
}


def _url(
    name: str,
    token: str,
    kunde: Organisation | None = None,
    kwargs: dict[str, dict] | None = None,
) -> str:
    if name in CONSULTANT_PAGES:
        assert kwargs is not None, name
        return reverse(name, kwargs=kwargs[name])
    if name in (
        "assessment:home",
        "assessment:start",
        "assessment:imprint",
        "assessment:privacy",
        "set_language",
    ) or name.startswith("kpi:"):
        return reverse(name)
    if name in ("clients:list", "clients:create") or name.startswith("workspace:settings"):
        return reverse(name)
    if name == "workspace:members" or (name.startswith("accounts:") and "_confirm" not in name):
        if name == "accounts:invitation":
            return reverse(name, kwargs={"token": "U" * 43})
        return reverse(name)
    if name == "accounts:password_reset_confirm":
        return reverse(name, kwargs={"uidb64": "MQ", "token": "set-password"})
    if name == "workspace:member_remove":
        assert kunde is not None
        return reverse(name, kwargs={"pk": kunde.workspace.memberships.get().pk})
    if name.startswith("clients:"):
        assert kunde is not None
        return reverse(name, kwargs={"client_id": kunde.pk})
    if name == "assessment:pillar":
        return reverse(name, kwargs={"token": token, "pillar_key": "strategy"})
    if name in ("actions:edit", "actions:move", "actions:delete"):
        action = Action.objects.filter(assessment__token=token).first() or action_create(
            assessment=Assessment.objects.get(token=token), title="Zielgruppen festlegen"
        )
        return reverse(name, kwargs={"token": token, "action_id": action.pk})
    if name in ("reports:report_progress", "reports:report_status"):
        report_file = pending_report(Assessment.objects.get(token=token))
        return reverse(name, kwargs={"token": token, "file_id": report_file.pk})
    return reverse(name, kwargs={"token": token})


def pending_report(assessment: Assessment, include_comments: bool = True) -> ReportFile:
    """A report being made (the progress page's subject)."""
    return ReportFile.objects.get_or_create(
        assessment=assessment,
        kind="pdf",
        language=assessment.language,
        include_comments=include_comments,
        state_key="k" * 64,
        defaults={"requested_at": timezone.now()},
    )[0]


@pytest.fixture
def token(small_catalog, monkeypatch):
    assessment = start_assessment(small_catalog)  # the small catalog: 15 cases, fast setup
    answer(assessment, assessment.catalog.questions.order_by("pk").first().key, 3)
    # The report builders are tested elsewhere; here only their responses' headers matter.
    monkeypatch.setattr(pdf, "report_pdf", lambda scored: b"%PDF-1.7 test")
    monkeypatch.setattr(docx_report, "report_docx", lambda scored: b"PK test")
    return assessment.token


@pytest.fixture
def kunde(client, small_catalog):
    """A client of a consultant as whom the test client is signed in."""
    consultant = make_consultant()
    client.force_login(consultant)
    return make_client(consultant)


@pytest.fixture
def consultant_pages(small_catalog, kunde) -> dict[str, dict]:
    """URL kwargs of CONSULTANT_PAGES: two completed assessments of `kunde`, one shared."""
    consultant = kunde.workspace.memberships.get().user
    first, second = (make_client_assessment(kunde, small_catalog) for _ in range(2))
    for assessment in (first, second):
        answer(assessment, small_catalog.questions.order_by("pk").first().key, 3)
        assessment_finish(assessment=assessment)
    link = share_link_create(assessment=first, created_by=consultant)
    workshop = make_workshop(kunde, small_catalog)
    participant = join_workshop(workshop, role="IT")
    return {
        **{name: {"assessment_id": workshop.assessment_id} for name in WORKSHOP_PAGES},
        **{name: {"token": participant.token} for name in PARTICIPANT_PAGES},
        "participate:join": {},
        "participate:join_code": {"code": workshop.join_code},
        "participate:pillar": {"token": participant.token, "pillar_key": "strategy"},
        "reports:shared_results": {"token": link.token},
        "reports:shared_report_pdf": {"token": link.token},
        **{
            name: {"token": link.token, "file_id": pending_report(first).pk}
            for name in ("reports:shared_report_progress", "reports:shared_report_status")
        },
        "reports:share_create": {"assessment_id": first.pk},
        "reports:share_revoke": {"link_id": link.pk},
        "reports:compare": {"first_id": first.pk, "second_id": second.pk},
        "reports:consensus": {
            "assessment_id": workshop.assessment_id,
            "question_key": small_catalog.questions.order_by("pk").first().key,
        },
        "reports:participant_team": {"token": participant.token},
    }


def _assert_headers(response, where: str, private: bool) -> None:
    for header, value in SECURITY_HEADERS.items():
        assert response.get(header) == value, (where, header)
    if private:
        assert "no-store" in response.get("Cache-Control", ""), where
    if response.get("Content-Type", "").startswith("text/html") and response.content:
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", policy).group(1)
        assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src, where
        scripts = [
            tag
            for tag in re.findall(r"<script\b[^>]*>", response.content.decode())
            if 'type="application/json"' not in tag
        ]
        # Django puts the nonce into the header only when a template used it (a page with
        # scripts); an HTMX fragment without scripts needs none.
        if scripts or b"<html" in response.content:
            nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
            for tag in scripts:
                assert f'nonce="{nonce}"' in tag, (where, tag)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_methods_statuses_and_headers(client, token, kunde, name, request):
    methods, private, get_status = PAGES[name]
    kwargs = request.getfixturevalue("consultant_pages") if name in CONSULTANT_PAGES else None
    url = _url(name, token, kunde, kwargs)
    if "GET" in methods:
        response = client.get(url)
        assert response.status_code == get_status, (name, response.status_code)
        _assert_headers(response, f"GET {name}", private)
        head = client.head(url)
        assert head.status_code == get_status and head.content == b"", name
    else:
        response = client.get(url)
        assert response.status_code == 405, name
        _assert_headers(response, f"GET {name} (405)", False)
    for method in OTHER_METHODS:
        response = client.generic(method, url)
        assert response.status_code == 405, (method, name)
        assert set(response["Allow"].split(", ")) == methods, (method, name)
        _assert_headers(response, f"{method} {name}", False)


def _posts(
    token: str, key: str, kunde: Organisation, kwargs: dict[str, dict]
) -> list[tuple[str, str, dict, int]]:
    """(name, url, data, expected status) of a POST to every page that takes one."""
    choice = {"mode": "self", "language": "de"}
    return [
        # No expiry given: the results page again, with the message at the field.
        ("reports:share_create", _url("reports:share_create", token, kwargs=kwargs), {}, 200),
        (
            "reports:share_create",
            _url("reports:share_create", token, kwargs=kwargs),
            {"days": 3},
            302,
        ),
        ("reports:share_revoke", _url("reports:share_revoke", token, kwargs=kwargs), {}, 302),
        *(
            (name, _url(name, token, kwargs=kwargs), {"pillar": "processes"}, 302)
            for name in (
                "workshops:move",
                "workshops:reveal",
                "workshops:hide",
                "workshops:close",
                "workshops:reopen",
            )
        ),
        # A participant of the (reopened) workshop; an empty code or role is refused at the field.
        ("participate:join", _url("participate:join", token, kwargs=kwargs), {"code": ""}, 400),
        ("participate:join_code", _url("participate:join_code", token, kwargs=kwargs), {}, 400),
        ("participate:pillar", _url("participate:pillar", token, kwargs=kwargs), {}, 302),
        (
            "participate:answer",
            _url("participate:answer", token, kwargs=kwargs),
            {"question": key},
            200,
        ),
        ("participate:done", _url("participate:done", token, kwargs=kwargs), {}, 302),
        # A level out of range: the results page again, with the message at the field.
        ("reports:consensus", _url("reports:consensus", token, kwargs=kwargs), {"level": 7}, 400),
        ("reports:consensus", _url("reports:consensus", token, kwargs=kwargs), {"level": 3}, 302),
        ("assessment:start", reverse("assessment:start"), {"organisation_name": ""}, 200),
        ("actions:plan", _url("actions:plan", token), {"title": ""}, 400),
        ("actions:from_step", _url("actions:from_step", token), {"question": "nope"}, 302),
        ("actions:carry_over", _url("actions:carry_over", token), {}, 302),
        ("actions:edit", _url("actions:edit", token), {"title": ""}, 400),
        ("actions:move", _url("actions:move", token), {"direction": "up"}, 302),
        ("actions:delete", _url("actions:delete", token), {}, 302),
        # KPI figures: a negative count is refused at its field.
        ("reports:kpi_inputs", _url("reports:kpi_inputs", token), {"promoters": "-1"}, 400),
        ("reports:benchmark_opt_out", _url("reports:benchmark_opt_out", token), {}, 400),
        (
            "reports:benchmark_opt_out",
            _url("reports:benchmark_opt_out", token),
            {"opt_out": "1"},
            302,
        ),
        ("assessment:pillar", _url("assessment:pillar", token), {}, 302),
        ("assessment:answer", _url("assessment:answer", token), {"question": key}, 200),
        ("assessment:answer", _url("assessment:answer", token), {"question": "nope"}, 422),
        ("assessment:finish", _url("assessment:finish", token), {}, 302),
        ("assessment:reopen", _url("assessment:reopen", token), {}, 302),
        ("assessment:extend", _url("assessment:extend", token), {}, 302),
        ("set_language", reverse("set_language"), {"language": "en"}, 302),
        ("clients:create", _url("clients:create", token), {"name": ""}, 400),
        ("clients:edit", _url("clients:edit", token, kunde), {"name": ""}, 400),
        ("clients:assessment_new", _url("clients:assessment_new", token, kunde), {}, 400),
        # Refused (nothing to compare with): back to the client's page with a message.
        ("clients:reassess", _url("clients:reassess", token, kunde), choice, 302),
        ("clients:delete", _url("clients:delete", token, kunde), {}, 302),  # the last: it deletes
        ("accounts:login", _url("accounts:login", token), {}, 302),  # signed in already
        ("accounts:password_change", _url("accounts:password_change", token), {}, 200),
        ("accounts:password_reset", _url("accounts:password_reset", token), {}, 200),
        (
            "accounts:password_reset_confirm",
            _url("accounts:password_reset_confirm", token),
            {},
            200,
        ),
        ("accounts:invitation", _url("accounts:invitation", token), {}, 404),
        ("workspace:settings", _url("workspace:settings", token), {"accent_color": "x"}, 200),
        ("workspace:members", _url("workspace:members", token), {"email": "x"}, 200),
        # The last owner cannot go: back to the members page with a message.
        ("workspace:member_remove", _url("workspace:member_remove", token, kunde), {}, 302),
        ("assessment:delete", _url("assessment:delete", token), {}, 302),  # after the token's
        ("accounts:logout", _url("accounts:logout", token), {}, 302),  # the very last
        # Empty calculator forms: refused at the fields.
        *((name, reverse(name), {}, 400) for name in ("kpi:nps", "kpi:churn", "kpi:clv")),
        ("kpi:customer_value", reverse("kpi:customer_value"), {}, 400),
    ]


def test_every_post_answers_with_its_status_and_the_headers(client, token, kunde, consultant_pages):
    key = Assessment.objects.get(token=token).catalog.questions.order_by("pk").first().key
    posts = _posts(token, key, kunde, consultant_pages)
    assert {name for name, *_rest in posts} == {
        name for name, (methods, _private, _status) in PAGES.items() if "POST" in methods
    }
    for name, url, data, status in posts:
        response = client.post(url, {f"{key}-value": "4", **data}, headers={"HX-Request": "true"})
        assert response.status_code == status, (name, response.status_code)
        _assert_headers(response, f"POST {name}", private=PAGES[name][1])


def test_the_admin_sign_in_carries_the_headers(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    _assert_headers(response, "admin login", private=True)


def test_not_found_pages_carry_the_headers_too(client, token):
    response = client.get(reverse("reports:results", kwargs={"token": "N" * 43}))
    assert response.status_code == 404
    _assert_headers(response, "404", private=False)


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("reports:results_json", "application/json"),
        ("reports:answers_csv", "text/csv"),
        ("reports:answers_xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml"),
        ("actions:export_xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml"),
        ("reports:report_pdf", "application/pdf"),
        ("reports:report_docx", "application/vnd.openxmlformats"),
    ],
)
def test_downloads_are_private_and_typed(client, token, name, content_type):
    response = client.get(_url(name, token))
    assert response["Content-Type"].startswith(content_type)
    assert "no-store" in response["Cache-Control"]
