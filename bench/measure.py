"""What `make bench` reads off the machine: /proc CPU and memory of a server's processes, wrk's
runs, and the table. Pure helpers where possible (tests/bench tests them without a server)."""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import subprocess
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LUA_DIR = Path(__file__).resolve().parent / "lua"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --- /proc -------------------------------------------------------------------------------------


def stat_fields(stat_text: str) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (which may hold spaces and ')')."""
    return stat_text.rsplit(")", 1)[1].split()


def parent_map() -> dict[int, int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(stat_fields((entry / "stat").read_text())[1])
            except (OSError, IndexError, ValueError):
                continue
    return parents


def descendants(root: int, parents: Mapping[int, int] | None = None) -> list[int]:
    """root and every process below it."""
    parents = parent_map() if parents is None else parents
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def children(root: int) -> list[int]:
    return [pid for pid, parent in parent_map().items() if parent == root]


def status_kb(status_text: str, name: str) -> int:
    for line in status_text.splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    return 0


def reset_peak(pid: int) -> None:
    """Start VmHWM (peak RSS) again from the current RSS (Linux: clear_refs 5; needs the owner)."""
    with contextlib.suppress(OSError):
        Path(f"/proc/{pid}/clear_refs").write_text("5")


def own_cpu_ticks(stat_text: str) -> int:
    """utime + stime of the process itself."""
    fields = stat_fields(stat_text)
    return int(fields[11]) + int(fields[12])


class TreeSampler:
    """A gunicorn master's tree while a scenario runs: its CPU time and its workers' peak RSS.

    Every `interval` it reads each process below the master (workers, their chart renderer and
    Chromium): its own CPU time and, for the workers, VmHWM (reset at the start). A process that
    ends or leaves the tree meanwhile (a worker replaced after max_requests, a Chromium orphaned
    with it) keeps its last reading, so its time still counts; one that was there at the start
    counts from its reading then. What a process does after its last reading is lost (at most
    one interval).
    """

    def __init__(self, master: int, interval: float = 0.25) -> None:
        self.master = master
        self.interval = interval
        self.peak_kb = 0
        self.baseline: dict[int, int] = {}
        self.latest: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _read_cpu(self) -> dict[int, int]:
        ticks = {}
        for pid in descendants(self.master):
            try:
                ticks[pid] = own_cpu_ticks(Path(f"/proc/{pid}/stat").read_text())
            except (OSError, IndexError, ValueError):
                continue
        return ticks

    def _sample(self) -> None:
        self.latest.update(self._read_cpu())
        for pid in children(self.master):
            try:
                kb = status_kb(Path(f"/proc/{pid}/status").read_text(), "VmHWM")
            except OSError:
                continue
            self.peak_kb = max(self.peak_kb, kb)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> TreeSampler:
        for pid in children(self.master):
            reset_peak(pid)
        self.baseline = self._read_cpu()
        self.latest = dict(self.baseline)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def cpu_seconds(self) -> float:
        ticks = sum(now - self.baseline.get(pid, 0) for pid, now in self.latest.items())
        return ticks / CLOCK_TICKS

    @property
    def peak_mb(self) -> float:
        return self.peak_kb / 1024


# --- gunicorn's access log ----------------------------------------------------------------

ACCESS_TIME = re.compile(r" (\d+)ms ")


def access_log_times(text: str) -> list[int]:
    """Request times (ms) from access log lines in our format (config/gunicorn.conf.py: %(M)sms)."""
    return [int(match.group(1)) for match in ACCESS_TIME.finditer(text)]


def percentile(values: Sequence[float], p: float) -> float | None:
    """The nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, max(0, math.ceil(len(ordered) * p / 100) - 1))])


# --- wrk ---------------------------------------------------------------------------------------


