"""The home page fits a 390 px phone: no sideways scrolling (the hero's gutter once added 12 px)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["de", "en", "da"])
def test_the_home_page_does_not_scroll_sideways(page: Page, live_server, catalog, language):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/{language}/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"home-390-{language}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
