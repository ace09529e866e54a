"""A participant on a 390×844 phone: joins by code, answers (autosaved), follows the facilitator,
sees the workshop close. No sideways scrolling, touch targets of at least 44 px. Screenshots:
var/screenshots/participant-*.png."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.factories import load_real_catalog, make_client, make_consultant, make_workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"participant-{name}.png"), full_page=True)


def _fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _small_touch_targets(page: Page) -> list[str]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(
                 '.kk-phone .kk-option, .kk-phone .kk-touch, .kk-phone summary, '
                 + '.kk-phone .form-control, .kk-phone .form-select'))
               .filter((el) => el.offsetParent !== null)
               .filter((el) => el.getBoundingClientRect().height < 44)
               .map((el) => el.className + ': ' + el.getBoundingClientRect().height)"""
    )


def _workshop(pacing: str, naming: str = "named"):
    catalog = load_real_catalog()
    consultant = make_consultant(email="petra@nord.example")
    client = make_client(consultant, name="Bäckerei Muster AG")
    return make_workshop(client, catalog, pacing=pacing, naming=naming)


def _join(page: Page, live_server, workshop, *, name: str = "", shots: bool = False) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/de/join/")
    page.get_by_test_id("join-code-input").fill(workshop.join_code.lower())
    if shots:
        _shot(page, "code")
        _fits_the_phone(page)
    page.get_by_role("button", name="Weiter").click()
    expect(page.get_by_test_id("client-name")).to_have_text("Bäckerei Muster AG")
    if name:
        page.get_by_label("Ihr Name (freiwillig)").fill(name)
    page.get_by_label("Ihre Rolle oder Abteilung").select_option("Vertrieb")
    if shots:
        _shot(page, "join")
        _fits_the_phone(page)
        assert _small_touch_targets(page) == []
    page.get_by_test_id("join").click()
    expect(page.get_by_test_id("resume-link")).to_be_visible()
    if shots:
        _shot(page, "link")
        _fits_the_phone(page)
    page.get_by_test_id("begin").click()
    expect(page.get_by_test_id("pillar-name")).to_be_visible()


def test_a_participant_joins_by_code_and_answers_on_a_phone(
    page: Page, live_server, console_errors
):
    from assessment.models import Answer, Participant

    workshop = _workshop("self")
    _join(page, live_server, workshop, name="Anna Muster", shots=True)
    participant = Participant.objects.get()
    assert (participant.name, participant.role) == ("Anna Muster", "Vertrieb")

    expect(page.get_by_test_id("team-box")).to_be_hidden()  # nothing revealed yet
    expect(page.get_by_test_id("closed-box")).to_be_hidden()
    cards = page.locator(".kk-question")
    first = cards.nth(0)
    first.locator(".kk-option", has_text="3").first.click()
    expect(first.locator(".kk-save-state")).to_have_text("Gespeichert")
    second = cards.nth(1)
    second.get_by_text("Weiß nicht").click()
    expect(second.locator(".kk-save-state")).to_have_text("Gespeichert")
    second.locator("summary").click()
    second.locator("textarea").fill("Noch offen im Team")
    second.locator("textarea").blur()
    expect(second.locator(".kk-save-state")).to_have_text("Gespeichert")
    # "Weiß nicht" is no answer in the count (assessment.models.COUNTS_AS_ANSWERED).
    expect(page.locator("#kk-progress")).to_contain_text("1 von 43 Fragen beantwortet")
    _fits_the_phone(page)
    assert _small_touch_targets(page) == []
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, "pillar")

    stored = sorted(
        Answer.objects.filter(participant=participant).values_list("status", "level", "comment")
    )
    assert stored == [("dont_know", None, "Noch offen im Team"), ("level", 3, "")]

    page.get_by_test_id("next").click()
    expect(page.get_by_text("Säule 2 von 6")).to_be_visible()
    _fits_the_phone(page)
    assert (
        sorted(
            Answer.objects.filter(participant=participant).values_list("status", "level", "comment")
        )
        == stored
    ), "moving on changes no answer"
    assert console_errors == []


def test_a_facilitator_paced_phone_follows_and_closes(page: Page, live_server, console_errors):
    from assessment.models import Workshop
    from assessment.workshops import workshop_close, workshop_move, workshop_reveal

    workshop = _workshop("facilitator", naming="anonymous")
    _join(page, live_server, workshop)
    expect(page.get_by_test_id("follow-note")).to_be_visible()
    page.locator(".kk-question").nth(0).locator(".kk-option", has_text="4").first.click()
    expect(page.locator(".kk-question").nth(0).locator(".kk-save-state")).to_have_text(
        "Gespeichert"
    )

    workshop = Workshop.objects.select_related("assessment__catalog").get()
    second = workshop.assessment.catalog.pillars.order_by("order")[1]
    started = time.monotonic()
    workshop_move(workshop=workshop, pillar_key=second.key)
    expect(page.get_by_test_id("pillar-name")).to_have_text(second.name, timeout=3000)
    followed = time.monotonic() - started
    assert followed <= 3.0
    _fits_the_phone(page)
    _shot(page, "followed")

    workshop_reveal(workshop=workshop)
    workshop_close(workshop=workshop)
    expect(page.get_by_test_id("closed-box")).to_be_visible(timeout=3000)
    assert page.locator("fieldset.kk-cards").evaluate("(el) => el.disabled")
    expect(page.get_by_test_id("follow-note")).to_be_hidden()
    _shot(page, "closed")
    page.goto(page.url.split("/p/")[0] + "/done/")
    expect(page.get_by_test_id("thank-you")).to_be_visible()
    _fits_the_phone(page)
    _shot(page, "done")
    print(f"\nthe phone followed the facilitator in {followed:.1f} s")
    assert console_errors == []