def to_lua(value: Any) -> str:
    """A Python value (dict, list, str, int, float, bool, None) as a Lua expression."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string literal is a valid Lua string literal
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"[{to_lua(k)}] = {to_lua(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Iterable):
        return "{" + ", ".join(to_lua(item) for item in value) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as Lua")


@dataclass
class WrkResult:
    requests: int
    duration_s: float
    socket_errors: int
    status_errors: int
    latency_ms: dict[str, float]
    statuses: dict[str, int]
    counters: dict[str, int]
    acked: list[str] = field(default_factory=list)

    @classmethod
    def from_files(cls, out: Path) -> WrkResult:
        data = json.loads(out.read_text())
        acked_path = Path(f"{out}.acked")
        acked = acked_path.read_text().split("\n")[:-1] if acked_path.exists() else []
        return cls(
            requests=int(data["requests"]),
            duration_s=float(data["duration_s"]),
            socket_errors=int(data["socket_errors"]),
            status_errors=int(data["status_errors"]),
            latency_ms={k: float(v) for k, v in data["latency_ms"].items()},
            statuses={str(k): int(v) for k, v in data["statuses"].items()},
            counters={str(k): int(v) for k, v in data["counters"].items()},
            acked=acked,
        )

    @property
    def errors(self) -> int:
        return self.socket_errors + self.status_errors


def wrk_command(
    script: str, url: str, *, threads: int, connections: int, seconds: float
) -> list[str]:
    return [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA_DIR / script),
        url,
    ]


def start_wrk(
    script: str,
    url: str,
    data: Mapping[str, Any],
    workdir: Path,
    *,
    name: str,
    threads: int,
    connections: int,
    seconds: float,
) -> tuple[subprocess.Popen[bytes], Path]:
    data_path = workdir / f"{name}.lua"
    data_path.write_text("return " + to_lua({**data, "threads": threads}) + "\n")
    out = workdir / f"{name}.json"
    env = {
        **os.environ,
        "BENCH_DATA": str(data_path),
        "BENCH_OUT": str(out),
        "LUA_PATH": f"{LUA_DIR}/?.lua;;",
    }
    command = wrk_command(script, url, threads=threads, connections=connections, seconds=seconds)
    log = (workdir / f"{name}.wrk.log").open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    return process, out


def finish_wrk(process: subprocess.Popen[bytes], out: Path, seconds: float) -> WrkResult:
    try:
        process.wait(timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise RuntimeError(f"wrk did not stop: {out}") from None
    if process.returncode != 0 or not out.exists():
        log = out.with_suffix(".wrk.log")
        raise RuntimeError(f"wrk failed ({process.returncode}): {log.read_text()[-2000:]}")
    return WrkResult.from_files(out)


# --- the table ---------------------------------------------------------------------------------


def ratio(ours: float | None, other: float | None) -> float | None:
    if not ours or not other:
        return None
    return ours / other


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def _ratios(row: Mapping[str, Any], key: str) -> str:
    rates = row.get(key)
    if not rates:
        return ""
    return f"{_num(rates.get('rate'), 2)}× / {_num(rates.get('cpu'), 2)}×"


COLUMNS = (
    ("scenario", 30, "<"),
    ("system", 11, "<"),
    ("c", 3, ">"),
    ("rate/s", 8, ">"),
    ("p50 ms", 8, ">"),
    ("p95 ms", 8, ">"),
    ("err", 5, ">"),
    ("acked/stored", 13, ">"),
    ("q/req", 6, ">"),
    ("CPU ms", 8, ">"),
    ("RSS MB", 7, ">"),
    ("vs floor-lite", 14, ">"),
    ("vs peer", 14, ">"),
)


def table_lines(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """One line per measured row; ratios as 'rate ratio× / CPU-per-unit ratio×'."""

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            f"{cell:{align}{width}}" for cell, (_, width, align) in zip(cells, COLUMNS, strict=True)
        ).rstrip()

    lines = [line([name for name, _, _ in COLUMNS]), line(["-" * w for _, w, _ in COLUMNS])]
    previous = ""
    for row in rows:
        acked = row.get("acked")
        stored = row.get("stored")
        queries = row.get("queries")
        lines.append(
            line(
                [
                    row["label"] if row["label"] != previous else "",
                    row["system"],
                    str(row.get("connections", "")),
                    _num(row.get("rate")),
                    _num(row.get("p50_ms")),
                    _num(row.get("p95_ms")),
                    str(row.get("errors", "–")),
                    f"{acked}/{stored}" if acked is not None else "–",
                    _num(queries, 0 if isinstance(queries, int) else 1),
                    _num(row.get("cpu_ms")),
                    _num(row.get("rss_mb"), 0),
                    _ratios(row, "vs_floor_lite"),
                    _ratios(row, "vs_peer"),
                ]
            )
        )
        previous = row["label"]
    return lines


def wait_for(predicate: Any, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
