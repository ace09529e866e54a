"""The facilitator's live poll against gunicorn (two worker processes, production settings): an
unchanged workshop answers 304 from every worker, a change made elsewhere (a participant joining
in another process) is seen by the next poll, whichever worker answers it. Prints the figures."""

from __future__ import annotations

import time

from .server import Browser

PASSWORD = "ein-sicheres-Passwort-42"


def _setup(production_server) -> dict:
    return production_server.query(
        f"""
from assessment.consultants import consultant_create, client_create
from assessment.workshops import workshop_open
from pillars.selectors import catalog_current
membership = consultant_create(
    email="live@beratung.example", name="Lea Live", workspace_name="Live AG",
    password="{PASSWORD}",
)
client = client_create(workspace=membership.workspace, name="Kunde Live", industry="other")
workshop = workshop_open(client=client, catalog=catalog_current(), language="de")
result = {{"id": workshop.assessment_id}}
"""
    )  # type: ignore[return-value]


def _join(production_server, assessment_id: int) -> None:
    production_server.query(
        f"""
from assessment.models import Workshop
from assessment.workshops import participant_join
participant_join(workshop=Workshop.objects.get(assessment_id={assessment_id}), role="IT")
result = True
"""
    )


def test_the_live_poll_answers_304_until_the_room_changes(production_server):
    workshop = _setup(production_server)
    browser = Browser(production_server.port)
    csrf = browser.csrf_token("/de/accounts/login/")
    signed_in = browser.post(
        "/de/accounts/login/",
        {"csrfmiddlewaretoken": csrf, "username": "live@beratung.example", "password": PASSWORD},
    )
    assert signed_in.status == 302
    live = f"/de/workshops/{workshop['id']}/live/"
    first = browser.get(live)
    assert first.status == 200, first.text[:300]
    etag = first.header("ETag")
    assert etag and "no-store" in first.header("Cache-Control")

    unchanged, started = [], time.perf_counter()
    for _ in range(40):
        response = browser.get(live, headers={"If-None-Match": etag})
        unchanged.append(response.status)
    per_304 = (time.perf_counter() - started) / 40
    assert unchanged == [304] * 40

    _join(production_server, workshop["id"])
    changed = browser.get(live, headers={"If-None-Match": etag})
    assert changed.status == 200
    assert changed.header("ETag") != etag
    assert "Teilnehmer/in 1" in changed.text
    etag = changed.header("ETag")
    started = time.perf_counter()
    for _ in range(40):
        assert browser.get(live).status == 200
    per_200 = (time.perf_counter() - started) / 40
    assert [browser.get(live, headers={"If-None-Match": etag}).status for _ in range(10)] == [
        304
    ] * 10
    print(f"\nlive poll: 304 in {per_304 * 1000:.1f} ms, full board in {per_200 * 1000:.1f} ms")
