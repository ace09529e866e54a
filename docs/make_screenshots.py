"""Screenshots for the README and the consultants' guides, made from the demo data.

    .venv/bin/python docs/make_screenshots.py

A temporary SQLite database gets the catalog and `seed_demo`; a development server on a free
loopback port serves it; Debian's chromium (driven by Playwright) takes the pages; `pdftoppm`
turns a page of the workshop's PDF report into a PNG. Everything lands in docs/screenshots/.
Needs the dev environment (`make .venv/.dev`) and poppler-utils; nothing outside var/ and
docs/screenshots/ is touched.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess  # nosec B404 - runs this project's own commands
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PYTHON = sys.executable
PASSWORD = "demo-Screenshots-2026"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}


def prepare() -> None:
    """Run inside Django (a child process): an unfinished self-assessment for the questionnaire
    shot, and the ids and tokens the browser needs, printed as JSON."""
    import django

    django.setup()
    from assessment.models import Assessment
    from assessment.services import AnswerInput, answers_save, assessment_start
    from assessment.values import AnswerValue
    from pillars.selectors import catalog_current

    catalog = catalog_current()
    assert catalog is not None
    fresh = assessment_start(
        organisation_name="Muster Gartenbau (Demo)",
        industry="services",
        size_band="10-49",
        country="DE",
        language="de",
        catalog=catalog,
        is_sample=True,
    )
    first = list(catalog.questions.order_by("pillar__order", "order")[:3])
    answers_save(
        participant=fresh.participants.get(),
        answers=[
            AnswerInput(question=q, value=AnswerValue(status="level", level=level))
            for q, level in zip(first, (3, 2), strict=False)
        ],
    )
    workshop = Assessment.objects.get(mode="distributed")
    print(
        json.dumps(
            {
                "fresh": fresh.token,
                "first_pillar": first[0].pillar.key,
                "workshop_id": workshop.pk,
                "workshop_token": workshop.token,
            }
        )
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(  # nosec B603 - fixed arguments
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def wait_for(url: str) -> None:
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=2):  # nosec B310 - loopback only
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The server did not answer at {url}")


def shoot(base: str, data: dict[str, object]) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        desktop = browser.new_context(viewport=DESKTOP, locale="de-DE")
        page = desktop.new_page()
        page.goto(f"{base}/de/")
        page.screenshot(path=OUT / "home.png")

        page.goto(f"{base}/de/accounts/login/")
        page.fill("input[name=username]", "demo@kundenkompass.example")
        page.fill("input[name=password]", PASSWORD)
        page.click("form.kk-card button[type=submit]")
        page.wait_for_load_state("networkidle")
        page.goto(f"{base}/de/clients/")
        page.screenshot(path=OUT / "clients.png")
        page.goto(f"{base}/de/workshops/{data['workshop_id']}/")
        page.screenshot(path=OUT / "facilitator.png")
        page.goto(f"{base}/de/a/{data['workshop_token']}/results/")
        page.wait_for_timeout(1500)  # the radar draws after load
        page.screenshot(path=OUT / "results.png")
        desktop.close()

        phone = browser.new_context(
            viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="de-DE"
        )
        page = phone.new_page()
        page.goto(f"{base}/de/a/{data['fresh']}/p/{data['first_pillar']}/")
        # The first question card at the top: what a participant sees while answering.
        page.locator(".kk-question").first.evaluate(
            "card => window.scrollTo(0, card.offsetTop - 8)"
        )
        page.wait_for_timeout(300)
        page.screenshot(path=OUT / "questionnaire-phone.png")
        phone.close()
        browser.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kk-shots-", dir=ROOT / "var") as tmp:
        env = {
            **os.environ,
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
            "KK_PASSWORD": PASSWORD,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
        }
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_catalog")
        manage(env, "seed_demo")
        data = json.loads(
            subprocess.run(  # nosec B603 - this file, fixed arguments
                [PYTHON, __file__, "--prepare"],
                cwd=ROOT,
                env={**env, "PYTHONPATH": str(ROOT)},
                check=True,
                capture_output=True,
                text=True,
            ).stdout.splitlines()[-1]
        )
        pdf = Path(tmp) / "report.pdf"
        manage(env, "report", str(data["workshop_token"]), "--format", "pdf", "-o", str(pdf))
        for page_number, name in ((1, "report-page-1"), (3, "report-page-3")):
            subprocess.run(  # nosec B603 B607 - poppler-utils, fixed arguments
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "70",
                    "-singlefile",
                    "-f",
                    str(page_number),
                    "-l",
                    str(page_number),
                    str(pdf),
                    str(OUT / name),
                ],
                check=True,
            )
        port = free_port()
        server = subprocess.Popen(  # nosec B603 - fixed arguments
            [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/de/")
            shoot(base, data)
        finally:
            server.terminate()
            server.wait(timeout=10)
    for png in sorted(OUT.glob("*.png")):
        print(png.relative_to(ROOT))


if __name__ == "__main__":
    if sys.argv[1:] == ["--prepare"]:
        prepare()
    else:
        main()
