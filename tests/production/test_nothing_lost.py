"""No answer is lost: many participants at once, and a server killed in the middle of it.

Runs against gunicorn with production settings, on SQLite or on PostgreSQL (whichever
DATABASE_URL names; CI runs both).
"""

from __future__ import annotations

import random
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from .server import Browser, ProductionServer

PARTICIPANTS = 60


def _answer_all(server: ProductionServer, assessment: dict, acknowledged: dict, stop=None) -> None:
    """One participant autosaves every question of two pillars; records what got a 200."""
    browser = Browser(server.port)
    base = f"/de/a/{assessment['token']}/"
    page = browser.get(base + "p/strategy/")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    rng = random.Random(assessment["id"])
    mine = acknowledged.setdefault(assessment["token"], {})
    for key in assessment["keys"]:
        if stop is not None and stop.is_set():
            return
        level = rng.randint(1, 5)
        try:
            response = browser.post(
                base + "answer/",
                {"csrfmiddlewaretoken": csrf, "question": key, f"{key}-value": str(level)},
                headers={"HX-Request": "true"},
                timeout=30,
            )
        except OSError:
            return  # the server went away: this answer was never acknowledged
        if response.status == 200:
            mine[key] = level


def test_sixty_participants_at_once_lose_nothing(production_server):
    assessments = production_server.new_assessments(PARTICIPANTS)
    acknowledged: dict[str, dict[str, int]] = {}
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=PARTICIPANTS) as pool:
        for assessment in assessments:
            pool.submit(_answer_all, production_server, assessment, acknowledged)
    elapsed = time.monotonic() - started
    sent = sum(len(a["keys"]) for a in assessments)
    acked = sum(len(answers) for answers in acknowledged.values())
    stored = production_server.stored_levels()
    print(f"\n{PARTICIPANTS} participants: {sent} sent, {acked} acknowledged in {elapsed:.1f} s")
    assert acked == sent, "every autosave is acknowledged under this load"
    for assessment in assessments:
        token = assessment["token"]
        assert stored.get(token, {}) == acknowledged[token], "stored exactly what was acknowledged"


def test_a_killed_server_keeps_every_acknowledged_answer(production_server):
    assessments = production_server.new_assessments(20)
    acknowledged: dict[str, dict[str, int]] = {}
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=len(assessments)) as pool:
        for assessment in assessments:
            pool.submit(_answer_all, production_server, assessment, acknowledged, stop)
        # Kill in the middle of the load: once some answers are in, long before all are.
        deadline = time.monotonic() + 30
        while sum(map(len, acknowledged.values())) < 40 and time.monotonic() < deadline:
            time.sleep(0.01)
        production_server.kill()
        stop.set()
    acked = sum(len(answers) for answers in acknowledged.values())
    total = sum(len(a["keys"]) for a in assessments)
    print(f"\nSIGKILL after {acked} of {total} answers were acknowledged")
    assert 0 < acked < total, "the kill landed mid-load"
    stored = production_server.stored_levels()
    missing = [
        (token, key)
        for token, answers in acknowledged.items()
        for key, level in answers.items()
        if stored.get(token, {}).get(key) != level
    ]
    assert missing == []
    # The server comes back on the same data; the other production tests go on against it.
    production_server.start()
    assert Browser(production_server.port).get("/de/").status == 200
