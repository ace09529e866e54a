"""Two browsers on one private link: neither silently undoes the other's answer."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from assessment.models import Answer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_second_window_is_told_and_the_first_goes_on_saving(
    page: Page, browser: Browser, live_server, assessment
):
    url = f"{live_server.url}/de/a/{assessment.token}/p/strategy/"
    other = browser.new_context().new_page()
    page.goto(url)
    other.goto(url)
    mine = page.locator(".kk-question").first
    theirs = other.locator(".kk-question").first

    mine.locator("input[value='3']").check(force=True)
    expect(mine.locator(".kk-save-state")).to_contain_text("Gespeichert")
    # A second click in the same window carries the version of its own first save.
    mine.locator("input[value='4']").check(force=True)
    expect(mine.locator(".kk-save-state")).to_contain_text("Gespeichert")

    theirs.locator("input[value='5']").check(force=True)
    expect(theirs.locator(".kk-save-state")).to_contain_text("in einem anderen Fenster")
    assert Answer.objects.get().level == 4

    # After a reload the other window sees 4 and may change it.
    other.reload()
    theirs = other.locator(".kk-question").first
    expect(theirs.locator("input[value='4']")).to_be_checked()
    theirs.locator("input[value='5']").check(force=True)
    expect(theirs.locator(".kk-save-state")).to_contain_text("Gespeichert")
    assert Answer.objects.get().level == 5
    other.context.close()
