"""Every page of a self-assessment on a 390×844 phone: the start, the private link, a pillar, the
review, the results, the action plan, the KPI figures and the calculators. No sideways scrolling,
and every control (buttons, fields, disclosure summaries) at least 44 px tall. Screenshots:
var/screenshots/self-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from assessment.actions import action_create
from assessment.kpi_inputs import kpi_inputs_save
from assessment.services import assessment_finish
from tests.factories import answer_all, load_real_catalog, start_assessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}

# Visible controls a thumb has to hit. Links inside running text are exempt (WCAG 2.5.8), so only
# links styled as buttons count; a radio or checkbox counts through its label.
SMALL_TARGETS = """() => Array.from(document.querySelectorAll(
        'main button, main .btn, main input:not([type=hidden]):not([type=radio])'
        + ':not([type=checkbox]), main select, main textarea, main summary, '
        + 'main .form-check-label'))
    .filter((el) => el.offsetParent !== null)
    .filter((el) => el.getBoundingClientRect().height < 44)
    .map((el) => (el.tagName + '.' + el.className + ' "' + el.textContent.trim().slice(0, 30)
                  + '": ' + Math.round(el.getBoundingClientRect().height)))"""


@pytest.fixture
def pages(live_server):
    catalog = load_real_catalog()
    own = start_assessment(catalog)
    done = start_assessment(catalog, name="Fertig AG")
    answer_all(done)
    assessment_finish(assessment=done)
    kpi_inputs_save(
        assessment=done,
        values={"currency": "EUR", "promoters": 12, "passives": 5, "detractors": 3},
    )
    action_create(assessment=done, title="Leads der Website direkt ins CRM übernehmen")
    first = catalog.pillars.order_by("order").first().key
    return {
        "start": "/de/start/",
        "link": f"/de/a/{own.token}/link/",
        "pillar": f"/de/a/{own.token}/p/{first}/",
        "review": f"/de/a/{own.token}/review/",
        "results": f"/de/a/{done.token}/results/",
        "actions": f"/de/a/{done.token}/actions/",
        "kpis": f"/de/a/{done.token}/kpis/",
        "kpi-index": "/de/kpi/",
        "kpi-nps": "/de/kpi/nps/",
        "kpi-churn": "/de/kpi/churn/",
        "kpi-clv": "/de/kpi/clv/",
        "kpi-customer-value": "/de/kpi/customer-value/",
    }


def test_every_self_assessment_page_fits_a_phone_with_44_px_targets(
    page: Page, live_server, pages, console_errors
):
    page.set_viewport_size(PHONE)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wide: dict[str, int] = {}
    small: dict[str, list[str]] = {}
    for name, path in pages.items():
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        page.screenshot(path=str(SCREENSHOTS / f"self-{name}-390.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[name] = width
        targets = page.evaluate(SMALL_TARGETS)
        if targets:
            small[name] = targets
    assert wide == {}
    listed = [f"{name}: {item}" for name, items in small.items() for item in items]
    assert small == {}, "\n".join(listed)
    assert console_errors == []
