"""Team results in a browser: the consultant's results page records an agreed level, and a
participant's phone (390 px) shows the revealed pillar without scrolling sideways."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from assessment.workshops import workshop_reveal
from tests.factories import join_workshop, make_client, make_consultant, make_workshop, vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ein-sicheres-Passwort-42"
# Screenshots for a person to look at, when KK_SCREENSHOTS names a directory.
SHOTS = os.environ.get("KK_SCREENSHOTS", "")
VOTES = {
    "strategy_q1": (5, 5, 4, 2, 2, 3, 1),
    "strategy_q2": (3, 3, 3, 3, 3, 3, 3),
    "strategy_q3": (4, 4, 4, 3, 3, 3, 2),
    "processes_q1": (2, 2, 3, 3, 2, 4, 3),
}
ROLES = ("Geschäftsleitung",) * 3 + ("Vertrieb",) * 3 + ("Marketing",)


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def workshop(small_catalog):
    consultant = make_consultant(email="petra@nord.example", password=PASSWORD)
    workshop = make_workshop(make_client(consultant), small_catalog, naming="anonymous")
    people = [join_workshop(workshop, name="Wird nie gezeigt", role=role) for role in ROLES]
    for key, levels in VOTES.items():
        for person, level in zip(people, levels, strict=True):
            vote(person, key, level)
    workshop.people = people
    workshop.consultant = consultant
    return workshop


def _sign_in(page, live_server) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("#id_username").fill("petra@nord.example")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.kk-card button[type=submit]").click()
    page.wait_for_url("**/clients/")


def test_the_consultant_records_an_agreed_level(page, live_server, workshop, console_errors):
    page.set_viewport_size({"width": 1280, "height": 900})
    _sign_in(page, live_server)
    url = live_server.url + reverse("reports:results", kwargs={"token": workshop.assessment.token})
    page.goto(url)
    assert page.get_by_test_id("discuss-first").locator("li").count() == 3
    question = page.locator("#team-strategy_q1")
    question.get_by_test_id("consensus-details").locator("summary").click()
    question.locator("label[for='team-strategy_q1-level-3']").click()
    question.locator("textarea[name=note]").fill("Einig nach Diskussion")
    question.get_by_test_id("consensus-save").click()
    page.wait_for_load_state()
    question = page.locator("#team-strategy_q1")
    assert question.get_by_test_id("team-shift").inner_text() == "−0,1"
    assert "Einig nach Diskussion" in question.inner_text()
    assert "Wird nie gezeigt" not in page.content()
    _shot(page, "results-desktop")
    assert console_errors == []


def test_the_phone_shows_the_revealed_pillar_without_scrolling_sideways(
    page, live_server, workshop, console_errors
):
    page.set_viewport_size({"width": 390, "height": 844})
    url = live_server.url + reverse(
        "reports:participant_team", kwargs={"token": workshop.people[0].token}
    )
    page.goto(url)
    assert page.get_by_test_id("not-revealed").is_visible()
    workshop_reveal(workshop=workshop, pillar_key="strategy")
    page.goto(url)
    assert page.get_by_test_id("phone-question").count() == 6
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    _shot(page, "phone-team")
    assert console_errors == []


def test_the_results_page_on_a_phone_does_not_scroll_sideways(
    page, live_server, workshop, console_errors
):
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, live_server)
    page.goto(
        live_server.url + reverse("reports:results", kwargs={"token": workshop.assessment.token})
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "results-phone")
    assert console_errors == []
