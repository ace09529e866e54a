"""A consultant signs in, brands the workspace, invites a member and signs out, at two widths;
the screenshots land in var/screenshots/accounts-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from assessment.models import Workspace
from tests.factories import make_consultant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "ein-sicheres-Passwort-42"


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator(".kk-navbar").bounding_box()["height"] < 70
    for link in page.locator(".kk-navbar .nav-link").all():
        assert link.bounding_box()["height"] < 45, link.inner_text()  # no link wraps


def _logo(tmp_path: Path) -> Path:
    import io

    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (900, 300), "#0B5394").save(output, "PNG")
    path = tmp_path / "logo.png"
    path.write_bytes(output.getvalue())
    return path


@pytest.mark.parametrize("width", [1280, 390])
def test_sign_in_brand_invite_sign_out(page: Page, live_server, console_errors, tmp_path, width):
    make_consultant(email="petra@example.com", name="Petra Berater", workspace="Beratung Nord")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/de/accounts/login/")
    _fits(page, width)
    page.locator("#id_username").fill("petra@example.com")
    page.locator("#id_password").fill("falsch")
    page.locator("form.kk-card button[type=submit]").click()
    expect(page.get_by_text("richtige E-Mail-Adresse")).to_be_visible()
    _fits(page, width)
    shot(page, f"accounts-login-error-{width}")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.kk-card button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/de/clients/")

    page.goto(f"{live_server.url}/de/workspace/")
    page.locator("#id_display_name").fill("Beratung Nord & Partner")
    page.locator("#id_logo").set_input_files(str(_logo(tmp_path)))
    page.locator("#id_accent_color").fill("#FFD700")
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.locator("#id_accent_color.is-invalid")).to_be_visible()
    _fits(page, width)
    shot(page, f"accounts-branding-error-{width}")
    page.locator("#id_logo").set_input_files(str(_logo(tmp_path)))
    page.locator("#id_accent_color").fill("#0B5394")
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert Workspace.objects.get().logo_content_type == "image/png"
    _fits(page, width)
    shot(page, f"accounts-branding-{width}")

    page.goto(f"{live_server.url}/de/workspace/members/")
    page.locator("#id_email").fill("neu@example.com")
    page.locator("#id_email").press("Enter")
    expect(page.get_by_text("neu@example.com").first).to_be_visible()
    _fits(page, width)
    shot(page, f"accounts-members-{width}")

    page.locator(".kk-navbar .dropdown-toggle").click()
    expect(page.locator(".kk-navbar .dropdown-menu")).to_be_visible()
    shot(page, f"accounts-menu-{width}")
    page.locator(".kk-navbar .dropdown-menu button[type=submit]").click()
    expect(page.locator(".kk-navbar a[href='/de/accounts/login/']")).to_be_visible()
    assert console_errors == []
