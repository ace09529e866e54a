"""A consultant's journey in the browser: sign in, brand the workspace, a client, a facilitated
assessment, its result, a re-assessment with the change, the comparison, a share link opened by
someone else and the branded PDF. Screenshots: var/screenshots/consultant-*.png."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from assessment.models import Assessment
from tests.factories import make_consultant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "ein-sicheres-Passwort-42"
WIDTHS = (1280, 390)
# What sticks out on the right, to say where a page scrolls sideways.
WIDER_THAN_VIEWPORT = """[...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5)
    .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


def _look(page: Page, name: str) -> None:
    """A full-page screenshot at each width, and no sideways scrolling at any of them."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        # The radar redraws itself for the new width a moment after the resize.
        # (Polled from here: the page's CSP forbids the string eval of wait_for_function.)
        fits = f"document.documentElement.scrollWidth <= {width}"
        for _ in range(30):
            if page.evaluate(fits):
                break
            page.wait_for_timeout(100)
        page.screenshot(path=str(SCREENSHOTS / f"consultant-{name}-{width}.png"), full_page=True)
        assert page.evaluate(fits), (name, width, page.evaluate(WIDER_THAN_VIEWPORT))
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def _logo(tmp_path: Path) -> Path:
    output = io.BytesIO()
    image = Image.new("RGB", (600, 200), "white")
    image.paste((122, 31, 61), (20, 20, 180, 180))
    image.save(output, "PNG")
    path = tmp_path / "logo.png"
    path.write_bytes(output.getvalue())
    return path


def _answer_every_pillar(page: Page, level: str) -> None:
    """The first four questions of each pillar at `level` (enough for a score), then review."""
    while True:
        for card in page.locator(".kk-question").all()[:4]:
            card.locator(f"input[value='{level}']").check(force=True)
            expect(card.locator(".kk-save-state")).to_contain_text("Gespeichert")
        current = page.url
        page.get_by_test_id("next").click()
        # The next page's cards, not this one's: under load the click returns before the
        # navigation, and a pillar answered twice leaves the next one unanswered.
        page.wait_for_url(lambda url, current=current: url != current)
        page.wait_for_load_state()
        if "/review/" in page.url:
            return


def test_consultant_journey(
    page: Page, browser: Browser, live_server, small_catalog, console_errors, tmp_path
):
    make_consultant(email="petra@beratung.example", name="Petra Muster", workspace="Beratung Nord")
    base = f"{live_server.url}/de"

    page.goto(f"{base}/accounts/login/")
    _look(page, "login")
    page.locator("#id_username").fill("petra@beratung.example")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.kk-card button[type=submit]").click()
    expect(page).to_have_url(f"{base}/clients/")

    page.goto(f"{base}/workspace/")
    page.locator("#id_display_name").fill("Beratung Nord AG")
    page.locator("#id_accent_color").fill("#7A1F3D")
    page.locator("#id_contact_line").fill("Petra Muster · +41 44 000 00 00")
    page.locator("#id_logo").set_input_files(str(_logo(tmp_path)))
    page.locator("form.kk-card button[type=submit]").click()
    expect(page.get_by_text("Die Einstellungen sind gespeichert.")).to_be_visible()

    page.goto(f"{base}/clients/")
    page.get_by_test_id("client-create").click()
    page.locator("#id_name").fill("Muster Handel GmbH")
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("h1")).to_have_text("Muster Handel GmbH")

    # A facilitated assessment: the consultant answers in the questionnaire itself.
    form = page.get_by_test_id("assessment-form")
    form.locator("input[value='facilitated']").check()
    form.get_by_test_id("assessment-start").click()
    expect(page.locator(".kk-question").first).to_be_visible()
    _answer_every_pillar(page, "2")
    page.get_by_test_id("finish").click()
    # The review page names the client too: wait for the results before reading the database.
    page.wait_for_url("**/results/")
    expect(page.get_by_text("Muster Handel GmbH").first).to_be_visible()
    first = Assessment.objects.get()
    assert first.is_completed and first.mode == "facilitated"

    page.goto(f"{base}/clients/")
    expect(page.get_by_text("Muster Handel GmbH")).to_be_visible()
    _look(page, "client-list")

    # Assess again: the earlier answers stand beside the questions.
    page.get_by_text("Muster Handel GmbH").first.click()
    page.get_by_test_id("reassess-row").click()
    expect(page.get_by_test_id("earlier-answer").first).to_contain_text("Letztes Mal: Stufe 2")
    _answer_every_pillar(page, "4")
    page.get_by_test_id("finish").click()
    page.wait_for_url("**/results/")
    second = Assessment.objects.exclude(pk=first.pk).get()
    assert second.baseline_id == first.pk and second.is_completed
    expect(page.get_by_text("Veränderung seit der früheren Einschätzung").first).to_be_visible()
    # The radar overlays before and now: two traces besides the target.
    expect(page.locator("#radar .angularaxistick")).to_have_count(6)
    expect(page.locator("#radar .legendtext")).to_have_count(3)
    _look(page, "results-with-change")

    page.goto(f"{base}/clients/{first.organisation_id}/")
    _look(page, "client-page")
    page.get_by_test_id("compare-form").locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/compare/{first.pk}/{second.pk}/$"))
    _look(page, "compare")

    # A share link, opened by someone who is not signed in.
    page.goto(f"{base}/a/{second.token}/results/")
    page.get_by_test_id("share-create").click()
    share_url = page.get_by_test_id("share-links").locator("input").first.input_value()
    stranger = browser.new_context()
    shared = stranger.new_page()
    shared.goto(share_url)
    expect(shared.get_by_text("Muster Handel GmbH").first).to_be_visible()
    assert second.token not in shared.content()
    assert first.token not in shared.content()
    _look(shared, "shared")

    pdf = stranger.request.get(share_url.rstrip("/") + "/report.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.body()))
    cover = reader.pages[0]
    assert "Beratung Nord AG" in cover.extract_text()
    assert len(cover.images) >= 1, "the workspace logo is on the cover"
    (SCREENSHOTS / "consultant-shared-report.pdf").write_bytes(pdf.body())
    stranger.close()
    assert console_errors == []
