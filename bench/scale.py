"""Scale-out proof on loopback: two app servers sharing PostgreSQL and Redis (`make bench-scale`).

    .venv/bin/python bench/scale.py [--participants 200] [--answers 5]

What it does, in about two minutes on a 2-core machine:

1. drops and recreates the PostgreSQL database `kundenkompass_scale` (DATABASE_URL names the
   server and role, default the CI's `kundenkompass` role on 127.0.0.1), migrates it and loads
   the catalog; empties Redis database 7 (BENCH_REDIS_URL overrides it), the shared cache;
2. starts two gunicorn instances, A and B, on two ports with the production settings
   (DEBUG off, SECRET_KEY, ALLOWED_HOSTS, 2 workers × 2 threads each), both on that database
   and that Redis, plus one task worker (`manage.py db_worker`) when the installation has that
   command (it says so when it has not);
3. a consultant, a client and a live workshop; the facilitator signs in on B and polls the
   live board there (with If-None-Match, as the page does) every 0.25 s;
4. all participants join through A at once and answer (`--answers` questions each, a random
   0–1 s pause between answers); for every acknowledged answer it measures how long until B's
   board shows it;
5. checks: every answer acknowledged; every acknowledged answer stored in PostgreSQL, once
   (0 lost); every answer on B's board within 2 s; a session signed in on A works on B; 20 wrong
   join codes on A make B refuse (429) the same address (the rate limit lives in Redis);
6. measures for docs/performance.md: answers per second per PostgreSQL core (the CPU time of
   the database's backends while the room answers), app CPU per answer, and PDF renders per core
   per second (reports of the workshop rendered in one process, CPU time counted).

Prints a table, writes bench/results/scale-<time>.json, exits 1 when a check fails. Every
process it starts is stopped on the way out, whatever happens; the database is dropped
(BENCH_KEEP_DB=1 keeps it).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.production.server import (  # noqa: E402
    Browser,
    ProductionServer,
    _administer_postgres,
    _drop_postgres_database,
)

RESULTS = ROOT / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://kundenkompass:kundenkompass@127.0.0.1:5432/kundenkompass"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
PASSWORD = "ein-sicheres-Passwort-42"
FACILITATOR = "scale@beratung.example"
ROLES = ("Geschäftsleitung", "Vertrieb", "Marketing", "Service", "IT")
VISIBLE_WITHIN_S = 2.0
POLL_EVERY_S = 0.25
# An address from the documentation range for the rate-limit check, apart from everyone else.
PROBE_ADDRESS = "203.0.113.77"
MAX_RUN_S = 290  # the whole run, setup and PDF renders included
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def postgres_reachable(url: str) -> str:
    """'' when PostgreSQL answers at `url`, else why not."""
    try:
        _administer_postgres(url, "SELECT 1")
    except Exception as error:  # noqa: BLE001 - any failure means: not usable here
        return f"PostgreSQL at {urlsplit(url).hostname}:{urlsplit(url).port}: {error}"
    return ""


def redis_reachable(url: str) -> str:
    """'' when Redis answers PING at `url`, else why not."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            if not sock.recv(64).startswith(b"+PONG"):
                return f"Redis at {parts.hostname}:{parts.port} did not answer PONG"
    except OSError as error:
        return f"Redis at {parts.hostname}:{parts.port or 6379}: {error}"
    return ""


def _flush_redis_database(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


# --- CPU time from /proc


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


class CpuMeter:
    """CPU seconds of a changing set of processes between start() and stop().

    Samples every 0.2 s, so processes that start in between are counted from zero and ones that
    end lose at most their last 0.2 s.
    """

    def __init__(self, pids: Callable[[], list[int]]) -> None:
        self._pids = pids
        self._first: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self, *, first: bool) -> None:
        for pid in self._pids():
            seconds = _cpu_seconds(pid)
            if pid not in self._first:
                self._first[pid] = seconds if first else 0.0
            self._last[pid] = seconds

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self._sample(first=False)

    def start(self) -> None:
        self._sample(first=True)
        self._thread.start()

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        self._sample(first=False)
        return sum(self._last[pid] - self._first[pid] for pid in self._last)


class PostgresBackends:
    """Called: the process ids of the backends serving `database` (asked on another database)."""

    def __init__(self, admin_url: str, database: str) -> None:
        import psycopg

        self.database = database
        self.connection = psycopg.connect(admin_url, autocommit=True)

    def __call__(self) -> list[int]:
        rows = self.connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.database,)
        ).fetchall()
        return [row[0] for row in rows]

    def close(self) -> None:
        self.connection.close()


