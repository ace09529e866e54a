"""Static images of the plotly radar for the PDF (SVG) and the DOCX (PNG), drawn by kaleido.

Kaleido 1.x drives a headless Chromium. Starting it costs about two seconds, so the renderer
keeps one warm: a child process of its own (reports/chart_renderer.py)
runs kaleido's sync server and answers chart requests over a pipe. The parent supervises it:

- every wait has a time limit: start-up (20 s), one chart (10 s), the queue for the renderer
  (15 s) -- all below gunicorn's 60 s worker timeout;
- a child that hangs, crashes or cannot start is killed with its whole browser tree, and the
  next chart starts a fresh one; after repeated failures the restarts back off (1, 2, 4 … 30 s)
  instead of hammering a broken browser;
- only failures of the renderer become ChartUnavailable; a bug in our own code propagates.

Only kaleido's public API is used (start_sync_server, calc_fig_sync). We use Debian's
``chromium`` and never let kaleido download one: the path comes from the ``CHROMIUM_PATH``
setting, else the ``BROWSER_PATH`` environment variable, else ``/usr/bin/chromium``.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import hashlib
import json
import logging
import os
import queue
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from django.conf import settings

from .chart_renderer import kill_tree

if TYPE_CHECKING:
    import plotly.graph_objects as go

logger = logging.getLogger(__name__)

DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_PACKAGE = "chromium"

# How long the chart browser may take to start, unless settings.CHART_STARTUP_TIMEOUT says.
DEFAULT_STARTUP_TIMEOUT = 20.0
RENDER_TIMEOUT = 10.0
LOCK_TIMEOUT = 15.0
BACKOFF_MAX = 30.0
CACHE_SIZE = 32

ImageFormat = Literal["svg", "png"]


class ChartUnavailable(Exception):
    """The chart cannot be drawn: Chromium is missing, does not start, hangs or crashed."""


def chromium_path() -> str:
    configured = getattr(settings, "CHROMIUM_PATH", "") or os.environ.get("BROWSER_PATH", "")
    return configured or DEFAULT_CHROMIUM_PATH


def startup_timeout() -> float:
    """Seconds the chart browser may take to start before the chart counts as unavailable."""
    return float(getattr(settings, "CHART_STARTUP_TIMEOUT", DEFAULT_STARTUP_TIMEOUT))


def chromium_available() -> bool:
    path = Path(chromium_path())
    return path.is_file() and os.access(path, os.X_OK)


_launcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart-renderer-launcher")


def renderer_command(browser_path: str) -> list[str]:
    return [sys.executable, "-m", "reports.chart_renderer", browser_path]


class _ChartProcess:
    """One renderer process (reports/chart_renderer.py), killed with its process group."""

    def __init__(self, command: list[str]) -> None:
        # Started from one long-lived thread: the renderer follows its parent *thread* into
        # death (PR_SET_PDEATHSIG), and a request thread may end while the renderer is in use.
        self.process = _launcher.submit(self._popen, command).result()
        # A reader thread turns the answers into a queue, so that every wait has a time limit.
        self._answers: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, name="chart-renderer-reader", daemon=True).start()

    @staticmethod
    def _popen(command: list[str]) -> subprocess.Popen[str]:
        return subprocess.Popen(
            command,
            cwd=Path(__file__).resolve().parent.parent,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._answers.put(line)
        self._answers.put(None)  # the process ended

    def receive(self, timeout: float) -> dict[str, Any]:
        try:
            line = self._answers.get(timeout=timeout)
        except queue.Empty:
            raise ChartUnavailable(
                f"no answer from the chart browser after {timeout:.0f} s"
            ) from None
        if line is None:
            raise ChartUnavailable("the chart browser stopped")
        answer = json.loads(line)
        if "error" in answer:
            raise ChartUnavailable(answer["error"])
        return answer

    def render(self, figure: str, opts: dict, timeout: float) -> bytes:
        request = '{"figure": ' + figure + ', "opts": ' + json.dumps(opts) + "}\n"
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(request)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise ChartUnavailable("the chart browser stopped") from error
        return base64.b64decode(self.receive(timeout)["ok"])

    def kill(self) -> None:
        kill_tree(self.process.pid)  # the renderer and every browser process below it
        self.process.wait(5)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


class ChartRenderer:
    """A supervised chart process plus a small image cache, one chart at a time.

    The cache means a report downloaded twice (or as PDF and DOCX) draws its chart once per
    format.
    """

    def __init__(self, command: Callable[[str], list[str]] = renderer_command) -> None:
        self._command = command
        self._lock = threading.Lock()
        self._process: _ChartProcess | None = None
        self._failures = 0
        self._retry_at = 0.0
        self._cache: OrderedDict[str, bytes] = OrderedDict()

    def image(
        self, figure: go.Figure, fmt: ImageFormat, width: int, height: int, scale: float
    ) -> bytes:
        if not chromium_available():
            raise ChartUnavailable(f"Chromium not found at {chromium_path()}")
        spec = figure.to_json()
        key = hashlib.sha256(f"{fmt}|{width}|{height}|{scale}|{spec}".encode()).hexdigest()
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        if not self._lock.acquire(timeout=LOCK_TIMEOUT):
            raise ChartUnavailable(f"the chart renderer was busy for {LOCK_TIMEOUT:.0f} s")
        try:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
            data = self._render(spec, opts)
            self._cache[key] = data
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
            return data
        finally:
            self._lock.release()

    def _render(self, figure: str, opts: dict) -> bytes:
        now = time.monotonic()
        if self._process is None and now < self._retry_at:
            raise ChartUnavailable(
                f"the chart browser failed {self._failures} times; next try in "
                f"{self._retry_at - now:.0f} s"
            )
        if self._process is not None and self._process.process.poll() is not None:
            # It died between two charts (a crash, a kill): start a new one for this chart.
            self._discard()
        try:
            if self._process is None:
                self._process = _ChartProcess(self._command(chromium_path()))
                _processes.add(self._process)
                self._process.receive(startup_timeout())
            data = self._process.render(figure, opts, RENDER_TIMEOUT)
        except ChartUnavailable:
            self._failed()
            raise
        self._failures = 0
        return data

    def _failed(self) -> None:
        """Tear the child down; the next chart starts a new one, later after repeated failures."""
        logger.warning("The chart browser failed; it is restarted for the next chart.")
        self._discard()
        self._failures += 1
        delay = 0.0 if self._failures < 2 else min(BACKOFF_MAX, 2.0 ** (self._failures - 2))
        self._retry_at = time.monotonic() + delay

    def _discard(self) -> None:
        if self._process is not None:
            self._process.kill()
            _processes.discard(self._process)
            self._process = None

    @property
    def pid(self) -> int | None:
        """The renderer process's id while one runs (for tests and diagnostics)."""
        return self._process.process.pid if self._process is not None else None

    def stop(self) -> None:
        with self._lock:
            self._discard()

    def reset(self) -> None:
        """Forget the cache and any back-off (for tests and benchmarks)."""
        with self._lock:
            self._cache.clear()
            self._failures = 0
            self._retry_at = 0.0


_processes: set[_ChartProcess] = set()


@atexit.register
def _kill_chart_processes() -> None:
    for process in list(_processes):
        process.kill()


_renderer = ChartRenderer()


def chart_svg(figure: go.Figure, *, width: int = 640, height: int = 520) -> str:
    """The figure as an SVG document (text), for inlining into the report's HTML."""
    return _renderer.image(figure, "svg", width, height, 1).decode("utf-8")


def chart_png(figure: go.Figure, *, width: int = 640, height: int = 520, scale: float = 2) -> bytes:
    """The figure as a PNG, ``scale`` times the layout size (2 gives sharp print at 15 cm)."""
    return _renderer.image(figure, "png", width, height, scale)


def reset_chart_renderer() -> None:
    _renderer.reset()
