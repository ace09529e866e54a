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
"""

from __future__ import annotations

import errno
import selectors
import socket
import time
from functools import partial

from gunicorn.workers.gthread import TConn, ThreadWorker


class PollingThreadWorker(ThreadWorker):
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
        conn.timeout = time.monotonic() + self.cfg.keepalive
        self.pending_conns.append(conn)
        self.poller.register(
            conn.sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn)
        )