# --- The room


@dataclass
class Phone:
    number: int
    port: int
    browser: Browser = field(init=False)
    token: str = ""
    csrf: str = ""
    acked: dict[str, int] = field(default_factory=dict)
    ack_times: list[float] = field(default_factory=list)  # k-th acknowledged answer → when
    sent_times: list[float] = field(default_factory=list)  # … and when it was sent (the tap)
    failures: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.browser = Browser(self.port)

    @property
    def label(self) -> str:
        return f"Person {self.number:03d}"

    def join(self, code: str) -> None:
        path = f"/de/join/{code.lower()}/"
        self.csrf = self.browser.csrf_token(path)
        response = self.browser.post(
            path,
            {
                "csrfmiddlewaretoken": self.csrf,
                "name": self.label,
                "role": ROLES[self.number % len(ROLES)],
            },
        )
        if response.status != 302:
            raise RuntimeError(f"join answered {response.status}")
        match = re.search(r"/w/([A-Za-z0-9_-]+)/link/", response.header("Location"))
        assert match, response.header("Location")
        self.token = match.group(1)

    def answer(self, key: str, level: int) -> None:
        started = time.monotonic()
        try:
            response = self.browser.post(
                f"/de/w/{self.token}/answer/",
                {"csrfmiddlewaretoken": self.csrf, "question": key, f"{key}-value": str(level)},
                headers={"HX-Request": "true"},
                timeout=30,
            )
        except OSError as error:
            self.failures.append(f"{key}: {error}")
            return
        if response.status != 200:
            self.failures.append(f"{key}: HTTP {response.status}")
            return
        now = time.monotonic()
        self.latencies.append(now - started)
        self.acked[key] = level
        self.ack_times.append(now)
        self.sent_times.append(started)


class Facilitator:
    """Polls B's live board like the page does and notes when each answer count first shows."""

    ROW = re.compile(
        r'<tr data-testid="participant-row">\s*<td>([^<]*)</td>.*?'
        r'<span class="small text-nowrap">(\d+)/(\d+)',
        re.S,
    )

    def __init__(self, port: int, assessment_id: int) -> None:
        self.browser = Browser(port)
        self.path = f"/de/workshops/{assessment_id}/live/"
        self.seen: dict[str, list[float]] = {}  # label → when its k-th answer first showed
        self.polls = {"200": 0, "304": 0, "other": 0}
        self.board_times: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sign_in(self) -> None:
        csrf = self.browser.csrf_token("/de/accounts/login/")
        response = self.browser.post(
            "/de/accounts/login/",
            {"csrfmiddlewaretoken": csrf, "username": FACILITATOR, "password": PASSWORD},
        )
        if response.status != 302:
            raise RuntimeError(f"the facilitator's sign-in answered {response.status}")

    def _poll(self, etag: str) -> str:
        started = time.monotonic()
        response = self.browser.get(self.path, headers={"If-None-Match": etag} if etag else {})
        now = time.monotonic()
        if response.status == 304:
            self.polls["304"] += 1
            return etag
        if response.status != 200:
            self.polls["other"] += 1
            return etag
        self.polls["200"] += 1
        self.board_times.append(now - started)
        for label, answered, _total in self.ROW.findall(response.text):
            times = self.seen.setdefault(label.strip(), [])
            while len(times) < int(answered):
                times.append(now)
        return response.header("ETag")

    def _run(self) -> None:
        etag = ""
        while not self._stop.is_set():
            started = time.monotonic()
            with contextlib.suppress(OSError):
                etag = self._poll(etag)
            self._stop.wait(max(0.0, POLL_EVERY_S - (time.monotonic() - started)))

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


# --- Servers


