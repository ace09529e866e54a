"""Nothing lost in a live workshop: 60 phones join and autosave at once against gunicorn.

Each participant is a thread with its own HTTP session and CSRF token. Every acknowledged
answer is stored exactly once; two tabs or a double submit leave one answer per participant and
question (the unique constraint and the assessment lock, not luck), the last one acknowledged;
after the workshop closes a late answer is refused with a message and changes nothing. Runs on
SQLite or PostgreSQL, whichever DATABASE_URL names (CI runs both).
"""

from __future__ import annotations

import random
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from .server import Browser, ProductionServer

PARTICIPANTS = 60
ROLES = ("Geschäftsleitung", "Vertrieb", "Marketing", "Service", "IT")


def _open_workshop(server: ProductionServer) -> dict:
    return server.query(
        """
from assessment.consultants import consultant_create, client_create
from assessment.workshops import workshop_open
from pillars.selectors import catalog_current
membership = consultant_create(
    email="phones@beratung.example", name="Pia Phone", workspace_name="Phone AG",
    password="ein-sicheres-Passwort-42",
)
client = client_create(workspace=membership.workspace, name="Kunde Phone", industry="other")
catalog = catalog_current()
workshop = workshop_open(client=client, catalog=catalog, language="de")
pillars = list(catalog.pillars.order_by("order")[:2])
keys = [q.key for p in pillars for q in p.questions.order_by("order")]
result = {"code": workshop.join_code, "id": workshop.assessment_id, "keys": keys}
"""
    )  # type: ignore[return-value]


class Phone:
    """One participant's phone: joins with the code, then autosaves through its private link."""

    def __init__(self, server: ProductionServer, number: int) -> None:
        self.browser = Browser(server.port)
        self.number = number
        self.token = ""
        self.csrf = ""

    def join(self, code: str) -> None:
        path = f"/de/join/{code.lower()}/"
        self.csrf = self.browser.csrf_token(path)
        response = self.browser.post(
            path,
            {
                "csrfmiddlewaretoken": self.csrf,
                "name": f"Person {self.number}",
                "role": ROLES[self.number % len(ROLES)],
            },
        )
        assert response.status == 302, response.text[:300]
        self.token = re.search(r"/w/([A-Za-z0-9_-]+)/link/", response.header("Location")).group(1)

    def answer(self, key: str, value: str) -> int:
        response = self.browser.post(
            f"/de/w/{self.token}/answer/",
            {"csrfmiddlewaretoken": self.csrf, "question": key, f"{key}-value": value},
            headers={"HX-Request": "true"},
            timeout=30,
        )
        return response.status

    def tab(self) -> Phone:
        """A second tab: the same cookies and link, its own connection."""
        other = Phone.__new__(Phone)
        other.browser = Browser(self.browser.port, cookies=dict(self.browser.cookies))
        other.number, other.token, other.csrf = self.number, self.token, self.csrf
        return other


def _answer_everything(phone: Phone, workshop: dict, go: threading.Barrier, acked: dict) -> None:
    phone.join(workshop["code"])
    go.wait(timeout=120)  # everyone answers at the same moment
    rng = random.Random(phone.number)
    mine = acked.setdefault(phone.token, {})
    for key in workshop["keys"]:
        level = rng.randint(1, 5)
        if phone.answer(key, str(level)) == 200:
            mine[key] = level


def _stored(server: ProductionServer, assessment_id: int) -> dict:
    return server.query(
        f"""
from django.db.models import Count
from assessment.models import Answer
rows = Answer.objects.filter(participant__assessment_id={assessment_id})
result = {{
    "levels": {{}},
    "duplicates": rows.values("participant_id", "question_id")
        .annotate(n=Count("id")).filter(n__gt=1).count(),
    "rows": rows.count(),
}}
for token, key, level in rows.values_list("participant__token", "question__key", "level"):
    result["levels"].setdefault(token, {{}})[key] = level
"""
    )  # type: ignore[return-value]


