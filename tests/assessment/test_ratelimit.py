"""Abuse controls: starting assessments, guessing links, guessing passwords."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from assessment import ratelimit
from assessment.models import Assessment
from tests.subprocesses import run_django

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_CACHE_BACKEND = "config.cache.DatabaseCache"
START_DATA = {
    "organisation_name": "Muster AG",
    "industry": "trade",
    "size_band": "10-49",
    "country": "CH",
    "language": "de",
}


def test_a_hundred_starts_in_a_row_meet_a_429(client, catalog, clock):
    url = reverse("assessment:start")
    statuses = [client.post(url, START_DATA).status_code for _ in range(100)]
    limit = ratelimit.start_limit()
    assert statuses[: limit.attempts] == [302] * limit.attempts
    assert set(statuses[limit.attempts :]) == {429}
    assert Assessment.objects.count() == limit.attempts


def test_the_429_page_is_friendly_and_translated(client, catalog, clock):
    limit = ratelimit.start_limit()
    for _ in range(limit.attempts):
        client.post(reverse("assessment:start"), START_DATA)
    response = client.post(reverse("assessment:start"), START_DATA)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= limit.window
    assert "Bitte warten Sie einen Moment" in response.content.decode()
    with_english = client.post(
        reverse("assessment:start"), START_DATA, headers={"accept-language": "en"}
    )
    assert with_english.status_code == 429


def test_starting_works_again_after_the_window(client, catalog, clock):
    limit = ratelimit.start_limit()
    for _ in range(limit.attempts + 1):
        client.post(reverse("assessment:start"), START_DATA)
    clock.now += limit.window
    assert client.post(reverse("assessment:start"), START_DATA).status_code == 302


def test_another_address_is_not_limited(client, catalog, clock):
    for _ in range(ratelimit.start_limit().attempts + 1):
        client.post(reverse("assessment:start"), START_DATA)
    other = client.post(reverse("assessment:start"), START_DATA, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_the_start_form_itself_is_never_limited(client, catalog, clock):
    for _ in range(ratelimit.start_limit().attempts + 1):
        client.post(reverse("assessment:start"), START_DATA)
    assert client.get(reverse("assessment:start")).status_code == 200


def test_a_cache_outage_opens_the_limits_instead_of_failing(client, assessment, monkeypatch):
    class Down:
        def __getattr__(self, name):
            raise ConnectionError("Redis is down")

    monkeypatch.setattr(ratelimit, "_cache", Down)
    right = reverse("reports:results", kwargs={"token": assessment.token})
    assert client.get(right).status_code == 200
    assert client.get(_wrong_link(1)).status_code == 404


def _wrong_link(number: int) -> str:
    return reverse("reports:results", kwargs={"token": f"{number:043d}"})


def test_guessing_links_meets_a_429_for_every_link(client, assessment, clock):
    limit = ratelimit.token_miss_limit()
    statuses = [client.get(_wrong_link(n)).status_code for n in range(1000)]
    assert statuses[: limit.attempts] == [404] * limit.attempts
    assert set(statuses[limit.attempts :]) == {429}
    # The right link answers 429 too: a guesser cannot tell a hit from a miss.
    right = reverse("reports:results", kwargs={"token": assessment.token})
    assert client.get(right).status_code == 429
    # Everyone else keeps their access.
    assert client.get(right, REMOTE_ADDR="198.51.100.9").status_code == 200
    clock.now += limit.window
    assert client.get(right).status_code == 200


def test_behind_a_proxy_the_rightmost_forwarded_address_counts(rf, settings):
    settings.BEHIND_PROXY = True
    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.5", REMOTE_ADDR="127.0.0.1")
    assert ratelimit.client_address(request) == "203.0.113.5"
    settings.BEHIND_PROXY = False
    assert ratelimit.client_address(request) == "127.0.0.1"


def _production_env(**env: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60,
        **env,
    }


def _production_caches(**env: str) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(**env),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_production_counts_in_a_shared_cache_never_in_process_memory():
    assert _production_caches() == PRODUCTION_CACHE_BACKEND
    redis = _production_caches(REDIS_URL="redis://127.0.0.1:6379/0")
    assert redis == "django.core.cache.backends.redis.RedisCache"


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_two_processes_share_the_counts_through_redis(monkeypatch, clock):
    from django.core.cache.backends.redis import RedisCache

    location = "redis://127.0.0.1:6379/15"
    first = RedisCache(location, {"KEY_PREFIX": "kk-test"})
    second = RedisCache(location, {"KEY_PREFIX": "kk-test"})
    first.clear()
    limit = ratelimit.Limit("shared", 3, 60)
    monkeypatch.setattr(ratelimit, "_cache", lambda: first)
    for _ in range(3):
        ratelimit.hit(limit, "203.0.113.1")
    monkeypatch.setattr(ratelimit, "_cache", lambda: second)
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.hit_or_refuse(limit, "203.0.113.1")
    first.clear()


# --- The database cache keeps every live counter


def _database_cache(settings, backend: str, max_entries: int) -> None:
    """The default cache in a database table, as in production without REDIS_URL, with room
    for ``max_entries`` entries before it culls."""
    settings.CACHES = {
        "default": {
            "BACKEND": backend,
            "LOCATION": "kundenkompass_cache",
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    }
    # The test settings cache in memory, so migrate made no table.
    call_command("createcachetable", verbosity=0)


def _cache_time_moves(monkeypatch, minutes: int) -> None:
    """The database cache's clock (expiry), not the rate limits' own (windows)."""
    from django.core.cache.backends import db
    from django.utils import timezone

    later = timezone.now() + timedelta(minutes=minutes)
    monkeypatch.setattr(db, "tz_now", lambda: later)
    monkeypatch.setattr(timezone, "now", lambda: later)


def _use_up(limit: ratelimit.Limit, subject: str) -> None:
    for _ in range(limit.attempts):
        ratelimit.hit(limit, subject)


def _assert_used_up(limit: ratelimit.Limit, subject: str) -> None:
    assert ratelimit.count(limit, subject) == limit.attempts
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.hit_or_refuse(limit, subject)


def _fill_with_other_counters(count: int) -> None:
    """Failed sign-ins from ``count`` addresses, each a counter of its own."""
    limit = ratelimit.login_address_limit()
    for n in range(count):
        ratelimit.hit(limit, f"2001:db8::{n:x}")


@pytest.mark.django_db
def test_an_accounts_lockout_holds_however_many_counters_the_table_holds(settings):
    # Django's own database cache deletes a third of its live entries once it holds more than
    # MAX_ENTRIES (300 by default), rate-limit counters among them: failed sign-ins from a few
    # hundred addresses (an IPv6 network has billions) reset the lockout of the account they
    # attack.
    _database_cache(settings, PRODUCTION_CACHE_BACKEND, max_entries=30)
    account = ratelimit.login_account_limit()
    _use_up(account, "bea@beratung.example")
    _fill_with_other_counters(100)
    _assert_used_up(account, "bea@beratung.example")


@pytest.mark.django_db
def test_the_database_cache_removes_expired_entries_when_it_is_full(settings, monkeypatch):
    from django.core.cache import cache

    _database_cache(settings, PRODUCTION_CACHE_BACKEND, max_entries=30)
    for n in range(40):
        cache.set(f"old-{n}", n, timeout=60)
    cache.set("live", "kept", timeout=3600)
    _cache_time_moves(monkeypatch, minutes=2)
    cache.set("new", "written", timeout=60)  # over MAX_ENTRIES: the expired ones go
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM kundenkompass_cache")
        keys = sorted(row[0].rsplit(":", 1)[1] for row in cursor.fetchall())
    assert keys == ["live", "new"]


@pytest.mark.django_db
def test_a_counter_lasts_its_whole_window(settings, clock, monkeypatch):
    # Django's database cache gave a counter the default five minutes on every hit: a limit of
    # 20 an hour let 20 more through five minutes after the last.
    _database_cache(settings, PRODUCTION_CACHE_BACKEND, max_entries=1000)
    limit = ratelimit.start_limit()
    assert limit.window == 3600
    _use_up(limit, "203.0.113.9")
    _cache_time_moves(monkeypatch, minutes=10)
    _assert_used_up(limit, "203.0.113.9")


@pytest.mark.django_db
def test_an_expired_counter_is_not_counted_on(settings, monkeypatch):
    from django.core.cache import cache

    _database_cache(settings, PRODUCTION_CACHE_BACKEND, max_entries=1000)
    cache.add("counter", 3, timeout=60)
    assert cache.incr("counter") == 4
    _cache_time_moves(monkeypatch, minutes=2)
    with pytest.raises(ValueError):
        cache.incr("counter")
    with pytest.raises(ValueError):
        cache.incr("never-set")


CONCURRENT_THREADS = 4
HITS_PER_THREAD = 50


def concurrent_hits() -> int:
    """CONCURRENT_THREADS threads, each with its own database connection, hit one counter
    HITS_PER_THREAD times at once; returns what the counter says."""
    from django.db import connections

    limit = ratelimit.Limit("concurrent", 10**6, 3600)
    start = threading.Barrier(CONCURRENT_THREADS)

    def hits() -> None:
        start.wait()
        try:
            for _ in range(HITS_PER_THREAD):
                ratelimit.hit(limit, "203.0.113.77")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hits) for _ in range(CONCURRENT_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return ratelimit.count(limit, "203.0.113.77")


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_each_count_on_postgresql(settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database cannot hold concurrent writers; see below")
    from django.core.cache import cache

    _database_cache(settings, PRODUCTION_CACHE_BACKEND, max_entries=1000)
    try:
        # Django's incr (a get and a set) counted about half of them.
        assert concurrent_hits() == CONCURRENT_THREADS * HITS_PER_THREAD
    finally:
        cache.clear()  # the table outlives this test's transaction


CONCURRENT_SCRIPT = """
import django
django.setup()
from tests.assessment.test_ratelimit import concurrent_hits
print(concurrent_hits())
"""


@pytest.mark.dbless
def test_concurrent_hits_each_count_on_a_sqlite_file(tmp_path):
    # Production settings: the database cache (no REDIS_URL), WAL, IMMEDIATE transactions.
    env = _production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'counters.sqlite3'}")
    output = run_django(CONCURRENT_SCRIPT, env, commands=[["migrate", "--noinput"]])
    assert int(output.split()[-1]) == CONCURRENT_THREADS * HITS_PER_THREAD
