"""`make bench`: our app, floor-lite, floor and the peer side by side under wrk, in one run.

    .venv/bin/python bench/harness.py      (or: make bench [BENCH_QUICK=1] [BENCH_DB=postgres])

Starts three servers on loopback, each under gunicorn with our production config
(config/gunicorn.conf.py; production settings, DEBUG off, SQLite WAL in a temporary directory,
or fresh PostgreSQL databases with BENCH_DB=postgres): our app (collectstatic, migrate,
load_catalog), the floor project (bench/floor: floor-lite, floor and the PDF floor) and the peer
(django-survey-and-report from PyPI in var/bench-peer-venv, the same 6 × 6 survey). Then runs
each scenario with wrk (bench/lua) for a fixed time, reading per scenario: throughput, latency
percentiles, errors, answers acknowledged vs stored (looked up in the database afterwards), the
servers' CPU per request (/proc: master and workers, replaced workers included) and the workers'
peak RSS (VmHWM). Queries per request come from Django's test client in a separate process
against the same database (bench/query_count.py). Prints one table and writes JSON to
bench/results/. See docs/performance.md, "How to run the benchmark".

Environment: BENCH_QUICK=1 (2 s per scenario: does it all work?), BENCH_SECONDS (per scenario,
default 15; the flows and the workshop get a third more), BENCH_DB=postgres (DATABASE_URL or
the local kundenkompass role), BENCH_THINK_MS (a workshop participant's pause before each answer,
default "500,3000"), BENCH_PARTICIPANTS (default 60), BENCH_ONLY (some of: page, autosave, flow,
results, pdf, workshop), BENCH_KEEP_LOGS=1 (the servers' logs and wrk's files to bench/results/).
"""

from __future__ import annotations

import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from measure import (
    TreeSampler,
    WrkResult,
    access_log_times,
    finish_wrk,
    percentile,
    ratio,
    start_wrk,
    table_lines,
)
from servers import ORIGIN, PEER_VENV, ROOT, Databases, Server, request_headers

sys.path.insert(0, str(ROOT))
from tests.production.server import Browser  # noqa: E402

RESULTS = ROOT / "bench" / "results"
QUICK = os.environ.get("BENCH_QUICK", "") == "1"
SECONDS = float(os.environ.get("BENCH_SECONDS") or (2 if QUICK else 15))
LONG_SECONDS = SECONDS if QUICK else SECONDS * 4 / 3
# A PDF takes about a second: a shorter run would finish none.
PDF_SECONDS = max(SECONDS, 6.0)
DATABASE = os.environ.get("BENCH_DB", "") or "sqlite"
CONNECTIONS = 10
PDF_CONNECTIONS = 2
PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "60"))
THINK_MS = tuple(int(v) for v in os.environ.get("BENCH_THINK_MS", "500,3000").split(","))
LIVE_POLL_MS = 500 if QUICK else 1000  # static/js/live.js polls every second
SERVICE_PROCESSES = 4
ONLY = {name for name in os.environ.get("BENCH_ONLY", "").split(",") if name}
LANG = "/de"


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


