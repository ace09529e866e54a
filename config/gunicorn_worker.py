"""gunicorn's threaded worker, except that a new connection waits on the poller, not in a thread.

gunicorn's `gthread` worker hands every accepted connection to a thread at once, and that thread
waits up to 5 s for the first request (`DEFAULT_WORKER_DATA_TIMEOUT`). A connection that opens
and then says nothing for a while (a phone's browser preconnecting, a participant's think time
before the first answer, or someone opening idle connections on purpose) holds one of the four
threads meanwhile: with eight such connections both workers serve nobody for up to 5 s.
`make bench` saw it as a workshop p95 of 0.4–1.8 s while the workers' own p95 was 12 ms.

Here a new connection goes on the poller first, as gunicorn does with connections that were
already deferred once (`pending_conns`, closed after `keepalive` seconds of silence), and a
thread takes it when its first bytes arrive. tests/production/test_idle_connections.py pins it.

And a worker accepts only while one of its threads is free. gunicorn accepts whatever arrives, and
a kept-alive connection stays with the worker that accepted it: a burst of new connections (a
proxy's pool, a load test, participants joining at once) often landed on one worker, which then
served all of it with its two threads while the other worker idled (`make bench`: a whole scenario
at half the throughput on one run and not on the next). Now a busy worker leaves a new connection
to an idle sibling for a few milliseconds, and takes it itself when one of its threads is free or
that time is up, so that nobody waits behind a worker's own kept-alive connections. A kept-alive
connection is closed after KEEPALIVE_REQUESTS requests, so that connections are placed anew now
and then (after a worker is replaced, its clients' connections had all gone to its sibling).
tests/production/test_worker_balance.py pins all three.
"""

from __future__ import annotations

import errno
import selectors
import socket
import time
from functools import partial

from gunicorn.http.message import Request
from gunicorn.workers.gthread import TConn, ThreadWorker

# A connection accepted this recently counts as busy until its first request arrives: a client
# sends it right after connecting, and counting only requests in flight would let one worker
# take a whole burst of new connections before the first of them is readable.
FRESH_SECONDS = 0.05
# How long a busy worker leaves a waiting connection to its siblings before it takes it itself:
# an idle sibling accepts at once, and when every worker is busy nobody waits longer than this.
BUSY_ACCEPT_DELAY_SECONDS = 0.005
# A kept-alive connection is closed after this many requests, and its client's next connection
# is placed anew. Otherwise the connections of a worker replaced after max_requests all go to
# its sibling while the replacement starts, and stay there: half the throughput from then on.
KEEPALIVE_REQUESTS = 50


class PollingThreadWorker(ThreadWorker):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.in_flight = 0  # requests handed to the threads and not finished yet
        self._busy_since: float | None = None  # when accepting was last paused for being busy

    def busy(self) -> int:
        """Requests in flight, plus connections accepted in the last FRESH_SECONDS that have sent
        nothing yet."""
        fresh_since = time.monotonic() - FRESH_SECONDS
        fresh = 0
        for conn in reversed(self.pending_conns):  # newest last
            if getattr(conn, "accepted_at", 0.0) < fresh_since:
                break
            fresh += 1
        return self.in_flight + fresh

    def set_accept_enabled(self, enabled: bool) -> None:
        # gunicorn's loop asks for accepting on every turn while it is off. A busy worker waits
        # BUSY_ACCEPT_DELAY_SECONDS first, so that an idle sibling takes the connection.
        if enabled and self.busy() >= self.cfg.threads:
            now = time.monotonic()
            if self._busy_since is None:
                self._busy_since = now
            enabled = now - self._busy_since >= BUSY_ACCEPT_DELAY_SECONDS
        elif enabled:
            self._busy_since = None
        super().set_accept_enabled(enabled)

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        # While accepting waits, the loop comes round again soon rather than after gunicorn's
        # one second.
        if self.alive and not self._accepting:
            timeout = min(timeout, BUSY_ACCEPT_DELAY_SECONDS)
        super().wait_for_and_dispatch_events(timeout)

    def _pause_accepting_when_busy(self) -> None:
        if self._accepting and self.busy() >= self.cfg.threads:
            self._busy_since = time.monotonic()
            super().set_accept_enabled(False)

    def enqueue_req(self, conn: TConn) -> None:
        self.in_flight += 1
        super().enqueue_req(conn)
        self._pause_accepting_when_busy()

    def finish_request(self, conn: TConn, fs: object) -> None:
        self.in_flight -= 1
        super().finish_request(conn, fs)

    def handle_request(self, req: Request, conn: TConn) -> bool:
        conn.requests_served = getattr(conn, "requests_served", 0) + 1
        if conn.requests_served >= KEEPALIVE_REQUESTS:
            req.must_close = True  # answered with "Connection: close"
        return super().handle_request(req, conn)

    def accept(self, listener: socket.socket) -> None:
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        # TConn leaves the socket non-blocking; handle() makes it blocking in the thread.
        conn = TConn(self.cfg, client_sock, client_addr, listener.getsockname())
        conn.accepted_at = time.monotonic()
        conn.timeout = conn.accepted_at + self.cfg.keepalive
        self.pending_conns.append(conn)
        self.poller.register(
            conn.sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn)
        )
        self._pause_accepting_when_busy()
