"""Render times of the questionnaire and results pages (median of repeated requests).

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/pages.py

Builds its own in-memory database with the real catalog and a fully answered assessment.
"""

from __future__ import annotations

import statistics
import time

from _setup import answered_assessment, setup_django

RUNS = 30


def main() -> None:
    setup_django()
    from django.test import Client
    from django.urls import reverse

    assessment = answered_assessment()
    catalog = assessment.catalog
    questions = catalog.questions.all()
    client = Client()
    pillar = catalog.pillars.order_by("order").first()
    pages = {
        "questionnaire (1 pillar)": reverse(
            "assessment:pillar", kwargs={"token": assessment.token, "pillar_key": pillar.key}
        ),
        "review": reverse("assessment:review", kwargs={"token": assessment.token}),
        "results": reverse("reports:results", kwargs={"token": assessment.token}),
        "results.json": reverse("reports:results_json", kwargs={"token": assessment.token}),
    }
    print(f"{questions.count()} questions, {RUNS} requests per page after one warm-up")
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