class Run:
    """The servers, their data and the rows measured so far."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.rows: list[dict[str, Any]] = []
        self.extras: dict[str, Any] = {}
        self.ours: Server
        self.floor: Server
        self.peer: Server
        self.data: dict[str, Any] = {}
        self.peer_survey: dict[str, Any] = {}
        self.csrf: dict[str, dict[str, str]] = {}

    # --- measuring ---------------------------------------------------------------------------

    def measure(
        self,
        server: Server,
        *,
        label: str,
        system: str,
        script: str,
        data: Mapping[str, Any],
        connections: int = CONNECTIONS,
        threads: int | None = None,
        seconds: float = SECONDS,
        flow_length: int = 0,
        stored: Callable[[WrkResult], tuple[int, int]] | None = None,
        warm: Sequence[str] = (),
    ) -> dict[str, Any]:
        """One wrk run against one server; the row with its figures."""
        for path in warm:
            server.get(path)
        name = f"{len(self.rows):02d}-{system}"
        threads = threads or min(connections, 2)
        log_start = server.access_log.stat().st_size
        with TreeSampler(server.pid) as tree:
            process, out = start_wrk(
                script,
                server.base_url,
                data,
                self.workdir,
                name=name,
                threads=threads,
                connections=connections,
                seconds=seconds,
            )
            result = finish_wrk(process, out, seconds)
        used = tree.cpu_seconds
        # A flow's unit is one whole submission: its requests over the flow's length, so that
        # the flows still under way when wrk stops count for the part they did.
        units = result.requests / flow_length if flow_length else result.requests
        row = self.row(label, system, result, used, units, tree.peak_mb, connections)
        self.server_times(row, server, log_start)
        if flow_length:
            row["requests_per_unit"] = flow_length
            row["completed"] = result.counters.get("completed", 0)
            row["failed"] = result.counters.get("failed", 0)
        if stored is not None:
            row["acked"], row["stored"] = stored(result)
        self.rows.append(row)
        log(
            f"{label} / {system}: {row['rate'] or 0:.1f}/s, p95 {row['p95_ms']:.0f} ms "
            f"(in the workers {row['server_p95_ms']} ms), "
            f"{row['errors']} errors, {row['cpu_ms'] or 0:.1f} ms CPU"
        )
        return row

    @staticmethod
    def server_times(row: dict[str, Any], server: Server, start: int) -> None:
        """p50/p95 of the time the workers took (gunicorn's access log), beside wrk's."""
        with server.access_log.open("rb") as log_file:
            log_file.seek(start)
            times = access_log_times(log_file.read().decode("utf-8", "replace"))
        row["server_p50_ms"] = percentile(times, 50)
        row["server_p95_ms"] = percentile(times, 95)

    @staticmethod
    def row(
        label: str,
        system: str,
        result: WrkResult,
        cpu_s: float,
        units: float,
        rss_mb: float,
        connections: int,
    ) -> dict[str, Any]:
        return {
            "label": label,
            "system": system,
            "connections": connections,
            "seconds": round(result.duration_s, 2),
            "requests": result.requests,
            "units": round(units, 1),
            "rate": round(units / result.duration_s, 2) if result.duration_s else None,
            "p50_ms": round(result.latency_ms["p50"], 2),
            "p95_ms": round(result.latency_ms["p95"], 2),
            "p99_ms": round(result.latency_ms["p99"], 2),
            "errors": result.errors,
            "statuses": result.statuses,
            "acked": None,
            "stored": None,
            "queries": None,
            "cpu_ms": round(cpu_s * 1000 / units, 2) if units else None,
            "rss_mb": round(rss_mb, 1),
        }

    # --- set-up ------------------------------------------------------------------------------

    def start_ours(self, databases: Databases) -> None:
        from servers import ours

        self.ours = ours(self.workdir, databases.url("ours"))
        log("our app: collectstatic, migrate, load_catalog, test data")
        for args in (
            ("collectstatic", "--noinput", "-v0"),
            ("migrate", "--noinput", "-v0"),
            ("load_catalog",),
        ):
            self.ours.run("manage.py", *args)
        self.data = self.ours.run_json(
            "bench/ours_data.py",
            "prepare",
            data={
                "autosave": 40 if QUICK else 300,
                "pdf": 10 if QUICK else 60,
                "participants": PARTICIPANTS,
            },
        )
        self.ours.start()
        self.csrf["ours"] = self.csrf_for(self.ours, f"{LANG}/start/")

    def csrf_for(self, server: Server, path: str) -> dict[str, str]:
        browser = Browser(server.port)
        token = browser.csrf_token(path)
        return {"token": token, "cookie": browser.cookies["csrftoken"]}

    def first_pdf(self) -> int:
        """The first PDF of a fresh worker (it starts its Chromium); returns the page count."""
        from pypdf import PdfReader

        path = f"{LANG}/a/{self.data['results']}/report.pdf"
        started = time.perf_counter()
        response = Browser(self.ours.port).get(path, timeout=120)
        self.extras["pdf_first_ms"] = round((time.perf_counter() - started) * 1000, 1)
        assert response.status == 200, response.status
        pages = len(PdfReader(io.BytesIO(response.body)).pages)
        self.extras["pdf_pages"] = pages
        return pages

    def start_floor(self, databases: Databases, pages: int) -> None:
        from servers import floor

        sys.path.insert(0, str(ROOT / "bench"))
        from report_pdf import static_document_with_pages

        paragraphs = static_document_with_pages(pages).count("<h2>")
        self.floor = floor(self.workdir, databases.url("floor"), paragraphs)
        log(f"floor: migrate (PDF floor: {paragraphs} paragraphs = {pages} pages)")
        self.floor.run("-m", "django", "migrate", "--noinput", "-v0")
        self.floor.start()
        self.csrf["floor"] = self.csrf_for(self.floor, "/lite/")

    def start_peer(self, databases: Databases) -> None:
        from servers import peer

        self.peer = peer(self.workdir, databases.url("peer"))
        log("peer: migrate, the 6 × 6 survey")
        self.peer.run("-m", "django", "migrate", "--noinput", "-v0")
        self.peer_survey = json.loads(self.peer.run("make_survey.py"))
        self.peer.start()
        self.csrf["peer"] = self.csrf_for(self.peer, f"/{self.peer_survey['survey']}/")

    # --- request data ------------------------------------------------------------------------

    def headers(self, system: str, *, post: bool = False, htmx: bool = False) -> dict[str, str]:
        headers = request_headers()
        headers["Cookie"] = f"csrftoken={self.csrf[system]['cookie']}"
        if post:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = ORIGIN
            headers["Referer"] = ORIGIN + "/"
        if htmx:
            headers["HX-Request"] = "true"
            headers["X-CSRFToken"] = self.csrf[system]["token"]
        return headers

    def form(self, system: str, fields: Sequence[tuple[str, str]]) -> str:
        from urllib.parse import urlencode

        return urlencode([*fields, ("csrfmiddlewaretoken", self.csrf[system]["token"])])

    def pillar_fields(self, pillar: dict[str, Any], seed: int) -> list[tuple[str, str]]:
        fields = []
        for n, key in enumerate(pillar["questions"]):
            fields += [
                (f"{key}-value", str((seed + n) % 5 + 1)),
                (f"{key}-target", ""),
                (f"{key}-comment", ""),
                (f"{key}-seen", "0"),
            ]
        return fields

    def our_flow_steps(self) -> list[dict[str, Any]]:
        token = "([A-Za-z0-9_-]+)"
        steps: list[dict[str, Any]] = [
            {"method": "GET", "path": f"{LANG}/", "expect": 200},
            {"method": "GET", "path": f"{LANG}/start/", "expect": 200},
            {
                "method": "POST",
                "path": f"{LANG}/start/",
                "expect": 302,
                "fresh_address": True,
                "capture": f"/a/{token}/link/",
                "body": self.form(
                    "ours",
                    [
                        ("organisation_name", "Bench Fluss AG"),
                        ("industry", "other"),
                        ("size_band", "10-49"),
                        ("country", "CH"),
                        ("language", "de"),
                    ],
                ),
            },
            {"method": "GET", "path": f"{LANG}/a/{{token}}/link/", "expect": 200},
        ]
        pillars = self.data["pillars"]
        for index, pillar in enumerate(pillars):
            path = f"{LANG}/a/{{token}}/p/{pillar['key']}/"
            goto = pillars[index + 1]["key"] if index + 1 < len(pillars) else "review"
            body = self.form("ours", [*self.pillar_fields(pillar, index), ("goto", goto)])
            steps += [
                {"method": "GET", "path": path, "expect": 200},
                {
                    "method": "POST",
                    "path": path,
                    "expect": 302,
                    "body": body,
                    "ack": True,  # by the assessment's token
                    "ack_count": len(pillar["questions"]),
                },
            ]
        steps += [
            {"method": "GET", "path": f"{LANG}/a/{{token}}/review/", "expect": 200},
            {
                "method": "POST",
                "path": f"{LANG}/a/{{token}}/finish/",
                "expect": 302,
                "body": self.form("ours", []),
            },
            {"method": "GET", "path": f"{LANG}/a/{{token}}/results/", "expect": 200},
        ]
        return steps

    # --- what the databases hold -------------------------------------------------------------

    def our_levels_stored(self, items: Sequence[tuple[str, str, int]], owner: str) -> int:
        """How many of (token, question key, level) are stored with that level."""
        tokens = sorted({token for token, _, _ in items})
        stored = self.ours.run_json("bench/ours_data.py", "levels", data={owner: tokens})
        return sum(1 for token, key, level in items if stored.get(token, {}).get(key) == level)

    def floor_query(self, code: str) -> Any:
        script = f"import django, json, sys\ndjango.setup()\n{code}\nprint(json.dumps(result))"
        return json.loads(self.floor.run("-c", script))

    def peer_query(self, code: str) -> Any:
        script = f"import django, json, sys\ndjango.setup()\n{code}\nprint(json.dumps(result))"
        return json.loads(self.peer.run("-c", script))

    @staticmethod
    def acked_counts(result: WrkResult) -> dict[str, int]:
        counts: dict[str, int] = {}
        for line in result.acked:
            owner, count = line.rsplit(" ", 1)
            counts[owner] = counts.get(owner, 0) + int(count)
        return counts

    # --- scenarios ---------------------------------------------------------------------------

    def questionnaire_page(self) -> None:
        label = "questionnaire page GET"
        paths = [f"{LANG}/a/{self.data['page']}/p/{p['key']}/" for p in self.data["pillars"]]
        self.measure(
            self.ours,
            label=label,
            system="ours",
            script="get.lua",
            data={"paths": paths, "headers": request_headers()},
            warm=paths[:4],
        )
        for system, server, path in (
            ("floor-lite", self.floor, "/lite/"),
            ("floor", self.floor, "/forms/"),
            ("peer", self.peer, f"/{self.peer_survey['survey']}/"),
        ):
            self.measure(
                server,
                label=label,
                system=system,
                script="get.lua",
                data={"paths": [path], "headers": request_headers()},
                warm=[path] * 4,
            )

    def autosave(self) -> None:
        label = "answer autosave (HTMX POST)"
        items: list[list[str]] = []
        expected: list[tuple[str, str, int]] = []
        for n, token in enumerate(self.data["autosave"]):
            for pillar in self.data["pillars"]:
                for key in pillar["questions"]:
                    level = (n + len(items)) % 5 + 1
                    fields = [
                        ("question", key),
                        (f"{key}-value", str(level)),
                        (f"{key}-target", ""),
                        (f"{key}-comment", ""),
                    ]
                    body = self.form("ours", [*fields, (f"{key}-seen", "0")])
                    again = self.form("ours", [*fields, (f"{key}-seen", "")])
                    items.append([f"{LANG}/a/{token}/answer/", body, again])
                    expected.append((token, key, level))

        def ours_stored(result: WrkResult) -> tuple[int, int]:
            acked = {expected[int(i) - 1] for i in result.acked}
            return len(acked), self.our_levels_stored(sorted(acked), "assessments")

        self.measure(
            self.ours,
            label=label,
            system="ours",
            script="answer.lua",
            threads=CONNECTIONS,
            data={"items": items, "headers": self.headers("ours", post=True, htmx=True)},
            stored=ours_stored,
        )
        floor_items, floor_expected = [], []
        for n in range(len(items)):
            submission, question, level = 1_000_000 + n // 36, n % 36 + 1, n % 5 + 1
            body = self.form(
                "floor",
                [
                    ("submission", str(submission)),
                    ("question", str(question)),
                    ("level", str(level)),
                ],
            )
            floor_items.append(["/lite/answer/", body, body])
            floor_expected.append((submission, question, level))

        def floor_stored(result: WrkResult) -> tuple[int, int]:
            acked = {floor_expected[int(i) - 1] for i in result.acked}
            stored = self.floor_query(
                "from floor.models import FloorAnswer\n"
                "result = [list(r) for r in FloorAnswer.objects.filter(submission_id__gte="
                "1000000).values_list('submission_id', 'question', 'level')]"
            )
            return len(acked), len(acked & {tuple(r) for r in stored})

        self.measure(
            self.floor,
            label=label,
            system="floor-lite",
            script="answer.lua",
            threads=CONNECTIONS,
            data={"items": floor_items, "headers": self.headers("floor", post=True, htmx=True)},
            stored=floor_stored,
        )

    def complete_flow(self) -> None:
        label = "complete assessment (flow)"

        def ours_stored(result: WrkResult) -> tuple[int, int]:
            acked = self.acked_counts(result)
            stored = self.ours.run_json(
                "bench/ours_data.py", "counts", data={"assessments": list(acked)}
            )
            return sum(acked.values()), sum(min(stored.get(t, 0), n) for t, n in acked.items())

        steps = self.our_flow_steps()
        self.measure(
            self.ours,
            label=label,
            system="ours",
            script="flow.lua",
            threads=CONNECTIONS,
            seconds=LONG_SECONDS,
            flow_length=len(steps),
            data={
                "steps": steps,
                "headers": self.headers("ours"),
                "post_headers": self.headers("ours", post=True),
            },
            stored=ours_stored,
        )
        self.extras["flow_requests"] = len(steps)

        levels = [str(n % 5 + 1) for n in range(36)]
        for system, path in (("floor-lite", "/lite/"), ("floor", "/forms/")):
            body = self.form("floor", [(f"q{n + 1}", level) for n, level in enumerate(levels)])

            def floor_stored(result: WrkResult) -> tuple[int, int]:
                acked = self.acked_counts(result)
                ids = [int(i) for i in acked]
                stored = self.floor_query(
                    "from django.db.models import Count\nfrom floor.models import FloorAnswer\n"
                    f"rows = FloorAnswer.objects.filter(submission_id__in={ids!r})"
                    ".values_list('submission_id').annotate(n=Count('id'))\n"
                    "result = {str(s): n for s, n in rows}"
                )
                return sum(acked.values()), sum(min(stored.get(i, 0), n) for i, n in acked.items())

            self.measure(
                self.floor,
                label=label,
                system=system,
                script="flow.lua",
                threads=CONNECTIONS,
                seconds=LONG_SECONDS,
                flow_length=2,
                data={
                    "steps": [
                        {"method": "GET", "path": path, "expect": 200},
                        {
                            "method": "POST",
                            "path": path,
                            "expect": 302,
                            "body": body,
                            "ack": "/done/(%d+)/",
                            "ack_count": 36,
                        },
                    ],
                    "headers": self.headers("floor"),
                    "post_headers": self.headers("floor", post=True),
                },
                stored=floor_stored,
            )

        survey = self.peer_survey
        body = self.form(
            "peer", [(f["field"], f["values"][n % 5]) for n, f in enumerate(survey["fields"])]
        )

        def peer_stored(result: WrkResult) -> tuple[int, int]:
            acked = self.acked_counts(result)
            stored = self.peer_query(
                "from django.db.models import Count\nfrom survey.models import Response\n"
                f"rows = Response.objects.filter(interview_uuid__in={list(acked)!r})"
                ".annotate(n=Count('answers')).values_list('interview_uuid', 'n')\n"
                "result = dict(rows)"
            )
            return sum(acked.values()), sum(min(stored.get(u, 0), n) for u, n in acked.items())

        self.measure(
            self.peer,
            label=label,
            system="peer",
            script="flow.lua",
            threads=CONNECTIONS,
            seconds=LONG_SECONDS,
            flow_length=2,
            data={
                "steps": [
                    {"method": "GET", "path": f"/{survey['survey']}/", "expect": 200},
                    {
                        "method": "POST",
                        "path": f"/{survey['survey']}/",
                        "expect": 302,
                        "body": body,
                        "ack": "/confirm/(%w+)/",
                        "ack_count": len(survey["fields"]),
                    },
                ],
                "headers": self.headers("peer"),
                "post_headers": self.headers("peer", post=True),
            },
            stored=peer_stored,
        )

    def results(self) -> None:
        token = self.data["results"]
        for label, path in (
            ("results page", f"{LANG}/a/{token}/results/"),
            ("results.json", f"{LANG}/a/{token}/results.json"),
        ):
            self.measure(
                self.ours,
                label=label,
                system="ours",
                script="get.lua",
                data={"paths": [path], "headers": request_headers()},
                warm=[path] * 4,
            )

    def pdf(self) -> None:
        token = self.data["results"]
        self.measure(
            self.ours,
            label="PDF, same chart (cached)",
            system="ours",
            script="get.lua",
            connections=PDF_CONNECTIONS,
            seconds=PDF_SECONDS,
            data={"paths": [f"{LANG}/a/{token}/report.pdf"], "headers": request_headers()},
            warm=[f"{LANG}/a/{token}/report.pdf"] * 3,
        )
        paths = [f"{LANG}/a/{t}/report.pdf" for t in self.data["pdf_new_chart"]]
        row = self.measure(
            self.ours,
            label="PDF, new chart",
            system="ours",
            script="get.lua",
            connections=PDF_CONNECTIONS,
            seconds=PDF_SECONDS,
            data={"paths": paths, "headers": request_headers()},
        )
        row["distinct_charts"] = len(paths)
        if row["requests"] > len(paths):
            log(f"PDF, new chart: {row['requests']} PDFs for {len(paths)} charts (some cached)")
        self.measure(
            self.floor,
            label="PDF, new chart",
            system="pdf-floor",
            script="get.lua",
            connections=PDF_CONNECTIONS,
            seconds=PDF_SECONDS,
            data={"paths": ["/pdf/"], "headers": request_headers()},
            warm=["/pdf/"] * 3,
        )

    def sign_in(self) -> str:
        browser = Browser(self.ours.port)
        workshop = self.data["workshop"]
        csrf = browser.csrf_token(f"{LANG}/accounts/login/")
        response = browser.post(
            f"{LANG}/accounts/login/",
            {
                "csrfmiddlewaretoken": csrf,
                "username": workshop["email"],
                "password": workshop["password"],
            },
        )
        assert response.status == 302, response.status
        return "; ".join(f"{k}={v}" for k, v in browser.cookies.items())

    def workshop(self) -> None:
        label = f"workshop: {PARTICIPANTS} answering"
        workshop = self.data["workshop"]
        participants = workshop["participants"]
        live = f"{LANG}/workshops/{workshop['id']}/live/"
        poll_data = {
            "paths": [f"{live}?part=board", f"{live}?part=count"],
            "headers": {**request_headers(), "Cookie": self.sign_in()},
            "delay_ms": LIVE_POLL_MS,
        }
        self.extras["workshop_mode"] = "http" if workshop["http"] else "service"
        self.extras["workshop_think_ms"] = list(THINK_MS)
        keys = [key for pillar in self.data["pillars"] for key in pillar["questions"]]
        seconds = LONG_SECONDS
        log_start = self.ours.access_log.stat().st_size
        with TreeSampler(self.ours.pid) as tree:
            poller, poll_out = start_wrk(
                "poll.lua",
                self.ours.base_url,
                poll_data,
                self.workdir,
                name=f"{len(self.rows):02d}-poll",
                threads=2,
                connections=2,
                seconds=seconds,
            )
            if workshop["http"]:
                answers, expected = self.workshop_http(participants, keys, seconds)
            else:
                answers, expected = self.workshop_service(participants, seconds)
            polls = finish_wrk(poller, poll_out, seconds)
        used = tree.cpu_seconds
        if not workshop["http"]:  # the service runners' own CPU while answering
            used += answers.counters.get("cpu_ms", 0) / 1000
        units = answers.requests + polls.requests
        row = self.row(label, "ours", answers, used, units, tree.peak_mb, len(participants))
        row["mode"] = self.extras["workshop_mode"]
        self.server_times(row, self.ours, log_start)  # answers and polls together
        row["rate"] = round(answers.requests / answers.duration_s, 2)
        if workshop["http"]:
            acked = sorted({expected[int(i) - 1] for i in answers.acked})
        else:  # "token key level" lines; a participant answers each question with one level
            acked = sorted({(t, k, int(level)) for t, k, level in map(str.split, answers.acked)})
            row["queries"] = answers.counters.get("queries")
        row["acked"], row["stored"] = len(acked), self.our_levels_stored(acked, "participants")
        self.rows.append(row)
        poll_row = self.row("workshop: live poll", "ours", polls, used, units, tree.peak_mb, 2)
        poll_row["rate"] = round(polls.requests / polls.duration_s, 2)
        self.rows.append(poll_row)
        log(
            f"{label}: {row['rate']:.1f} answers/s, p95 {row['p95_ms']:.0f} ms, "
            f"{row['acked']} acknowledged, {row['stored']} stored; live poll p95 "
            f"{poll_row['p95_ms']:.0f} ms ({polls.statuses})"
        )

    def workshop_http(
        self, participants: list[dict[str, Any]], keys: list[str], seconds: float
    ) -> tuple[WrkResult, list[tuple[str, str, int]]]:
        path = self.data["workshop"]["answer_path"]
        items: list[list[str]] = []
        expected: list[tuple[str, str, int]] = []
        for question, key in enumerate(keys):  # item k * T + t: participant t, question k
            for participant in participants:
                level = (participant["id"] + question) % 5 + 1
                body = self.form(
                    "ours",
                    [("question", key), (f"{key}-value", str(level)), (f"{key}-comment", "")],
                )
                items.append([path.replace("{token}", participant["token"]), body, body])
                expected.append((participant["token"], key, level))
        process, out = start_wrk(
            "answer.lua",
            self.ours.base_url,
            {
                "items": items,
                "headers": self.headers("ours", post=True, htmx=True),
                "think_ms": list(THINK_MS),
            },
            self.workdir,
            name=f"{len(self.rows):02d}-workshop",
            threads=len(participants),
            connections=len(participants),
            seconds=seconds,
        )
        return finish_wrk(process, out, seconds), expected

    def workshop_service(
        self, participants: list[dict[str, Any]], seconds: float
    ) -> tuple[WrkResult, list[tuple[str, str, int]]]:
        """Until the participants' answer URL is on main: the service layer, in processes."""
        import statistics

        groups = [participants[n::SERVICE_PROCESSES] for n in range(SERVICE_PROCESSES)]
        processes = []
        for group in groups:
            spec = {"participants": [p["id"] for p in group], "seconds": seconds}
            spec["think_ms"] = list(THINK_MS)
            processes.append(
                subprocess.Popen(
                    [str(self.ours.python), "bench/ours_data.py", "workshop-service"],
                    cwd=ROOT,
                    env=self.ours.env,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            )
            assert processes[-1].stdin is not None
            processes[-1].stdin.write(json.dumps(spec))
            processes[-1].stdin.close()
        outputs = []
        for process in processes:
            assert process.stdout is not None
            outputs.append(json.loads(process.stdout.read()))
            process.wait(timeout=seconds + 120)
        latencies = sorted(ms for o in outputs for ms in o["latencies_ms"])
        result = WrkResult(
            requests=len(latencies),
            duration_s=seconds,
            socket_errors=0,
            status_errors=sum(o["errors"] for o in outputs),
            latency_ms={
                "p50": percentile(latencies, 50) or 0.0,
                "p95": percentile(latencies, 95) or 0.0,
                "p99": percentile(latencies, 99) or 0.0,
                "max": latencies[-1] if latencies else 0.0,
                "mean": statistics.fmean(latencies) if latencies else 0.0,
            },
            statuses={},
            counters={
                "queries": outputs[0]["queries"],
                "cpu_ms": round(sum(o["cpu_s"] for o in outputs) * 1000),
            },
            acked=[line for o in outputs for line in o["acked"]],
        )
        return result, []

    # --- queries per request -----------------------------------------------------------------

    def count_queries(self) -> None:
        """One request of each kind through the test client, after a warm-up one."""
        log("queries per request (test client, separate processes)")
        fresh, done = self.data["fresh"], self.data["results"]
        first = self.data["pillars"][0]
        key, other = first["questions"][0], first["questions"][1]
        page = f"{LANG}/a/{self.data['page']}/p/{first['key']}/"

        def autosave(question: str, level: str) -> dict[str, Any]:
            return {
                "question": question,
                f"{question}-value": level,
                f"{question}-seen": "0",
                f"{question}-target": "",
                f"{question}-comment": "",
            }

        steps: list[dict[str, Any]] = [
            {"name": "page", "path": page},
            {"name": "page", "path": page, "count": True},
            {
                "name": "autosave",
                "method": "POST",
                "path": f"{LANG}/a/{fresh}/answer/",
                "data": autosave(key, "2"),
                "headers": {"HX-Request": "true"},
            },
            {
                "name": "autosave",
                "method": "POST",
                "path": f"{LANG}/a/{fresh}/answer/",
                "data": autosave(other, "3"),
                "headers": {"HX-Request": "true"},
                "count": True,
            },
        ]
        for name, path in (
            ("results", f"{LANG}/a/{done}/results/"),
            ("results.json", f"{LANG}/a/{done}/results.json"),
        ):
            steps += [{"name": name, "path": path}, {"name": name, "path": path, "count": True}]
        steps.append({"name": "pdf", "path": f"{LANG}/a/{done}/report.pdf", "count": True})
        for step in self.our_flow_steps():
            flow_step: dict[str, Any] = {
                "name": "flow",
                "method": step["method"],
                "path": step["path"],
                "count": True,
                "headers": {"X-Forwarded-For": "bench-queries"}
                if step.get("fresh_address")
                else {},
            }
            if "body" in step:
                from urllib.parse import parse_qsl

                flow_step["data"] = dict(parse_qsl(step["body"], keep_blank_values=True))
            if step.get("capture"):
                flow_step["capture"] = r"/a/([A-Za-z0-9_-]+)/link/"
            steps.append(flow_step)
        workshop = self.data["workshop"]
        if workshop["http"]:
            path = workshop["answer_path"].replace("{token}", workshop["participants"][-1]["token"])
            for question, count in ((key, False), (other, True)):
                steps.append(
                    {
                        "name": "workshop",
                        "method": "POST",
                        "path": path,
                        "data": {"question": question, f"{question}-value": "3"},
                        "headers": {"HX-Request": "true"},
                        "count": count,
                    }
                )
        ours = self.ours.run_json("bench/query_count.py", data={"steps": steps})
        live = f"{LANG}/workshops/{workshop['id']}/live/"
        facilitator = self.ours.run_json(
            "bench/query_count.py",
            data={
                "user": workshop["email"],
                "steps": [
                    {"name": "live", "path": live},
                    {"name": "live", "path": live, "count": True},
                ],
            },
        )
        floor_steps: list[dict[str, Any]] = []
        answers = {f"q{n + 1}": str(n % 5 + 1) for n in range(36)}
        for name, path in (("lite", "/lite/"), ("forms", "/forms/")):
            floor_steps += [
                {"name": name, "path": path},
                {"name": name, "path": path, "count": True},
                {"name": f"{name}-flow", "path": path, "count": True},
                {
                    "name": f"{name}-flow",
                    "method": "POST",
                    "path": path,
                    "data": answers,
                    "count": True,
                },
            ]
        floor_steps.append(
            {
                "name": "answer",
                "method": "POST",
                "path": "/lite/answer/",
                "count": True,
                "data": {"submission": "1", "question": "1", "level": "2"},
            }
        )
        floor = self.floor.run_json(f"{ROOT}/bench/query_count.py", data={"steps": floor_steps})
        survey = self.peer_survey
        peer_answers = {f["field"]: f["values"][0] for f in survey["fields"]}
        peer_path = f"/{survey['survey']}/"
        peer = self.peer.run_json(
            f"{ROOT}/bench/query_count.py",
            data={
                "steps": [
                    {"name": "page", "path": peer_path},
                    {"name": "page", "path": peer_path, "count": True},
                    {"name": "flow", "path": peer_path, "count": True},
                    {
                        "name": "flow",
                        "method": "POST",
                        "path": peer_path,
                        "data": peer_answers,
                        "count": True,
                    },
                ]
            },
        )
        counts = {
            ("questionnaire page GET", "ours"): ours["page"],
            ("questionnaire page GET", "floor-lite"): floor["lite"],
            ("questionnaire page GET", "floor"): floor["forms"],
            ("questionnaire page GET", "peer"): peer["page"],
            ("answer autosave (HTMX POST)", "ours"): ours["autosave"],
            ("answer autosave (HTMX POST)", "floor-lite"): floor["answer"],
            ("complete assessment (flow)", "ours"): ours["flow"],
            ("complete assessment (flow)", "floor-lite"): floor["lite-flow"],
            ("complete assessment (flow)", "floor"): floor["forms-flow"],
            ("complete assessment (flow)", "peer"): peer["flow"],
            ("results page", "ours"): ours["results"],
            ("results.json", "ours"): ours["results.json"],
            ("PDF, same chart (cached)", "ours"): ours["pdf"],
            ("PDF, new chart", "ours"): ours["pdf"],
            ("workshop: live poll", "ours"): facilitator["live"],
        }
        if "workshop" in ours:
            counts[(f"workshop: {PARTICIPANTS} answering", "ours")] = ours["workshop"]
        for row in self.rows:
            if (row["label"], row["system"]) in counts:
                row["queries"] = counts[(row["label"], row["system"])]

    # --- ratios ------------------------------------------------------------------------------

    def add_ratios(self) -> None:
        """Each of our rows against floor-lite and the peer: rate ratio and CPU-per-unit ratio."""

        def find(label: str, system: str) -> dict[str, Any] | None:
            return next(
                (r for r in self.rows if r["label"] == label and r["system"] == system), None
            )

        page_lite = find("questionnaire page GET", "floor-lite")
        references = {
            # our row label: (floor-lite row, peer row)
            "questionnaire page GET": (page_lite, find("questionnaire page GET", "peer")),
            "answer autosave (HTMX POST)": (
                find("answer autosave (HTMX POST)", "floor-lite"),
                None,
            ),
            "complete assessment (flow)": (
                find("complete assessment (flow)", "floor-lite"),
                find("complete assessment (flow)", "peer"),
            ),
            "results page": (page_lite, None),
            "results.json": (page_lite, None),
            "PDF, same chart (cached)": (find("PDF, new chart", "pdf-floor"), None),
            "PDF, new chart": (find("PDF, new chart", "pdf-floor"), None),
        }
        for row in self.rows:
            if row["system"] != "ours" or row["label"] not in references:
                continue
            for key, other in zip(
                ("vs_floor_lite", "vs_peer"), references[row["label"]], strict=True
            ):
                if other is not None:
                    row[key] = {
                        "against": other["system"],
                        "rate": ratio(row["rate"], other["rate"]),
                        "cpu": ratio(row["cpu_ms"], other["cpu_ms"]),
                    }


def machine() -> dict[str, Any]:
    return {
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "kernel": platform.release(),
        "load_average": os.getloadavg(),
    }


def main() -> int:
    started = time.monotonic()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: `make bench` installs it (Debian package wrk).")
    if not (PEER_VENV / "bin" / "python").exists():
        sys.exit(f"The peer's venv is missing ({PEER_VENV}): run `make bench`.")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    log(
        f"{'quick, ' if QUICK else ''}{SECONDS:.0f} s per scenario, {DATABASE}, "
        f"c={CONNECTIONS}; machine {machine()}"
    )
    with tempfile.TemporaryDirectory(prefix="kk-bench-") as tmp:
        workdir = Path(tmp)
        databases = Databases(workdir, DATABASE)
        run = Run(workdir)
        try:
            run.start_ours(databases)
            pages = run.first_pdf()
            run.start_floor(databases, pages)
            run.start_peer(databases)
            log(f"set up in {time.monotonic() - started:.0f} s; the scenarios")
            scenarios = {
                "page": run.questionnaire_page,
                "autosave": run.autosave,
                "flow": run.complete_flow,
                "results": run.results,
                "pdf": run.pdf,
                "workshop": run.workshop,
            }
            for name, scenario in scenarios.items():
                if not ONLY or name in ONLY:
                    scenario()
            run.count_queries()
            run.add_ratios()
        finally:
            for server in ("ours", "floor", "peer"):
                if hasattr(run, server):
                    getattr(run, server).stop()
            databases.drop_all()
            if os.environ.get("BENCH_KEEP_LOGS"):
                shutil.copytree(workdir, RESULTS / f"logs-{stamp}", dirs_exist_ok=True)
    elapsed = time.monotonic() - started
    report = {
        "started": stamp,
        "elapsed_s": round(elapsed, 1),
        "machine": machine(),
        "settings": {
            "quick": QUICK,
            "seconds": SECONDS,
            "database": DATABASE,
            "connections": CONNECTIONS,
            "pdf_connections": PDF_CONNECTIONS,
            "participants": PARTICIPANTS,
            "think_ms": list(THINK_MS),
            "gunicorn": "config/gunicorn.conf.py (2 gthread workers x 2 threads)",
        },
        "extras": run.extras,
        "rows": run.rows,
    }
    path = RESULTS / f"bench-{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print()
    print("\n".join(table_lines(run.rows)))
    print()
    extras = run.extras
    notes = [
        f"first PDF of a fresh worker: {extras['pdf_first_ms']} ms ({extras['pdf_pages']} pages)"
    ]
    if "flow_requests" in extras:
        notes.append(f"flow: {extras['flow_requests']} requests per assessment")
    if "workshop_mode" in extras:
        notes.append(
            f"workshop answered over {extras['workshop_mode']}, think time "
            f"{THINK_MS[0]}–{THINK_MS[1]} ms, live poll every {LIVE_POLL_MS} ms"
        )
    print("; ".join(notes))
    print(f"{path.relative_to(ROOT)}  ({elapsed:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
