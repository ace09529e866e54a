"""Finishing races with autosave: no answer is stored after the assessment is completed.

Real concurrent requests against gunicorn (2 workers × 2 threads), on SQLite or PostgreSQL.
"""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from .server import Browser

ROUNDS = 10
WRITERS = 6


def _csrf(browser: Browser, token: str) -> str:
    page = browser.get(f"/de/a/{token}/p/strategy/")
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def _write(server, assessment: dict, offset: int, go, finished, results: list) -> None:
    browser = Browser(server.port)
    token = assessment["token"]
    csrf = _csrf(browser, token)
    go.wait()
    for number, key in enumerate(assessment["keys"]):
        after = finished.is_set()
        level = (number + offset) % 5 + 1
        response = browser.post(
            f"/de/a/{token}/answer/",
            {"csrfmiddlewaretoken": csrf, "question": key, f"{key}-value": str(level)},
            headers={"HX-Request": "true"},
        )
        results.append((after, response.status))


def _race(server, assessment: dict) -> int:
    """Writers autosave while the assessment is finished; returns late acknowledgements."""
    finished = threading.Event()
    go = threading.Barrier(WRITERS + 1)
    results: list[tuple[bool, int]] = []  # (sent after the finish answered, status)
    finisher = Browser(server.port)
    csrf = _csrf(finisher, assessment["token"])
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        for offset in range(WRITERS):
            pool.submit(_write, server, assessment, offset, go, finished, results)
        go.wait()
        # Finish while the writers are in full flow: after their first answers are in.
        deadline = time.monotonic() + 20
        while len(results) < 2 * WRITERS and time.monotonic() < deadline:
            time.sleep(0.005)
        response = finisher.post(
            f"/de/a/{assessment['token']}/finish/", {"csrfmiddlewaretoken": csrf}
        )
        assert response.status == 302
        finished.set()
    assert {status for _after, status in results} <= {200, 422}
    assert any(status == 200 for _after, status in results), "the race really overlapped"
    return sum(1 for after, status in results if after and status == 200)


def test_no_answer_is_stored_after_completion(production_server):
    assessments = production_server.new_assessments(ROUNDS)
    late_acknowledged = sum(_race(production_server, assessment) for assessment in assessments)
    late_stored = production_server.query(
        f"""
from django.db.models import F
from assessment.models import Answer
result = Answer.objects.filter(
    participant__assessment_id__in={[a["id"] for a in assessments]},
    updated_at__gt=F("participant__assessment__completed_at"),
).count()
"""
    )
    completed = production_server.query(
        f"""
from assessment.models import Assessment
result = Assessment.objects.filter(
    pk__in={[a["id"] for a in assessments]}, status="completed"
).count()
"""
    )
    print(
        f"\n{ROUNDS} rounds: {late_stored} answers stored after completion, "
        f"{late_acknowledged} acknowledged after the finish answered"
    )
    assert completed == ROUNDS
    assert late_stored == 0
    assert late_acknowledged == 0