class Cluster:
    """PostgreSQL database, gunicorn A and B, the task worker: set up and always torn down."""

    def __init__(
        self, base_url: str, redis_url: str, database: str, static_root: Path | None = None
    ) -> None:
        self.base_url = base_url
        self.redis_url = redis_url
        self.database = database
        self.database_url = urlsplit(base_url)._replace(path=f"/{database}").geturl()
        self.workdir = Path(tempfile.mkdtemp(prefix="kk-scale-"))
        # Kept between runs (collectstatic then copies only what changed): compressing every
        # file afresh takes most of a minute on two busy cores.
        # A static_root given is one collected already (the production tests' server).
        self.static_root = static_root or ROOT / "var" / "bench-scale-static"
        self.collect_static = static_root is None
        self.servers: list[ProductionServer] = []
        self.worker: subprocess.Popen | None = None
        self.worker_note = ""
        self.keep_database = os.environ.get("BENCH_KEEP_DB") == "1"

    def _server(self, name: str) -> ProductionServer:
        workdir = self.workdir / name
        workdir.mkdir()
        server = ProductionServer(workdir, use_postgres=False)
        server.database_url = self.database_url
        server.env.update(
            {
                "DATABASE_URL": self.database_url,
                "REDIS_URL": self.redis_url,
                "STATIC_ROOT": str(self.static_root),
                "WEB_CONCURRENCY": "2",
                "GUNICORN_THREADS": "2",
                "LOG_LEVEL": "WARNING",
                # 1,000+ lines a run on stdout would cost the two cores more than they show.
                "GUNICORN_ACCESS_LOG": str(workdir / "access.log"),
            }
        )
        return server

    def start(self) -> None:
        _drop_postgres_database(self.base_url, self.database)
        _administer_postgres(self.base_url, f'CREATE DATABASE "{self.database}"')
        _flush_redis_database(self.redis_url)
        a, b = self._server("a"), self._server("b")
        self.servers = [a, b]
        # README's production steps, once: both servers share the results.
        if self.collect_static:
            a.manage("collectstatic", "--noinput", "-v0")
        a.manage("migrate", "--noinput", "-v0")
        a.manage("load_catalog")
        a.start()
        b.start()
        self._start_worker(a)

    def _start_worker(self, server: ProductionServer) -> None:
        commands = server.manage("help", "--commands").stdout.split()
        if "db_worker" not in commands:
            self.worker_note = "no `db_worker` command in this installation: no task worker started"
            return
        log = (self.workdir / "worker.log").open("ab")
        self.worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker"],
            cwd=ROOT,
            env=server.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        time.sleep(1)
        if self.worker.poll() is not None:
            raise RuntimeError(f"db_worker exited:\n{(self.workdir / 'worker.log').read_text()}")
        self.worker_note = f"task worker: manage.py db_worker (pid {self.worker.pid})"

    @property
    def a(self) -> ProductionServer:
        return self.servers[0]

    @property
    def b(self) -> ProductionServer:
        return self.servers[1]

    def stop(self) -> None:
        if self.worker is not None and self.worker.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.worker.pid, 15)
            try:
                self.worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.worker.pid, 9)
                self.worker.wait(timeout=10)
        for server in self.servers:
            with contextlib.suppress(Exception):
                server.stop()
        if not self.keep_database:
            with contextlib.suppress(Exception):
                _drop_postgres_database(self.base_url, self.database)
        shutil.rmtree(self.workdir, ignore_errors=True)


# --- The run


def _open_workshop(server: ProductionServer, answers: int) -> dict:
    return server.query(
        f"""
from assessment.consultants import consultant_create, client_create
from assessment.workshops import workshop_open
from pillars.selectors import catalog_current
membership = consultant_create(
    email="{FACILITATOR}", name="Fiona Facilitator", workspace_name="Scale AG",
    password="{PASSWORD}",
)
client = client_create(workspace=membership.workspace, name="Kunde Scale", industry="other")
catalog = catalog_current()
workshop = workshop_open(client=client, catalog=catalog, language="de")
keys = list(catalog.questions.order_by("pillar__order", "order").values_list("key", flat=True))
result = {{"code": workshop.join_code, "id": workshop.assessment_id, "keys": keys[:{answers}]}}
"""
    )  # type: ignore[return-value]


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


def _session_across(cluster: Cluster, assessment_id: int) -> dict:
    """Signed in on A, the same cookie opens the facilitator page on B; signed out on B, not A."""
    on_a = Browser(cluster.a.port)
    csrf = on_a.csrf_token("/de/accounts/login/")
    signed_in = on_a.post(
        "/de/accounts/login/",
        {"csrfmiddlewaretoken": csrf, "username": FACILITATOR, "password": PASSWORD},
    )
    on_b = Browser(cluster.b.port, cookies=dict(on_a.cookies))
    page = f"/de/workshops/{assessment_id}/"
    b_status = on_b.get(page).status
    csrf_b = on_b.csrf_token(page)
    on_b.post("/de/accounts/logout/", {"csrfmiddlewaretoken": csrf_b})
    after_logout = Browser(cluster.a.port, cookies=dict(on_a.cookies)).get(page).status
    ok = signed_in.status == 302 and b_status == 200 and after_logout == 302
    return {
        "ok": ok,
        "sign_in_on_a": signed_in.status,
        "facilitator_page_on_b": b_status,
        "on_a_after_sign_out_on_b": after_logout,
    }


