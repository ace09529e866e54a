"""Issue 14 on a phone and a desktop: the pillar tabs stay one compact row that scrolls inside
itself, the review page lists every answer, the question card's header keeps the card's rounded
corners, and finishing with few answers asks first."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.factories import answer, start_assessment

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def few(catalog):
    assessment = start_assessment(catalog)
    for question in catalog.questions.order_by("pillar__order", "order")[:7]:
        answer(assessment, question.key, 3, comment="Eine Notiz")
    return assessment


def _shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def test_phone_tabs_are_one_row_and_the_page_never_scrolls_sideways(
    page: Page, live_server, few, console_errors
):
    page.set_viewport_size({"width": 390, "height": 844})
    pillar = few.catalog.pillars.order_by("order").last()
    page.goto(f"{live_server.url}/de/a/{few.token}/p/{pillar.key}/")
    _shoot(page, "questionnaire-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    nav = page.locator("#kk-pillar-nav")
    assert nav.bounding_box()["height"] < 60  # one row, not seven stacked tabs
    tops = page.evaluate(
        "[...document.querySelectorAll('#kk-pillar-nav .nav-link')]"
        ".map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1
    # The current (last) pillar's tab is scrolled into view.
    active = page.locator("#kk-pillar-nav .active").bounding_box()
    assert active["x"] >= 0 and active["x"] + active["width"] <= 390 + 1
    assert "7/7 ✓" in page.get_by_test_id("tab-count").first.inner_text()
    assert "0/7" in page.get_by_test_id("tab-count").nth(1).inner_text()
    assert console_errors == []


def test_card_header_keeps_the_rounded_corners(page: Page, live_server, few):
    page.set_viewport_size({"width": 1280, "height": 900})
    pillar = few.catalog.pillars.order_by("order").first()
    page.goto(f"{live_server.url}/de/a/{few.token}/p/{pillar.key}/")
    radii = page.evaluate(
        "(() => { const card = document.querySelector('.kk-question');"
        " const head = card.querySelector('.card-header');"
        " return [getComputedStyle(card).borderTopLeftRadius,"
        " getComputedStyle(head).borderTopLeftRadius]; })()"
    )
    card, head = (float(value.removesuffix("px")) for value in radii)
    assert head == pytest.approx(card - 1, abs=0.01)  # inside the 1 px border


@pytest.mark.parametrize("width", [1280, 390])
def test_review_lists_answers_and_asks_before_finishing_with_few(
    page: Page, live_server, few, width, console_errors
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/de/a/{few.token}/review/")
    page.screenshot(path=str(SCREENSHOTS / f"review-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.get_by_test_id("review-row").count() == 43
    assert page.get_by_test_id("review-answer").first.inner_text().startswith("Stufe 3")
    dialogs: list[str] = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_test_id("finish").click()
    assert dialogs and dialogs[0].startswith("7 von 43 Fragen sind beantwortet.")
    assert page.url.endswith("/review/")  # cancelled: still here, not finished
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("finish").click()
    page.wait_for_url("**/results/")
    assert console_errors == []
