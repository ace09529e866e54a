"""The KPI calculators in a browser, on a desktop and on a 390 px phone: filled in, calculated,
refused; no sideways scrolling, no console errors. Screenshots: var/screenshots/kpi-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTHS = (1280, 390)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open(page: Page, live_server, width: int, path: str) -> None:
    page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
    page.goto(f"{live_server.url}/de/kpi/{path}")


def _shoot(page: Page, name: str, width: int) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"kpi-{name}-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name


@pytest.mark.parametrize("width", WIDTHS)
def test_overview(page: Page, live_server, console_errors, width):
    _open(page, live_server, width, "")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kennzahlen der Kundenorientierung")
    _shoot(page, "index", width)
    assert console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_nps_from_a_file_is_uncertain(page: Page, live_server, console_errors, tmp_path, width):
    answers = tmp_path / "antworten.csv"
    answers.write_text("Bewertung\n10\n9\n9\n8\n7\n3\n10\n6\n9\n10\n")
    _open(page, live_server, width, "nps/")
    page.set_input_files("#id_upload", str(answers))
    page.get_by_test_id("by-file").click()
    # 6 promoters, 2 passives, 2 detractors of 10: NPS 40, uncertain.
    expect(page.get_by_test_id("kpi-value")).to_contain_text("40")
    expect(page.get_by_test_id("kpi-value")).to_contain_text("unsicher")
    _shoot(page, "nps", width)
    assert console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_churn_refused_then_calculated(page: Page, live_server, console_errors, width):
    _open(page, live_server, width, "churn/")
    page.fill("#id_customers_start", "1'200")
    page.fill("#id_customers_end", "1.300")
    page.fill("#id_lost", "1e308")
    page.fill("#id_months", "6")
    page.get_by_role("button", name="Berechnen").click()
    expect(page.locator("#id_lost_error")).to_contain_text("ohne Exponent")
    expect(page.locator("#id_customers_start")).to_have_value("1'200")
    _shoot(page, "churn-refused", width)
    page.fill("#id_lost", "125")
    page.get_by_role("button", name="Berechnen").click()
    # 125 ÷ 1,250 = 10 % in 6 months → 1 − 0.9² = 19 % a year.
    expect(page.get_by_test_id("kpi-value")).to_have_text("19,0\u00a0%")
    _shoot(page, "churn", width)
    # The refused form answers 400 on purpose; the browser logs that, nothing else may fail.
    assert [error for error in console_errors if "status of 400" not in error] == []


@pytest.mark.parametrize("width", WIDTHS)
def test_clv_discounted(page: Page, live_server, console_errors, width):
    _open(page, live_server, width, "clv/")
    page.fill("#id_annual_revenue", "2.500")
    page.fill("#id_years", "2,5")
    page.fill("#id_acquisition_cost", "1.000")
    page.fill("#id_margin_percent", "40")
    page.fill("#id_discount_percent", "10")
    page.get_by_role("button", name="Berechnen").click()
    # 1,000 a year, 2.5 years at 10 %: 909.09 + 826.45 + 375.66 = 2,111.19; − 1,000 = 1,111.19.
    expect(page.get_by_test_id("kpi-value")).to_have_text("1.111,19\u00a0CHF")
    _shoot(page, "clv", width)
    assert console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_customer_value(page: Page, live_server, console_errors, width):
    _open(page, live_server, width, "customer-value/")
    page.select_option("#id_currency", "EUR")
    page.fill("#id_revenue", "500.000")
    page.fill("#id_acquisition_costs", "100.000")
    page.fill("#id_care_costs", "50.000")
    page.fill("#id_customers", "250")
    page.get_by_role("button", name="Berechnen").click()
    expect(page.get_by_test_id("kpi-value")).to_have_text("1.400,00\u00a0EUR")
    _shoot(page, "customer-value", width)
    assert console_errors == []