def _forget(server: ProductionServer, assessment_id: int, key: str) -> None:
    """Remove every answer to one question, so that racing tabs both insert."""
    server.query(
        f"""
from assessment.models import Answer
Answer.objects.filter(participant__assessment_id={assessment_id}, question__key={key!r}).delete()
result = True
"""
    )


def test_sixty_phones_join_and_answer_at_once_and_nothing_is_lost(production_server):
    workshop = _open_workshop(production_server)
    phones = [Phone(production_server, number) for number in range(PARTICIPANTS)]
    acked: dict[str, dict[str, int]] = {}
    go = threading.Barrier(PARTICIPANTS)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=PARTICIPANTS) as pool:
        futures = [pool.submit(_answer_everything, phone, workshop, go, acked) for phone in phones]
        for future in futures:
            future.result()
    elapsed = time.monotonic() - started
    sent = PARTICIPANTS * len(workshop["keys"])
    acknowledged = sum(len(answers) for answers in acked.values())
    stored = _stored(production_server, workshop["id"])
    print(
        f"\n{PARTICIPANTS} phones joined and sent {sent} answers: {acknowledged} acknowledged, "
        f"{stored['rows']} stored, in {elapsed:.1f} s"
    )
    assert len(acked) == PARTICIPANTS
    assert acknowledged == sent, "every autosave is acknowledged under this load"
    assert stored["duplicates"] == 0
    assert stored["rows"] == sent
    assert stored["levels"] == acked, "stored exactly what was acknowledged, once"

    # Two tabs of each of ten participants change one answer at the same moment, on a question
    # nobody answered yet (both insert) and on one already answered (both update).
    keys = workshop["keys"]
    extra_key = keys[-1]
    racers = phones[:10]
    results: dict[tuple[str, str], list[tuple[str, int]]] = {}
    lock = threading.Lock()

    def send(tab: Phone, key: str, value: str, barrier: threading.Barrier) -> None:
        barrier.wait(timeout=60)
        status = tab.answer(key, value)
        with lock:
            results.setdefault((tab.token, key), []).append((value, status))

    _forget(production_server, workshop["id"], extra_key)
    with ThreadPoolExecutor(max_workers=40) as pool:
        for phone in racers:
            for key in (extra_key, keys[0]):
                barrier = threading.Barrier(2)
                pool.submit(send, phone, key, "2", barrier)
                pool.submit(send, phone.tab(), key, "4", barrier)
    stored = _stored(production_server, workshop["id"])
    assert stored["duplicates"] == 0
    for (token, key), outcomes in results.items():
        assert sorted(outcomes) == [("2", 200), ("4", 200)], (token, key, outcomes)
        assert stored["levels"][token][key] in (2, 4)

    # One after the other, the later tab wins.
    for phone in racers:
        assert phone.answer(keys[1], "1") == 200
        assert phone.tab().answer(keys[1], "5") == 200
    stored = _stored(production_server, workshop["id"])
    assert {stored["levels"][phone.token][keys[1]] for phone in racers} == {5}
    assert stored["duplicates"] == 0

    # Closed: late answers are refused with the message and change nothing.
    production_server.query(
        f"""
from assessment.models import Workshop
from assessment.workshops import workshop_close
workshop_close(workshop=Workshop.objects.get(assessment_id={workshop["id"]}))
result = True
"""
    )
    before = stored
    late = []
    for phone in phones[:20]:
        response = phone.browser.post(
            f"/de/w/{phone.token}/answer/",
            {"csrfmiddlewaretoken": phone.csrf, "question": keys[2], f"{keys[2]}-value": "5"},
            headers={"HX-Request": "true"},
        )
        late.append(response.status)
        assert "Der Workshop ist geschlossen" in response.text
    assert late == [422] * 20
    assert _stored(production_server, workshop["id"]) == before
