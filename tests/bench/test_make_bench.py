"""`make bench BENCH_QUICK=1` end to end: three servers, every scenario under wrk for 2 s, the
JSON in bench/results/ with the expected keys and no answer lost. About two minutes; marked
`bench`, run with `pytest -m bench tests/bench` (not by `make test`)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.bench, pytest.mark.dbless]

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
ROW_KEYS = {
    "label", "system", "connections", "seconds", "requests", "units", "rate", "p50_ms", "p95_ms",
    "p99_ms", "errors", "statuses", "acked", "stored", "queries", "cpu_ms", "rss_mb",
}  # fmt: skip
SCENARIOS = {
    ("questionnaire page GET", "ours"),
    ("questionnaire page GET", "floor-lite"),
    ("questionnaire page GET", "floor"),
    ("questionnaire page GET", "peer"),
    ("answer autosave (HTMX POST)", "ours"),
    ("answer autosave (HTMX POST)", "floor-lite"),
    ("complete assessment (flow)", "ours"),
    ("complete assessment (flow)", "floor-lite"),
    ("complete assessment (flow)", "floor"),
    ("complete assessment (flow)", "peer"),
    ("results page", "ours"),
    ("results.json", "ours"),
    ("PDF, same chart (cached)", "ours"),
    ("PDF, new chart", "ours"),
    ("PDF, new chart", "pdf-floor"),
    ("workshop: 60 answering", "ours"),
    ("workshop: live poll", "ours"),
}


def test_make_bench_quick_runs_every_scenario_and_writes_the_json():
    before = set(RESULTS.glob("bench-*.json"))
    env = {**os.environ, "BENCH_QUICK": "1"}
    env.pop("BENCH_ONLY", None)
    completed = subprocess.run(
        ["make", "bench", "BENCH_QUICK=1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert "scenario" in completed.stdout and "vs floor-lite" in completed.stdout
    (path,) = set(RESULTS.glob("bench-*.json")) - before
    report = json.loads(path.read_text())
    assert {"started", "elapsed_s", "machine", "settings", "extras", "rows"} <= report.keys()
    assert report["settings"]["quick"] is True
    assert report["elapsed_s"] < 600
    rows = report["rows"]
    assert {(row["label"], row["system"]) for row in rows} == SCENARIOS
    for row in rows:
        assert row.keys() >= ROW_KEYS, row["label"]
        assert row["requests"] > 0, row
        assert row["errors"] == 0, row
        assert row["cpu_ms"] > 0, row
        assert row["rss_mb"] > 0, row
        if row["acked"] is not None:
            assert row["acked"] > 0 and row["stored"] == row["acked"], row
    ours = {row["label"]: row for row in rows if row["system"] == "ours"}
    assert ours["questionnaire page GET"]["vs_floor_lite"]["rate"] > 0
    assert ours["complete assessment (flow)"]["vs_peer"]["cpu"] > 0
    assert ours["complete assessment (flow)"]["requests_per_unit"] == 19
    assert all(row["queries"] for row in rows if row["system"] in {"ours", "peer"})
    assert report["extras"]["pdf_pages"] > 1 and report["extras"]["pdf_first_ms"] > 0
