"""The facilitator view updates by itself: a participant joining and answering appears within
2 seconds, without a reload; the projector's count follows too. Screenshots:
var/screenshots/workshop-facilitator-*.png and workshop-projector-*.png."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.factories import (
    join_workshop,
    load_real_catalog,
    make_client,
    make_consultant,
    make_workshop,
    vote,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "ein-sicheres-Passwort-42"


def _sign_in(page: Page, live_server) -> None:
    make_consultant(email="petra@nord.example", password=PASSWORD)
    page.goto(f"{live_server.url}/de/accounts/login/")
    page.get_by_label("E-Mail").fill("petra@nord.example")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def _within_two_seconds(page: Page, selector: str, text: str) -> float:
    """Seconds until the element shows the text; fails after 2.5 s (one poll of slack)."""
    started = time.monotonic()
    expect(page.locator(selector)).to_contain_text(text, timeout=2500)
    return time.monotonic() - started


def test_the_board_and_the_projector_follow_the_room(page: Page, live_server, console_errors):
    _sign_in(page, live_server)
    catalog = load_real_catalog()
    from assessment.models import Workspace

    client = make_client(Workspace.objects.get().memberships.get().user, name="Kunde AG")
    workshop = make_workshop(client, catalog, pacing="facilitator")
    first_key = catalog.questions.order_by("pillar__order", "order").first().key
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/de/workshops/{workshop.assessment_id}/")
    expect(page.get_by_test_id("nobody-yet")).to_be_visible()

    anna = join_workshop(workshop, name="Anna Muster", role="Geschäftsleitung")
    assert _within_two_seconds(page, "[data-testid=participants]", "Anna Muster") <= 2.5
    vote(anna, first_key, 3)
    total = catalog.questions.count()
    _within_two_seconds(page, "[data-testid=participants]", f"1/{total}")
    for name, role in (("Ben Keller", "Vertrieb"), ("", "IT")):
        participant = join_workshop(workshop, name=name, role=role)
        vote(participant, first_key, 4)
    _within_two_seconds(page, "[data-testid=participants]", "Teilnehmer/in 3")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "workshop-facilitator-1280.png"), full_page=True)

    page.goto(f"{live_server.url}/de/workshops/{workshop.assessment_id}/projector/")
    expect(page.get_by_test_id("join-code")).to_have_text(workshop.join_code)
    expect(page.get_by_test_id("joined-count")).to_contain_text("3 Personen")
    join_workshop(workshop, role="Service")
    _within_two_seconds(page, "[data-testid=joined-count]", "4 Personen")
    page.screenshot(path=str(SCREENSHOTS / "workshop-projector-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / "workshop-projector-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= 390")
    assert console_errors == []
