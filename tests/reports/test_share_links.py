"""Share links: the services, the consultant's create and revoke, and the read-only public pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from assessment import ratelimit
from assessment.models import Assessment, ShareLink
from assessment.services import assessment_finish, assessment_reopen
from assessment.sharing import (
    ShareLinkRefused,
    share_link_create,
    share_link_revoke,
    share_link_status,
)
from reports import pdf as report_pdf_module
from tests.factories import COMMENT, answer, make_client, make_client_assessment, make_consultant

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultant(db):
    return make_consultant()


@pytest.fixture
def outsider(db):
    return make_consultant(email="b@example.com", workspace="Andere Beratung")


@pytest.fixture
def completed(consultant, small_catalog) -> Assessment:
    assessment = make_client_assessment(make_client(consultant), small_catalog)
    answer(assessment, "strategy_q1", 3, comment=COMMENT)
    answer(assessment, "strategy_q2", 4)
    return assessment_finish(assessment=assessment)


def _needs_login_page() -> None:
    try:
        reverse("accounts:login")
    except NoReverseMatch:
        pytest.skip("the accounts pages (login) are built on another branch")


# --- services -----------------------------------------------------------------------------------


def test_a_link_lasts_thirty_days_by_default(completed, consultant):
    now = timezone.now()
    link = share_link_create(assessment=completed, created_by=consultant, now=now)
    assert link.expires_at == now + timedelta(days=ShareLink.DEFAULT_DAYS)
    assert link.include_comments and link.created_by == consultant
    assert share_link_status(link) == "active"
    assert share_link_status(link, now=now + timedelta(days=31)) == "expired"


@pytest.mark.parametrize("days", [0, 366, -1, True])
def test_an_expiry_outside_1_to_365_days_is_refused(completed, consultant, days):
    with pytest.raises(ShareLinkRefused):
        share_link_create(assessment=completed, created_by=consultant, days=days)
    assert not ShareLink.objects.exists()


@pytest.mark.parametrize("days", [1, 365])
def test_the_bounds_are_allowed(completed, consultant, days):
    share_link_create(assessment=completed, created_by=consultant, days=days)
    assert ShareLink.objects.count() == 1


def test_an_unfinished_assessment_cannot_be_shared(completed, consultant):
    assessment_reopen(assessment=completed)
    with pytest.raises(ShareLinkRefused):
        share_link_create(assessment=completed, created_by=consultant)
    assert not ShareLink.objects.exists()


def test_revoking_twice_keeps_the_first_time(completed, consultant):
    link = share_link_create(assessment=completed, created_by=consultant)
    first = timezone.now() - timedelta(hours=1)
    share_link_revoke(link=link, now=first)
    share_link_revoke(link=link)
    link.refresh_from_db()
    assert link.revoked_at == first and share_link_status(link) == "revoked"


# --- the consultant's views ---------------------------------------------------------------------


def _create_url(assessment: Assessment) -> str:
    return reverse("reports:share_create", kwargs={"assessment_id": assessment.pk})


def test_a_consultant_creates_a_link_on_the_results_page(client, consultant, completed):
    client.force_login(consultant)
    results = reverse("reports:results", kwargs={"token": completed.token})
    page = client.get(results).content.decode()
    assert 'data-testid="share-panel"' in page and "Kommentare weglassen" in page

    response = client.post(_create_url(completed), {"days": "7", "omit_comments": "on"})
    assert response.status_code == 302 and response["Location"].startswith(results)
    link = ShareLink.objects.get()
    assert not link.include_comments
    assert link.expires_at - timezone.now() > timedelta(days=6, hours=23)

    page = client.get(results).content.decode()
    assert reverse("reports:shared_results", kwargs={"token": link.token}) in page
    assert "Aktiv" in page and "ohne Kommentare" in page


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("0", "mindestens 1 Tag"),
        ("400", "höchstens 365 Tage"),
        ("sieben", "ganze Zahl"),
        ("", "wie viele Tage"),
    ],
)
def test_a_bad_expiry_is_explained_at_the_field(client, consultant, completed, days, message):
    client.force_login(consultant)
    response = client.post(_create_url(completed), {"days": days})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ShareLink.objects.exists()


def test_an_unfinished_result_is_not_shared(client, consultant, completed):
    assessment_reopen(assessment=completed)
    client.force_login(consultant)
    response = client.post(_create_url(completed), {"days": "30"}, follow=True)
    assert "Nur ein abgeschlossenes Ergebnis" in response.content.decode()
    assert not ShareLink.objects.exists()


def test_another_workspace_can_neither_create_nor_revoke(client, outsider, completed, consultant):
    link = share_link_create(assessment=completed, created_by=consultant)
    client.force_login(outsider)
    assert client.post(_create_url(completed), {"days": "30"}).status_code == 404
    revoke = reverse("reports:share_revoke", kwargs={"link_id": link.pk})
    assert client.post(revoke).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None and ShareLink.objects.count() == 1
    # Nor does the outsider see the panel on the private page.
    page = client.get(reverse("reports:results", kwargs={"token": completed.token}))
    assert b'data-testid="share-panel"' not in page.content


def test_the_link_holder_does_not_see_the_panel(client, completed):
    page = client.get(reverse("reports:results", kwargs={"token": completed.token}))
    assert b'data-testid="share-panel"' not in page.content


def test_anonymous_visitors_are_sent_to_the_login(client, completed):
    _needs_login_page()
    response = client.post(_create_url(completed), {"days": "30"})
    assert response.status_code == 302
    assert not ShareLink.objects.exists()


def test_a_consultant_revokes_a_link(client, consultant, completed):
    link = share_link_create(assessment=completed, created_by=consultant)
    client.force_login(consultant)
    response = client.post(reverse("reports:share_revoke", kwargs={"link_id": link.pk}))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    page = client.get(reverse("reports:results", kwargs={"token": completed.token}))
    assert "Widerrufen" in page.content.decode()
    assert client.get(_shared(link)).status_code == 404


# --- the public pages ---------------------------------------------------------------------------


def _shared(link: ShareLink, pdf: bool = False) -> str:
    name = "reports:shared_report_pdf" if pdf else "reports:shared_results"
    return reverse(name, kwargs={"token": link.token})


def test_the_shared_page_is_read_only(client, consultant, completed):
    link = share_link_create(assessment=completed, created_by=consultant)
    response = client.get(_shared(link))
    assert response.status_code == 200
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    # Nothing leads to the private link: neither its token nor any of its pages.
    assert completed.token not in page
    for name in ("assessment:review", "reports:results_json", "reports:report_docx"):
        prefix = reverse(name, kwargs={"token": completed.token}).rsplit("/", 2)[0] + "/"
        assert prefix not in page
    assert 'data-testid="share-panel"' not in page
    assert _shared(link, pdf=True) in page
    links = re.findall(r'href="([^"]+)"', page)
    assert all(completed.token not in href for href in links)


def test_a_consultant_sees_the_shared_page_read_only_too(client, consultant, completed):
    link = share_link_create(assessment=completed, created_by=consultant)
    client.force_login(consultant)
    page = client.get(_shared(link)).content.decode()
    assert completed.token not in page and 'data-testid="share-panel"' not in page


def test_comments_are_left_out_when_asked(client, consultant, completed):
    with_comments = share_link_create(assessment=completed, created_by=consultant)
    without = share_link_create(assessment=completed, created_by=consultant, include_comments=False)
    assert COMMENT not in client.get(_shared(without)).content.decode()

    def page_comments(link):
        report = client.get(_shared(link)).context["report"]
        return [question.comment for pillar in report.pillars for question in pillar.questions]

    # The page shows no comments today, but what it is given must already leave them out.
    assert COMMENT in page_comments(with_comments) and COMMENT not in page_comments(without)
    # The PDF shows them, so there it counts twice.
    seen = []
    original = report_pdf_module.report_pdf

    def fake_pdf(scored):
        from reports.report_document import build_report_document

        document = build_report_document(scored)
        seen.append([q.comment for p in document.report.pillars for q in p.questions])
        return b"%PDF-1.7 test"

    report_pdf_module.report_pdf = fake_pdf
    try:
        for link in (with_comments, without):
            response = client.get(_shared(link, pdf=True))
            assert response.status_code == 200
            assert response["Content-Type"] == "application/pdf"
            assert response["X-Robots-Tag"].startswith("noindex")
    finally:
        report_pdf_module.report_pdf = original
    assert COMMENT in seen[0] and COMMENT not in seen[1]


@pytest.mark.parametrize("state", ["expired", "revoked", "reopened"])
def test_expired_revoked_or_reopened_links_answer_404(client, consultant, completed, state):
    link = share_link_create(assessment=completed, created_by=consultant)
    if state == "expired":
        ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    elif state == "revoked":
        share_link_revoke(link=link)
    else:
        assessment_reopen(assessment=completed)
    assert client.get(_shared(link)).status_code == 404
    assert client.get(_shared(link, pdf=True)).status_code == 404


def test_wrong_share_links_count_as_misses(client, completed, clock, consultant):
    link = share_link_create(assessment=completed, created_by=consultant)
    limit = ratelimit.token_miss_limit()
    for number in range(limit.attempts):
        wrong = reverse("reports:shared_results", kwargs={"token": f"{number:043d}"})
        assert client.get(wrong).status_code == 404
    assert client.get(_shared(link)).status_code == 429


def test_the_private_exports_still_need_the_private_link(client, consultant, completed):
    link = share_link_create(assessment=completed, created_by=consultant)
    for name in (
        "reports:results_json",
        "reports:answers_csv",
        "reports:answers_xlsx",
        "actions:export_xlsx",
        "reports:report_docx",
    ):
        assert client.get(reverse(name, kwargs={"token": link.token})).status_code == 404
        assert client.get(reverse(name, kwargs={"token": completed.token})).status_code == 200
