"""Memory of the web workers and of the report worker, with reports being made.

    .venv/bin/python bench/report_memory.py [--reports 6]

Runs the app as tests/production does (gunicorn with config/gunicorn.conf.py, DEBUG off, SQLite in
a temporary directory) with its report worker (`manage.py db_worker`) beside it, makes fully
answered assessments, downloads each one's PDF as a browser would (the download, the progress
page's status box until ready, the download again), then prints per process its resident set
(RSS) and proportional set (PSS, shared pages split between their users): each gunicorn worker
(and whether any Chromium runs below it), the worker, its chart renderer and the renderer's
Chromium tree summed. Target: a web worker <= 150 MB, with no Chromium in it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.production.server import Browser, ProductionServer  # noqa: E402

MB = 1024 * 1024


def _kb(pid: int, path: str, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def rss(pid: int) -> int:
    return _kb(pid, "status", "VmRSS")


def pss(pid: int) -> int:
    return _kb(pid, "smaps_rollup", "Pss")


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def children_of() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return children


def tree(pid: int, children: dict[int, list[int]]) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def answered_assessments(server: ProductionServer, count: int) -> list[str]:
    """Fully answered assessments with different answers (a new chart each); their tokens."""
    return server.query(
        f"""
import random
from assessment.services import AnswerInput, answers_save, assessment_start
from assessment.values import parse_answer_value
from pillars.selectors import catalog_current
catalog = catalog_current()
result = []
for number in range({count}):
    rng = random.Random(number)
    assessment = assessment_start(
        organisation_name=f"Speicher {{number}} AG", industry="trade", size_band="10-49",
        country="CH", language="de", catalog=catalog,
    )
    answers_save(
        participant=assessment.participants.get(),
        answers=[
            AnswerInput(question=q, value=parse_answer_value(rng.randint(1, 5)))
            for q in catalog.questions.all()
        ],
    )
    result.append(assessment.token)
"""
    )  # type: ignore[return-value]


def measure(server: ProductionServer) -> list[tuple[str, int, int]]:
    children = children_of()
    assert server.process is not None and server.worker is not None
    rows = []
    for pid in children.get(server.process.pid, []):
        below = tree(pid, children)
        chromium = [
            p for p in below if "chrom" in cmdline(p) and "chart_renderer" not in cmdline(p)
        ]
        label = f"gunicorn worker {pid}" + (", no Chromium" if not chromium else "")
        rows.append((label, rss(pid), pss(pid)))
        if chromium:
            rows.append(
                (
                    f"  + its renderer and Chromium ({len(below) - 1} processes)",
                    sum(rss(p) for p in below if p != pid),
                    sum(pss(p) for p in below if p != pid),
                )
            )
    rows.append(("gunicorn master", rss(server.process.pid), pss(server.process.pid)))
    if server.worker.poll() is not None:  # TASKS_BACKEND=immediate: it refuses to run
        return rows
    worker_tree = tree(server.worker.pid, children)
    rows.append(("task worker (db_worker)", rss(server.worker.pid), pss(server.worker.pid)))
    renderers = [p for p in worker_tree if "reports.chart_renderer" in cmdline(p)]
    for renderer in renderers:
        rows.append(("its chart renderer (kaleido)", rss(renderer), pss(renderer)))
        browser = [p for p in tree(renderer, children) if p != renderer]
        rows.append(
            (
                f"its Chromium ({len(browser)} processes, summed)",
                sum(rss(p) for p in browser),
                sum(pss(p) for p in browser),
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=6)
    parser.add_argument(
        "--immediate",
        action="store_true",
        help="TASKS_BACKEND=immediate: reports made inside the web workers (for comparison)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        server = ProductionServer(Path(workdir), use_postgres=False)
        if args.immediate:
            server.env["TASKS_BACKEND"] = "immediate"
        try:
            server.prepare()
            server.start()
            tokens = answered_assessments(server, args.reports)
            browser = Browser(server.port)
            times: dict[str, list[float]] = {"request": [], "ready": [], "kept": []}
            for token in tokens:
                assert browser.get(f"/de/a/{token}/results/").status == 200
                pdf = f"/de/a/{token}/report.pdf"
                started = time.perf_counter()
                first = browser.get(pdf)
                times["request"].append(time.perf_counter() - started)
                assert first.status in (200, 302), first.status
                assert server.report(browser, pdf).status == 200
                times["ready"].append(time.perf_counter() - started)
                started = time.perf_counter()
                assert browser.get(pdf).status == 200
                times["kept"].append(time.perf_counter() - started)
                assert server.report(browser, f"/de/a/{token}/report.docx").status == 200
            print(
                "PDF, median: answer to the request {:.0f} ms, report ready {:.0f} ms, "
                "kept report again {:.0f} ms".format(
                    *(statistics.median(times[k]) * 1000 for k in ("request", "ready", "kept"))
                )
            )
            print(f"after {len(tokens)} PDFs and {len(tokens)} DOCX (and their results pages):")
            for label, resident, proportional in measure(server):
                print(f"  {label:45} RSS {resident / MB:6.1f} MB   PSS {proportional / MB:6.1f} MB")
        finally:
            server.cleanup()


if __name__ == "__main__":
    main()
