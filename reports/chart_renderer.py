"""The chart renderer process: `python -m reports.chart_renderer BROWSER_PATH`.

Runs kaleido's warm sync server and answers one chart per line on stdin: a JSON object
{"figure": …, "opts": …}. Each answer is one JSON line on stdout: {"ok": "<base64 image>"} or
{"error": "…"}; the first line says {"ready": true} once the browser works. No Django here:
chart_images.py starts and supervises this process.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import json
import logging
import os
import signal
import sys
from pathlib import Path
from typing import IO, Any

PR_SET_PDEATHSIG = 1


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, found through /proc (Chromium starts its own sessions, so
    a process group does not hold them)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: list[int] = []
    todo = list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found.append(child)
        todo.extend(children.get(child, []))
    return found


def kill_tree(pid: int, *, include_root: bool = True) -> None:
    """SIGKILL `pid` and everything below it, children first found, then the root."""
    for child in descendants(pid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(child, signal.SIGKILL)
    if include_root:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def _answer(stream: IO[str], message: dict[str, Any]) -> None:
    stream.write(json.dumps(message) + "\n")
    stream.flush()


def serve(browser_path: str, requests: IO[str], answers: IO[str]) -> None:
    for name in ("kaleido", "choreographer"):
        logging.getLogger(name).setLevel(logging.WARNING)
    import kaleido

    try:
        # mathjax=False: the radar has no formulas, and the default loads MathJax from a CDN.
        kaleido.start_sync_server(path=browser_path, mathjax=False, silence_warnings=True)
        # kaleido starts the browser in a thread of its own; a tiny chart proves it works.
        kaleido.calc_fig_sync({"data": [], "layout": {}}, opts={"format": "svg"})
    except Exception as error:  # noqa: BLE001 - reported to the supervisor, which decides
        _answer(answers, {"error": f"the chart browser did not start: {error}"})
        return
    _answer(answers, {"ready": True})
    for line in requests:
        request = json.loads(line)
        try:
            image = kaleido.calc_fig_sync(request["figure"], opts=request["opts"])
        except Exception as error:  # noqa: BLE001
            _answer(answers, {"error": str(error)})
        else:
            _answer(answers, {"ok": base64.b64encode(image).decode("ascii")})


def _exit_with_browser(*_args: object) -> None:
    kill_tree(os.getpid(), include_root=False)
    os._exit(0)


def main() -> None:
    # When the web worker that started us dies (even by SIGKILL), the kernel sends SIGTERM, and
    # we take the browser with us: no orphaned Chromium.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    signal.signal(signal.SIGTERM, _exit_with_browser)
    try:
        serve(sys.argv[1], sys.stdin, sys.stdout)
    finally:
        # stdin closed: the supervisor is done with us.
        _exit_with_browser()


if __name__ == "__main__":
    main()
