"""What `make bench` reads off /proc and wrk, and the table it prints (bench/measure.py)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.dbless

_spec = importlib.util.spec_from_file_location(
    "bench_measure", Path(__file__).resolve().parents[2] / "bench" / "measure.py"
)
assert _spec and _spec.loader
measure = importlib.util.module_from_spec(_spec)
sys.modules["bench_measure"] = measure  # dataclasses look their module up
_spec.loader.exec_module(measure)

# /proc/<pid>/stat of a gunicorn worker whose name holds a space and a parenthesis.
STAT = (
    "4242 (gunicorn: (worker) x) S 4200 4200 4200 0 -1 4194560 1000 0 0 0 "
    "1500 250 30 7 20 0 5 0 123456 500000000 30000 18446744073709551615"
)


def test_cpu_ticks_are_user_and_system_time_after_an_odd_name():
    assert measure.stat_fields(STAT)[:2] == ["S", "4200"]
    assert measure.own_cpu_ticks(STAT) == 1500 + 250


def test_cpu_of_a_tree_keeps_processes_that_ended_and_counts_new_ones_from_zero():
    sampler = measure.TreeSampler(master=1)
    sampler.baseline = {1: 100, 10: 1000, 11: 5000}  # master, a worker, its Chromium
    # 10 was replaced by 12 (its last reading kept), 13 is 12's new Chromium.
    sampler.latest = {1: 110, 10: 1400, 11: 5100, 12: 300, 13: 90}
    ticks = 10 + 400 + 100 + 300 + 90
    assert sampler.cpu_seconds == pytest.approx(ticks / measure.CLOCK_TICKS)


def test_descendants_are_the_whole_tree_below_the_master():
    parents = {1: 0, 10: 1, 11: 10, 12: 10, 13: 11, 20: 1, 21: 20}
    assert sorted(measure.descendants(10, parents)) == [10, 11, 12, 13]
    assert measure.descendants(21, parents) == [21]


def test_peak_rss_is_read_from_the_status_file():
    status = "Name:\tgunicorn\nVmPeak:\t  500000 kB\nVmHWM:\t  183456 kB\nVmRSS:\t  150000 kB\n"
    assert measure.status_kb(status, "VmHWM") == 183456
    assert measure.status_kb(status, "VmSwap") == 0


def test_python_data_becomes_a_lua_expression():
    data = {"paths": ["/de/a/x/", 'say "hi"'], "think_ms": [500, 3000], "seen": None, "on": True}
    assert measure.to_lua(data) == (
        '{["paths"] = {"/de/a/x/", "say \\"hi\\""}, ["think_ms"] = {500, 3000}, '
        '["seen"] = nil, ["on"] = true}'
    )
    assert measure.to_lua("Säule") == '"S\\u00e4ule"'
    with pytest.raises(TypeError):
        measure.to_lua(object())


def test_wrk_results_are_read_with_the_acknowledged_ids(tmp_path):
    out = tmp_path / "run.json"
    out.write_text(
        json.dumps(
            {
                "requests": 120,
                "duration_s": 2.0,
                "bytes": 1000,
                "socket_errors": 1,
                "status_errors": 2,
                "latency_ms": {"p50": 10.5, "p95": 40.0, "p99": 50, "max": 60, "mean": 12},
                "statuses": {"200": 118, "422": 2},
                "counters": {"completed": 3},
            }
        )
    )
    (tmp_path / "run.json.acked").write_text("7\n12\nabc 6\n")
    result = measure.WrkResult.from_files(out)
    assert (result.requests, result.errors, result.latency_ms["p95"]) == (120, 3, 40.0)
    assert result.statuses == {"200": 118, "422": 2}
    assert result.counters == {"completed": 3}
    assert result.acked == ["7", "12", "abc 6"]


def test_ratios_need_both_figures():
    assert measure.ratio(50.0, 200.0) == 0.25
    assert measure.ratio(None, 200.0) is None
    assert measure.ratio(50.0, 0) is None


def test_the_table_shows_each_figure_with_its_ratios():
    rows = [
        {
            "label": "questionnaire page GET",
            "system": "ours",
            "connections": 10,
            "rate": 130.0,
            "p50_ms": 60.04,
            "p95_ms": 101.2,
            "errors": 0,
            "acked": None,
            "queries": 6,
            "cpu_ms": 14.9,
            "rss_mb": 181.4,
            "vs_floor_lite": {"rate": 0.3333, "cpu": 3.04},
            "vs_peer": {"rate": 3.9, "cpu": 0.25},
        },
        {
            "label": "questionnaire page GET",
            "system": "floor-lite",
            "connections": 10,
            "rate": 390.0,
            "p50_ms": 20.0,
            "p95_ms": 35.0,
            "errors": 0,
            "acked": 10,
            "stored": 9,
            "queries": None,
            "cpu_ms": 4.9,
            "rss_mb": 48.0,
        },
    ]
    header, rule, ours, lite = measure.table_lines(rows)
    assert header.split()[:4] == ["scenario", "system", "c", "rate/s"]
    assert set(rule) == {"-", " "}
    assert ours.split() == [
        "questionnaire", "page", "GET", "ours", "10", "130.0", "60.0", "101.2", "0", "–", "6",
        "14.9", "181", "0.33×", "/", "3.04×", "3.90×", "/", "0.25×",
    ]  # fmt: skip
    assert lite.split() == [
        "floor-lite", "10", "390.0", "20.0", "35.0", "0", "10/9", "–", "4.9", "48",
    ]  # fmt: skip


def test_worker_times_come_from_the_access_log_lines():
    log = (
        '127.0.0.1 "GET /de/a/AbCd…/p/strategy/ HTTP/1.1" 200 51234 37ms "-"\n'
        '127.0.0.1 "POST /de/a/AbCd…/answer/ HTTP/1.1" 200 812 9ms "-"\n'
        "[2026-01-01 10:00:00 +0000] [42] [INFO] Booting worker with pid: 42\n"
        '127.0.0.1 "GET /de/ HTTP/1.1" 200 9000 120ms "wrk 12ms"\n'
    )
    assert measure.access_log_times(log) == [37, 9, 120]


def test_percentiles_are_nearest_rank():
    values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6]
    assert measure.percentile(values, 50) == 5.0
    assert measure.percentile(values, 95) == 10.0
    assert measure.percentile([7], 95) == 7.0
    assert measure.percentile([], 50) is None