def _rate_limit_across(cluster: Cluster, code: str) -> dict:
    """20 wrong join codes from one address on A; B then refuses that address, right code too."""
    headers = {"X-Forwarded-For": PROBE_ADDRESS}
    on_a, on_b = Browser(cluster.a.port), Browser(cluster.b.port)
    misses = [on_a.get("/de/join/zzzzzz/", headers=headers).status for _ in range(20)]
    wrong_on_b = on_b.get("/de/join/zzzzzz/", headers=headers).status
    right_on_b = on_b.get(f"/de/join/{code.lower()}/", headers=headers).status
    other_address = on_b.get(
        f"/de/join/{code.lower()}/", headers={"X-Forwarded-For": "203.0.113.78"}
    ).status
    ok = misses == [404] * 20 and wrong_on_b == 429 and right_on_b == 429 and other_address == 200
    return {
        "ok": ok,
        "misses_on_a": f"{misses.count(404)}×404",
        "wrong_code_on_b": wrong_on_b,
        "right_code_on_b": right_on_b,
        "other_address_on_b": other_address,
    }


def _pdf_renders(server: ProductionServer, assessment_id: int, runs: int) -> dict:
    """The workshop's report rendered `runs` times in one process: wall and CPU per render."""
    return server.query(
        f"""
import os, time
from pathlib import Path
from assessment.models import Assessment
from reports.pdf import report_pdf
from reports.selectors import scored_assessment
ticks = os.sysconf("SC_CLK_TCK")
def tree_cpu():
    children = {{}}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0.0, list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        try:
            fields = Path(f"/proc/{{pid}}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except OSError:
            pass
        todo.extend(children.get(pid, []))
    return total
assessment = Assessment.objects.get(pk={assessment_id})
size = len(report_pdf(scored_assessment(assessment)))  # warm-up: Chromium, fonts, stylesheet
walls, cpus = [], []
for _ in range({runs}):
    wall, cpu, child = time.perf_counter(), time.process_time(), tree_cpu()
    report_pdf(scored_assessment(assessment))
    walls.append(time.perf_counter() - wall)
    cpus.append(time.process_time() - cpu + tree_cpu() - child)
result = {{"runs": {runs}, "bytes": size, "wall_s": walls, "cpu_s": cpus}}
"""
    )  # type: ignore[return-value]


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run(
    *,
    participants: int,
    answers: int,
    pdf_runs: int,
    base_url: str,
    redis_url: str,
    database: str,
    static_root: Path | None = None,
    seed: int = 1,
) -> dict:
    """The whole proof; returns the figures and the checks (see the module docstring)."""
    cluster = Cluster(base_url, redis_url, database, static_root)
    started = time.monotonic()
    try:
        cluster.start()
        workshop = _open_workshop(cluster.a, answers)
        facilitator = Facilitator(cluster.b.port, workshop["id"])
        facilitator.sign_in()
        facilitator.start()

        phones = [Phone(number, cluster.a.port) for number in range(1, participants + 1)]
        go = threading.Barrier(participants + 1)
        join_failures: list[str] = []

        def take_part(phone: Phone) -> None:
            try:
                phone.join(workshop["code"])
            except Exception as error:  # noqa: BLE001 - counted and reported
                join_failures.append(f"{phone.label}: {error}")
                go.abort()
                raise
            go.wait(timeout=180)
            rng = random.Random(seed * 100_000 + phone.number)
            for key in workshop["keys"]:
                time.sleep(rng.uniform(0.0, 1.0))
                phone.answer(key, rng.randint(1, 5))

        postgres_pids = PostgresBackends(base_url, database)
        with ThreadPoolExecutor(max_workers=participants) as pool:
            futures = [pool.submit(take_part, phone) for phone in phones]
            joining_started = time.monotonic()
            go.wait(timeout=180)
            joined_s = time.monotonic() - joining_started
            postgres_cpu = CpuMeter(postgres_pids)
            a_cpu = CpuMeter(cluster.a.process_ids)
            b_cpu = CpuMeter(cluster.b.process_ids)
            for meter in (postgres_cpu, a_cpu, b_cpu):
                meter.start()
            answering_started = time.monotonic()
            for future in futures:
                future.exception()
            answering_s = time.monotonic() - answering_started
            postgres_seconds = postgres_cpu.stop()
            a_seconds, b_seconds = a_cpu.stop(), b_cpu.stop()
        postgres_pids.close()

        # The last answers: wait until the board shows them all (or it is clearly too late).
        expected = {phone.label: len(phone.ack_times) for phone in phones}
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(
            len(facilitator.seen.get(label, [])) < n for label, n in expected.items()
        ):
            time.sleep(0.1)
        facilitator.stop()

        # From the acknowledgement (the answer is committed on A) to B's board, the check; from
        # the tap, which adds the answer request's own time, for the record.
        delays, from_tap, unseen = [], [], 0
        for phone in phones:
            seen = facilitator.seen.get(phone.label, [])
            for k, acked_at in enumerate(phone.ack_times):
                if k < len(seen):
                    delays.append(max(0.0, seen[k] - acked_at))
                    from_tap.append(seen[k] - phone.sent_times[k])
                else:
                    unseen += 1

        stored = _stored(cluster.a, workshop["id"])
        acknowledged = sum(len(phone.acked) for phone in phones)
        lost = sum(
            1
            for phone in phones
            for key, level in phone.acked.items()
            if stored["levels"].get(phone.token, {}).get(key) != level
        )
        failures = [f for phone in phones for f in phone.failures]
        latencies = [x for phone in phones for x in phone.latencies]

        session = _session_across(cluster, workshop["id"])
        rate_limit = _rate_limit_across(cluster, workshop["code"])
        pdf = _pdf_renders(cluster.a, workshop["id"], pdf_runs) if pdf_runs else None
    finally:
        cluster.stop()

    asked = participants * answers
    checks = {
        "every participant joined": not join_failures,
        "every answer acknowledged": acknowledged == asked and not failures,
        "0 lost (acknowledged = stored in PostgreSQL, no duplicates)": (
            lost == 0 and stored["rows"] == acknowledged and stored["duplicates"] == 0
        ),
        f"every answer on B's board within {VISIBLE_WITHIN_S:.0f} s": (
            unseen == 0 and bool(delays) and max(delays) <= VISIBLE_WITHIN_S
        ),
        "session signed in on A works on B": session["ok"],
        "join-code rate limit counted on A refuses on B": rate_limit["ok"],
    }
    cores = os.cpu_count() or 1
    result: dict = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cores": cores},
        "setup": {
            "servers": "2 × gunicorn (2 workers × 2 threads), production settings",
            "database": f"PostgreSQL {database}",
            "cache": redis_url,
            "task_worker": cluster.worker_note,
            "participants": participants,
            "answers_each": answers,
            "facilitator_poll_s": POLL_EVERY_S,
        },
        "join_all_s": round(joined_s, 2),
        "answering_s": round(answering_s, 2),
        "answers": {
            "asked": asked,
            "acknowledged": acknowledged,
            "stored": stored["rows"],
            "lost": lost,
            "duplicates": stored["duplicates"],
            "failures": failures[:20],
            "per_second": round(acknowledged / answering_s, 1),
            "latency_median_ms": round(statistics.median(latencies) * 1000, 1)
            if latencies
            else None,
            "latency_p95_ms": round(_percentile(latencies, 0.95) * 1000, 1),
        },
        "board": {
            "unseen": unseen,
            "delay_median_ms": round(statistics.median(delays) * 1000) if delays else None,
            "delay_p95_ms": round(_percentile(delays, 0.95) * 1000),
            "delay_max_ms": round(max(delays) * 1000) if delays else None,
            "from_tap_median_ms": round(statistics.median(from_tap) * 1000) if from_tap else None,
            "from_tap_max_ms": round(max(from_tap) * 1000) if from_tap else None,
            "polls": facilitator.polls,
            "full_board_median_ms": round(statistics.median(facilitator.board_times) * 1000, 1)
            if facilitator.board_times
            else None,
        },
        "cpu": {
            "postgres_s": round(postgres_seconds, 2),
            "server_a_s": round(a_seconds, 2),
            "server_b_s": round(b_seconds, 2),
            "answers_per_postgres_core_s": round(acknowledged / postgres_seconds, 1)
            if postgres_seconds
            else None,
            # A serves the participants only (B the facilitator's board).
            "answers_per_app_core_s": round(acknowledged / a_seconds, 1) if a_seconds else None,
        },
        "session": session,
        "rate_limit": rate_limit,
        "checks": checks,
        "ok": all(checks.values()),
        "total_s": round(time.monotonic() - started, 1),
    }
    if pdf:
        cpu = statistics.median(pdf["cpu_s"])
        result["pdf"] = {
            "runs": pdf["runs"],
            "wall_median_s": round(statistics.median(pdf["wall_s"]), 3),
            "cpu_median_s": round(cpu, 3),
            "renders_per_core_s": round(1 / cpu, 2) if cpu else None,
        }
    return result


