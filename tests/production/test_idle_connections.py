"""Connections that have sent nothing yet hold no thread (config/gunicorn_worker.py).

gunicorn's own gthread worker gives each new connection a thread that waits up to 5 s for the
first request: a handful of idle connections (phones preconnecting, or someone on purpose)
would leave no thread for anyone else.
"""

from __future__ import annotations

import socket

import pytest

from .server import Browser

pytestmark = pytest.mark.dbless

# More than the production config's threads (2 workers × 2).
IDLE_CONNECTIONS = 16
# gunicorn's gthread waits 5 s for an idle connection's first bytes before it frees the thread.
ANSWER_WITHIN_SECONDS = 2.5


def test_idle_connections_leave_threads_for_requests(production_server):
    idle = [
        socket.create_connection(("127.0.0.1", production_server.port))
        for _ in range(IDLE_CONNECTIONS)
    ]
    try:
        for _ in range(3):
            response = Browser(production_server.port).get("/de/", timeout=ANSWER_WITHIN_SECONDS)
            assert response.status == 200
    finally:
        for connection in idle:
            connection.close()
