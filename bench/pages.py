"""Render times of the questionnaire and results pages (median of repeated requests).

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/pages.py

Builds its own in-memory database with the real catalog and a fully answered assessment.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

RUNS = 30


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from tests.factories import answer, load_real_catalog, start_assessment

    catalog = load_real_catalog()
    assessment = start_assessment(catalog)
    questions = list(catalog.questions.order_by("pillar__order", "order"))
    for index, question in enumerate(questions):
        answer(assessment, question.key, index % 5 + 1, target=5 if index % 4 == 0 else None)
    client = Client()
    pillar = catalog.pillars.order_by("order").first()
    pages = {
        "questionnaire (1 pillar)": reverse(
            "assessment:pillar", kwargs={"token": assessment.token, "pillar_key": pillar.key}
        ),
        "review": reverse("assessment:review", kwargs={"token": assessment.token}),
        "results": reverse("assessment:results", kwargs={"token": assessment.token}),
        "results.json": reverse("assessment:results_json", kwargs={"token": assessment.token}),
    }
    print(f"{len(questions)} questions, {RUNS} requests per page after one warm-up")
    for name, url in pages.items():
        client.get(url)
        timings = []
        for _ in range(RUNS):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{name:28s} median {statistics.median(timings):6.1f} ms   "
            f"p90 {sorted(timings)[int(RUNS * 0.9) - 1]:6.1f} ms   {len(response.content):7d} bytes"
        )


if __name__ == "__main__":
    main()
