"""axe-core (from the npm registry, installed by `make test`) on every main page, in German and
English: no serious or critical violation. A keyboard-only test completes a questionnaire page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from assessment.actions import action_create
from assessment.kpi_inputs import kpi_inputs_save
from assessment.services import assessment_finish
from tests.factories import (
    answer_all,
    join_workshop,
    load_real_catalog,
    make_client,
    make_client_assessment,
    make_consultant,
    make_workshop,
    start_assessment,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = sorted((ROOT / "var").glob("axe-core-*/axe.min.js"))
PASSWORD = "ein-sicheres-Passwort-42"
SERIOUS = ("serious", "critical")


def _violations(page: Page) -> list[str]:
    assert AXE, "axe-core is missing: run `make test` (it installs var/axe-core-*/axe.min.js)"
    page.add_script_tag(path=str(AXE[-1]))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in result if v["impact"] in SERIOUS]


@pytest.fixture
def axe_page(browser: Browser):
    # axe is injected as a script of its own: the page's CSP (scripts only with a nonce) would
    # refuse it, so this context does not enforce the CSP. The pages themselves are unchanged.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def world(live_server):
    catalog = load_real_catalog()
    own = start_assessment(catalog)
    done = start_assessment(catalog, name="Fertig AG")
    answer_all(done)
    assessment_finish(assessment=done)
    kpi_inputs_save(  # the results page then shows its KPI section with figures
        assessment=done,
        values={"currency": "CHF", "promoters": 12, "passives": 5, "detractors": 3},
    )
    consultant = make_consultant(email="petra@nord.example", password=PASSWORD)
    client = make_client(consultant, name="Kunde AG")
    finished = make_client_assessment(client, catalog)
    answer_all(finished)
    assessment_finish(assessment=finished)
    # A second completed assessment of the client: the compare page of the two.
    again = make_client_assessment(client, catalog)
    answer_all(again)
    assessment_finish(assessment=again)
    # The plan page and the results page's plan summary with actions in it.
    action_create(assessment=done, title="CRM-Ziele festhalten", owner="Anna", status="done")
    action_create(assessment=done, title="Dubletten bereinigen", status="in_progress")
    workshop = make_workshop(client, catalog, pacing="facilitator")
    first = catalog.pillars.order_by("order").first().key
    participant = join_workshop(workshop, name="Anna", role="Vertrieb")
    return {
        "anonymous": [
            "/{lang}/",
            "/{lang}/start/",
            f"/{{lang}}/a/{own.token}/link/",
            f"/{{lang}}/a/{own.token}/p/{first}/",
            f"/{{lang}}/a/{own.token}/review/",
            f"/{{lang}}/a/{done.token}/results/",
            f"/{{lang}}/a/{done.token}/actions/",
            "/{lang}/privacy/",
            "/{lang}/accounts/login/",
            "/{lang}/join/",
            f"/{{lang}}/join/{workshop.join_code}/",
            f"/{{lang}}/w/{participant.token}/p/{first}/",
            f"/{{lang}}/w/{participant.token}/team/",
            "/{lang}/kpi/",
            "/{lang}/kpi/nps/",
            "/{lang}/kpi/clv/",
            f"/{{lang}}/a/{done.token}/kpis/",
        ],
        "consultant": [
            "/{lang}/clients/",
            f"/{{lang}}/clients/{client.pk}/",
            f"/{{lang}}/workshops/{workshop.assessment_id}/",
            f"/{{lang}}/workshops/{workshop.assessment_id}/projector/",
            f"/{{lang}}/a/{workshop.assessment.token}/results/",
            f"/{{lang}}/compare/{finished.pk}/{again.pk}/",
            f"/{{lang}}/a/{finished.token}/actions/",
            f"/{{lang}}/a/{finished.token}/kpis/",
            "/{lang}/workspace/",
        ],
    }


def _sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/de/accounts/login/")
    page.get_by_label("E-Mail").fill("petra@nord.example")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(f"{base}/de/clients/")


@pytest.mark.parametrize("language", ["de", "en"])
def test_no_serious_violations_on_the_main_pages(axe_page: Page, live_server, world, language):
    found: dict[str, list[str]] = {}
    for who in ("anonymous", "consultant"):
        if who == "consultant":
            _sign_in(axe_page, live_server.url)
        for path in world[who]:
            url = live_server.url + path.format(lang=language)
            response = axe_page.goto(url)
            assert response is not None and response.status == 200, url
            problems = _violations(axe_page)
            if problems:
                found[path] = problems
    assert found == {}


def test_a_questionnaire_page_is_answered_with_the_keyboard_only(page: Page, live_server):
    catalog = load_real_catalog()
    assessment = start_assessment(catalog)
    pillar = catalog.pillars.order_by("order").first()
    page.goto(f"{live_server.url}/de/a/{assessment.token}/p/{pillar.key}/")
    questions = list(pillar.questions.order_by("order"))
    first_radio = page.locator(f'input[name="{questions[0].key}-value"]').first
    first_radio.focus()
    for index, question in enumerate(questions):
        # Arrow keys move within a radio group and select; Tab moves on to the next control.
        page.keyboard.press("ArrowDown")
        expect(page.locator(f'input[name="{question.key}-value"][value="2"]')).to_be_checked()
        if index + 1 < len(questions):
            next_group = page.locator(f'input[name="{questions[index + 1].key}-value"]').first
            for _ in range(12):
                page.keyboard.press("Tab")
                if next_group.evaluate("e => e === document.activeElement") or page.evaluate(
                    f"document.activeElement.name === '{questions[index + 1].key}-value'"
                ):
                    break
            assert (
                page.evaluate("document.activeElement.name") == f"{questions[index + 1].key}-value"
            )
    page.locator("[data-testid=next]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/a/{assessment.token}/p/**")
    stored = assessment.participants.get().answers.filter(level=2).count()
    assert stored == len(questions)
