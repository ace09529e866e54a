"""A save that fails says so and can be retried; it never shows "Saving…" forever."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from assessment.models import Answer

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _first_card(page: Page, live_server, assessment):
    page.goto(f"{live_server.url}/de/a/{assessment.token}/p/strategy/")
    return page.locator(".kk-question").first


@pytest.mark.parametrize("failure", ["server_error", "network_error"])
def test_a_failed_save_offers_a_retry_that_saves(page: Page, live_server, assessment, failure):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    card = _first_card(page, live_server, assessment)

    def fail(route: Route) -> None:
        if failure == "server_error":
            route.fulfill(status=500, body="<h1>boom</h1>", content_type="text/html")
        else:
            route.abort("connectionreset")

    page.route("**/answer/", fail)
    card.locator("input[value='3']").check(force=True)
    state = card.locator(".kk-save-state")
    expected = "Beim Server" if failure == "server_error" else "keine Verbindung"
    expect(state).to_contain_text(expected)
    expect(state).not_to_contain_text("Speichern…")
    assert Answer.objects.count() == 0
    state.evaluate("element => element.scrollIntoView({block: 'center', behavior: 'instant'})")
    page.screenshot(path=str(SCREENSHOTS / f"save-failed-{failure}.png"))

    page.unroute("**/answer/")
    state.get_by_role("button", name="Erneut versuchen").click()
    expect(state).to_contain_text("Gespeichert")
    stored = Answer.objects.get()
    assert stored.level == 3
