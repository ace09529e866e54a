"""The workbooks are downloaded from the results page and the action plan, and open."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page

from assessment.actions import action_create
from assessment.services import assessment_finish
from tests.factories import answer_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _download(page: Page, test_id: str, folder: Path):
    with page.expect_download() as info:
        page.get_by_test_id(test_id).click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = folder / download.suggested_filename
    download.save_as(path)
    return load_workbook(path)


def test_the_workbooks_download_and_open(page: Page, live_server, assessment, tmp_path):
    answer_all(assessment, comment="=HYPERLINK(1)")
    assessment_finish(assessment=assessment)
    action_create(
        assessment=assessment,
        title="@Kundenreise",
        owner="Eva",
        due_date=datetime.date(2027, 3, 31),
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/de/a/{assessment.token}/results/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "results-xlsx.png"))
    book = _download(page, "answers-xlsx", tmp_path)
    assert book.sheetnames == ["Antworten", "Punktzahlen", "Maßnahmen"]
    assert book["Maßnahmen"]["A2"].value == "'@Kundenreise"
    assert book["Antworten"]["J4"].value == "'=HYPERLINK(1)"

    page.goto(f"{live_server.url}/de/a/{assessment.token}/actions/")
    page.screenshot(path=str(SCREENSHOTS / "actions-xlsx.png"))
    plan = _download(page, "actions-xlsx", tmp_path)
    assert plan.sheetnames == ["Maßnahmen"]
    assert plan["Maßnahmen"]["C2"].is_date