def print_table(result: dict) -> None:
    answers, board, cpu = result["answers"], result["board"], result["cpu"]
    setup = result["setup"]
    print()
    print(f"Scale-out on loopback: {setup['servers']}, {setup['database']}, {setup['cache']}")
    print(f"  {setup['task_worker']}")
    print(
        f"  {setup['participants']} participants join through A "
        f"({result['join_all_s']} s for all), {setup['answers_each']} answers each; "
        f"the facilitator watches on B (poll every {setup['facilitator_poll_s']} s)"
    )
    rows = [
        (
            "answers asked / acknowledged / stored",
            f"{answers['asked']} / {answers['acknowledged']} / {answers['stored']}",
        ),
        ("answers lost / duplicated", f"{answers['lost']} / {answers['duplicates']}"),
        ("answers per second (room, with 0–1 s pauses)", f"{answers['per_second']}"),
        (
            "answer latency median / p95",
            f"{answers['latency_median_ms']} / {answers['latency_p95_ms']} ms",
        ),
        (
            "on B's board after the ack: median / p95 / max",
            f"{board['delay_median_ms']} / {board['delay_p95_ms']} / {board['delay_max_ms']} ms",
        ),
        (
            "on B's board after the tap: median / max",
            f"{board['from_tap_median_ms']} / {board['from_tap_max_ms']} ms",
        ),
        ("answers never on the board", f"{board['unseen']}"),
        (
            "board polls 200 / 304",
            f"{board['polls']['200']} / {board['polls']['304']}"
            f" (full board {board['full_board_median_ms']} ms)",
        ),
        (
            "PostgreSQL CPU while answering",
            f"{cpu['postgres_s']} s → {cpu['answers_per_postgres_core_s']} answers per core-second",
        ),
        (
            "server A's CPU (participants)",
            f"{cpu['server_a_s']} s → {cpu['answers_per_app_core_s']} answers per core-second",
        ),
        ("server B's CPU (the facilitator's board)", f"{cpu['server_b_s']} s"),
    ]
    if "pdf" in result:
        pdf = result["pdf"]
        rows.append(
            (
                f"PDF report ({pdf['runs']} renders)",
                f"{pdf['wall_median_s']} s wall, {pdf['cpu_median_s']} s CPU → "
                f"{pdf['renders_per_core_s']} renders per core-second",
            )
        )
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    print()
    for name, ok in result["checks"].items():
        print(f"  [{'ok' if ok else 'FAILED'}] {name}")
    if result["answers"]["failures"]:
        print("  failures:", "; ".join(result["answers"]["failures"]))
    if not result["session"]["ok"]:
        print("  session:", result["session"])
    if not result["rate_limit"]["ok"]:
        print("  rate limit:", result["rate_limit"])
    print(
        f"\n  {'all checks passed' if result['ok'] else 'A CHECK FAILED'} in {result['total_s']} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--answers", type=int, default=5, help="questions each participant answers")
    parser.add_argument("--pdf-runs", type=int, default=5, help="PDF renders to time (0: none)")
    parser.add_argument("--database", default="kundenkompass_scale")
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "") or DEFAULT_DATABASE_URL
    if not base_url.startswith(("postgres://", "postgresql://")):
        print(f"DATABASE_URL must name a PostgreSQL server, not {base_url!r}", file=sys.stderr)
        return 2
    # Not REDIS_URL: the run empties the Redis database it uses, never an installation's own.
    redis_url = os.environ.get("BENCH_REDIS_URL", "") or DEFAULT_REDIS_URL
    for problem in (postgres_reachable(base_url), redis_reachable(redis_url)):
        if problem:
            print(f"Cannot run the scale-out proof: {problem}", file=sys.stderr)
            return 2

    # `make` interrupted, or the run stuck: SystemExit unwinds through run()'s cleanup.
    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(f"stopped by signal {signum}: the servers are being shut down")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGALRM, stop)
    signal.alarm(MAX_RUN_S)
    result = run(
        participants=args.participants,
        answers=args.answers,
        pdf_runs=args.pdf_runs,
        base_url=base_url,
        redis_url=redis_url,
        database=args.database,
    )
    signal.alarm(0)
    print_table(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"scale-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"  figures: {path.relative_to(ROOT)}")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
