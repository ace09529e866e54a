"""A WSGI app that answers with its worker's process id after a short pause (the pause releases
the GIL, as waiting for the database does): test_worker_balance.py runs it under our gunicorn
configuration."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable

PAUSE_SECONDS = 0.02


def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
    time.sleep(PAUSE_SECONDS)
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
