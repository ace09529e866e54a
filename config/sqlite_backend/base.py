"""SQLite, with writers queueing on a file lock instead of in SQLite's busy handler.

SQLite lets one writer in at a time. Another one waits in SQLite's busy handler, which sleeps
1, 2, 5, 10 … up to 100 ms between tries: under `make bench` (c=10, two cores) autosaves waited
up to 0.2 s for a lock that was free again after a few milliseconds (docs/performance.md).
Here a transaction (Django's `atomic`, which on SQLite begins IMMEDIATE, see the settings) first
takes an exclusive `flock` on a file beside the database and gives it back at COMMIT, ROLLBACK
or close: the kernel wakes the next writer the moment the lock is free. Writes outside a
transaction, and other programs on the file, still meet SQLite's own lock and busy timeout.
tests/test_sqlite_write_lock.py pins it.
"""

from __future__ import annotations

import fcntl
import os

from django.db.backends.sqlite3 import base


class _FileLock:
    """An exclusive flock on one file, through a descriptor of its own (so it also excludes
    other threads of this process)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._descriptor: int | None = None
        self.held = False

    def take(self) -> None:
        if self._descriptor is None:
            self._descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        fcntl.flock(self._descriptor, fcntl.LOCK_EX)
        self.held = True

    def give_back(self) -> None:
        if self.held and self._descriptor is not None:
            self.held = False
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)

    def close(self) -> None:
        self.give_back()
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None


class DatabaseWrapper(base.DatabaseWrapper):
    # The overridden methods are Django's private transaction hooks (absent from its stubs).
    _write_lock: _FileLock | None = None

    def _start_transaction_under_autocommit(self) -> None:
        if self._write_lock is None and not self.is_in_memory_db():
            self._write_lock = _FileLock(f"{self.settings_dict['NAME']}.write-lock")
        if self._write_lock is not None:
            self._write_lock.take()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._give_back_write_lock()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._give_back_write_lock()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._give_back_write_lock()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            if self._write_lock is not None:
                # The next connection decides again (the test runner renames the database).
                self._write_lock.close()
                self._write_lock = None

    def _give_back_write_lock(self) -> None:
        if self._write_lock is not None:
            self._write_lock.give_back()
