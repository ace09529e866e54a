"""Static images of the plotly radar for the PDF (SVG) and the DOCX (PNG), drawn by kaleido.

Kaleido 1.x drives a headless Chromium. Starting it costs about two seconds, so the first chart
starts kaleido's sync server (one browser kept open for the life of the process) and later charts
take a fraction of that. When the server cannot start, each chart falls back to
``fig.to_image()``, which starts a browser for that one chart.

We use Debian's ``chromium`` and never let kaleido download one: the path comes from the
``CHROMIUM_PATH`` setting, else the ``BROWSER_PATH`` environment variable (which kaleido itself
honours), else ``/usr/bin/chromium``.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from django.conf import settings

if TYPE_CHECKING:
    import plotly.graph_objects as go

logger = logging.getLogger(__name__)

DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_PACKAGE = "chromium"

# The first chart of a cold server waits for Chromium to start; a stuck browser must not hang
# a request forever.
STARTUP_TIMEOUT = 60.0
RENDER_TIMEOUT = 30.0
CACHE_SIZE = 32

ImageFormat = Literal["svg", "png"]


class ChartUnavailable(Exception):
    """The chart cannot be drawn, usually because Chromium is missing or does not start."""


def chromium_path() -> str:
    configured = getattr(settings, "CHROMIUM_PATH", "") or os.environ.get("BROWSER_PATH", "")
    return configured or DEFAULT_CHROMIUM_PATH


def chromium_available() -> bool:
    path = Path(chromium_path())
    return path.is_file() and os.access(path, os.X_OK)


class _Renderer:
    """Kaleido's sync server, started once per process on first use, plus a small image cache.

    kaleido's server hands results back through one shared queue, so concurrent callers could
    receive each other's images; the lock makes one chart at a time go through it. The cache
    means a report downloaded twice (or as PDF and DOCX) draws its chart once per format.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: Literal["new", "running", "failed"] = "new"
        self._cache: OrderedDict[str, bytes] = OrderedDict()

    def image(
        self, figure: go.Figure, fmt: ImageFormat, width: int, height: int, scale: float
    ) -> bytes:
        if not chromium_available():
            raise ChartUnavailable(f"Chromium not found at {chromium_path()}")
        spec = figure.to_json()
        key = hashlib.sha256(f"{fmt}|{width}|{height}|{scale}|{spec}".encode()).hexdigest()
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
            data = self._render(figure, opts)
            self._cache[key] = data
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
            return data

    def _render(self, figure: go.Figure, opts: dict) -> bytes:
        if self._state == "new":
            self._start()
        if self._state == "running":
            try:
                return self._call_server(figure, opts, RENDER_TIMEOUT)
            except Exception:
                logger.exception("The kaleido server failed; drawing charts one by one from now.")
                self._give_up_server()
        return self._render_once(figure, opts)

    def _start(self) -> None:
        import kaleido

        # kaleido and choreographer log every tab and temporary directory at INFO; keep them
        # quiet unless the settings configure them.
        for name in ("kaleido", "choreographer"):
            chatty = logging.getLogger(name)
            if chatty.level == logging.NOTSET:
                chatty.setLevel(logging.WARNING)
        try:
            # mathjax=False: the radar has no formulas, and the default loads MathJax from a CDN.
            kaleido.start_sync_server(path=chromium_path(), mathjax=False, silence_warnings=True)
            # kaleido starts the browser in a thread of its own and reports nothing if that
            # fails, so a tiny chart proves it works.
            self._call_server({"data": [], "layout": {}}, {"format": "svg"}, STARTUP_TIMEOUT)
        except Exception:
            logger.exception("Could not start the kaleido server; drawing charts one by one.")
            self._give_up_server()
        else:
            self._state = "running"
            # Registered after the browser's temporary directories exist, so it runs before
            # Python's own clean-up of them at exit (atexit is last in, first out), which would
            # otherwise race the still-running browser for its files.
            atexit.register(_stop_server)

    def _call_server(self, figure: go.Figure | dict, opts: dict, timeout: float) -> bytes:
        """kaleido.calc_fig_sync on the warm server, without hanging when its browser died."""
        import kaleido

        server_thread: threading.Thread | None = getattr(kaleido._global_server, "_thread", None)
        outcome: dict[str, object] = {}

        def call() -> None:
            try:
                outcome["data"] = kaleido.calc_fig_sync(figure, opts=opts)
            except BaseException as error:  # noqa: BLE001 - handed to the caller below
                outcome["error"] = error

        worker = threading.Thread(target=call, name="kaleido-call", daemon=True)
        worker.start()
        deadline = time.monotonic() + timeout
        while worker.is_alive() and time.monotonic() < deadline:
            worker.join(0.05)
            if server_thread is not None and not server_thread.is_alive():
                raise ChartUnavailable("the kaleido server stopped")
        if worker.is_alive():
            raise ChartUnavailable(f"no chart from kaleido after {timeout:.0f} s")
        if "error" in outcome:
            raise ChartUnavailable(str(outcome["error"])) from outcome["error"]  # type: ignore[misc]
        return outcome["data"]  # type: ignore[return-value]

    def _give_up_server(self) -> None:
        import kaleido

        self._state = "failed"
        server_thread = getattr(kaleido._global_server, "_thread", None)
        # Only a server whose thread has ended can be closed without waiting forever; closing it
        # makes fig.to_image() start its own browser instead of queueing on the dead server.
        if kaleido._global_server.is_running() and (
            server_thread is None or not server_thread.is_alive()
        ):
            kaleido.stop_sync_server(silence_warnings=True)

    def _render_once(self, figure: go.Figure, opts: dict) -> bytes:
        import kaleido

        if kaleido._global_server.is_running():
            # A server that is still "running" but stuck would take this chart too and never
            # answer (see _give_up_server).
            raise ChartUnavailable("the kaleido server is stuck")
        # fig.to_image() cannot be given a browser path; kaleido reads BROWSER_PATH instead.
        os.environ.setdefault("BROWSER_PATH", chromium_path())
        try:
            return figure.to_image(
                format=opts["format"],
                width=opts["width"],
                height=opts["height"],
                scale=opts["scale"],
            )
        except Exception as error:
            raise ChartUnavailable(str(error)) from error

    def reset(self) -> None:
        """Forget the cache and a failed start (for tests)."""
        with self._lock:
            self._cache.clear()
            if self._state == "failed":
                self._state = "new"


_renderer = _Renderer()


def _stop_server() -> None:
    """Close kaleido's browser at exit, giving up after a few seconds if it is stuck."""
    import kaleido

    if kaleido._global_server.is_running():
        stopper = threading.Thread(
            target=kaleido.stop_sync_server, kwargs={"silence_warnings": True}, daemon=True
        )
        stopper.start()
        stopper.join(5)


def chart_svg(figure: go.Figure, *, width: int = 640, height: int = 520) -> str:
    """The figure as an SVG document (text), for inlining into the report's HTML."""
    return _renderer.image(figure, "svg", width, height, 1).decode("utf-8")


def chart_png(figure: go.Figure, *, width: int = 640, height: int = 520, scale: float = 2) -> bytes:
    """The figure as a PNG, ``scale`` times the layout size (2 gives sharp print at 15 cm)."""
    return _renderer.image(figure, "png", width, height, scale)


def reset_chart_renderer() -> None:
    _renderer.reset()
