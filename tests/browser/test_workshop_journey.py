"""Issue 10's workshop from end to end in browsers: a consultant opens a facilitator-paced
workshop; three phones (390×844) join by code and answer; the facilitator moves on and the phones
follow; the facilitator view shows three finished; reveal; an agreed level on a divergent
question; the PDF downloads. Screenshots: var/screenshots/workshop-journey-*.png."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from assessment.models import Answer, Consensus, Workshop
from tests.factories import load_real_catalog, make_client, make_consultant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "ein-sicheres-Passwort-42"
PHONE = {"width": 390, "height": 844}
# name, role, the level each phone picks for every question of the first pillar
PEOPLE = [
    ("Anna Leiterin", "Geschäftsleitung", "5"),
    ("Ben Verkauf", "Vertrieb", "2"),
    ("", "IT", "3"),
]


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"workshop-journey-{name}.png"), full_page=True)


def _watch(page: Page, errors: list[str]) -> Page:
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


def _phone(
    browser: Browser, live_server, code: str, name: str, role: str, errors: list[str]
) -> Page:
    page = _watch(browser.new_context(viewport=PHONE).new_page(), errors)
    page.goto(f"{live_server.url}/de/join/")
    page.get_by_test_id("join-code-input").fill(code)
    page.get_by_role("button", name="Weiter").click()
    if name:
        page.get_by_label("Ihr Name (freiwillig)").fill(name)
    page.get_by_label("Ihre Rolle oder Abteilung").select_option(role)
    page.get_by_test_id("join").click()
    page.get_by_test_id("begin").click()
    expect(page.get_by_test_id("pillar-name")).to_be_visible()
    return page


def _answer_all_on_the_page(page: Page, level: str) -> int:
    names = page.evaluate(
        "Array.from(new Set(Array.from(document.querySelectorAll('input[type=radio]'))"
        ".map(e => e.name)))"
    )
    for name in names:
        radio = page.locator(f'input[name="{name}"][value="{level}"]')
        page.locator("label.kk-option", has=radio).click()
        expect(radio).to_be_checked()
        # autosaved: the card says so before the next one is touched
        card = page.locator(f"#q-{name.removesuffix('-value')}")
        expect(card.locator(".kk-save-state .saved")).to_be_visible()
    return len(names)


def test_a_workshop_from_opening_to_the_report(browser: Browser, live_server):
    errors: list[str] = []
    catalog = load_real_catalog()
    pillars = list(catalog.pillars.order_by("order"))
    consultant = make_consultant(email="petra@nord.example", password=PASSWORD)
    client = make_client(consultant, name="Bäckerei Muster AG")

    desk = _watch(browser.new_context(viewport={"width": 1280, "height": 900}).new_page(), errors)
    desk.goto(f"{live_server.url}/de/accounts/login/")
    desk.get_by_label("E-Mail").fill("petra@nord.example")
    desk.get_by_label("Passwort").fill(PASSWORD)
    desk.get_by_role("button", name="Anmelden").click()
    desk.goto(f"{live_server.url}/de/clients/{client.pk}/")
    form = desk.locator("[data-testid=assessment-form]").last
    form.locator('input[name="mode"][value="distributed"]').check()
    form.locator('input[name="pacing"][value="facilitator"]').check()
    form.get_by_test_id("assessment-start").click()
    expect(desk.get_by_test_id("nobody-yet")).to_be_visible()
    workshop = Workshop.objects.get()
    assert (workshop.pacing, workshop.naming) == ("facilitator", "named")

    projector = _watch(desk.context.new_page(), errors)
    projector.goto(f"{live_server.url}/de/workshops/{workshop.assessment_id}/projector/")
    expect(projector.get_by_test_id("join-code")).to_have_text(workshop.join_code)
    _shot(projector, "projector")

    phones = [_phone(browser, live_server, workshop.join_code, n, r, errors) for n, r, _ in PEOPLE]
    for phone, (_name, _role, level) in zip(phones, PEOPLE, strict=True):
        assert phone.get_by_test_id("pillar-name").inner_text() == pillars[0].name
        assert _answer_all_on_the_page(phone, level) == pillars[0].questions.count()
    _shot(phones[0], "phone")
    assert all(p.evaluate("document.documentElement.scrollWidth") <= 390 for p in phones)

    # The facilitator moves the room on: every phone follows within a poll or two. (The
    # projector tab opened last; the facilitator looks at their own view again.)
    desk.bring_to_front()
    desk.get_by_test_id(f"move-{pillars[1].key}").click()
    started = time.monotonic()
    for phone in phones:
        expect(phone.get_by_test_id("pillar-name")).to_have_text(pillars[1].name, timeout=10000)
    print(f"\nphones followed in {time.monotonic() - started:.1f} s")
    desk.get_by_test_id(f"move-{pillars[-1].key}").click()
    for phone in phones:
        expect(phone.get_by_test_id("pillar-name")).to_have_text(pillars[-1].name, timeout=10000)
        phone.get_by_test_id("done").click()
        expect(phone.get_by_test_id("thank-you")).to_be_visible()
    expect(desk.get_by_test_id("finished-count")).to_contain_text("3 fertig", timeout=10000)
    _shot(desk, "facilitator")

    desk.get_by_test_id("reveal-all").click()
    for phone in phones:
        expect(phone.get_by_test_id("team-link")).to_be_visible(timeout=10000)
    phones[1].get_by_test_id("team-link").click()
    expect(phones[1].get_by_test_id("phone-question").first).to_be_visible()
    assert phones[1].evaluate("document.documentElement.scrollWidth") <= 390
    assert "Anna Leiterin" not in phones[1].content()
    _shot(phones[1], "phone-team")

    desk.on("dialog", lambda dialog: dialog.accept())  # "Close the workshop?"
    desk.get_by_test_id("close-workshop").click()
    expect(desk.get_by_test_id("workshop-closed")).to_be_visible()
    desk.get_by_test_id("team-results-link").click()
    agenda = desk.get_by_test_id("discuss-first")
    expect(agenda).to_be_visible()
    first = pillars[0].questions.order_by("order").first().key
    question = desk.locator(f"#team-{first}")
    question.get_by_test_id("consensus-details").locator("summary").click()
    question.locator(f"label[for='team-{first}-level-3']").click()
    question.locator("textarea[name=note]").fill("Geeinigt nach Diskussion")
    question.get_by_test_id("consensus-save").click()
    desk.wait_for_load_state()
    consensus = Consensus.objects.get()
    assert (consensus.question.key, consensus.level, consensus.note) == (
        first,
        3,
        "Geeinigt nach Diskussion",
    )
    # votes 5, 2, 3 → mean 3.33; agreed 3: the discussion moved it by −0.3
    expect(desk.locator(f"#team-{first}").get_by_test_id("team-shift")).to_have_text("−0,3")
    _shot(desk, "team-results")

    with desk.expect_download() as download:
        desk.get_by_test_id("report-pdf").click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    # Every vote stayed a vote: 3 people × the first pillar's questions.
    assert (
        Answer.objects.filter(question__pillar=pillars[0]).count()
        == 3 * pillars[0].questions.count()
    )
    assert errors == []
