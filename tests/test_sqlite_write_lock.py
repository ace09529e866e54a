"""SQLite writers queue on a file lock (config/sqlite_backend): held for exactly one transaction,
given back however it ends, and a second writer waits for it instead of failing."""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

import pytest
from django.db import transaction
from django.db.utils import ConnectionHandler

pytestmark = pytest.mark.dbless

# Far shorter than the first writer holds the lock: without the file lock, SQLite's busy
# handler gives up and the second writer fails with "database is locked".
BUSY_TIMEOUT_SECONDS = 0.1
FIRST_WRITER_HOLDS_SECONDS = 0.6


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker):
    # These tests open their own SQLite files, never the suite's database.
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def database(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "db.sqlite3"
    connections = ConnectionHandler(
        {
            "default": {
                "ENGINE": "config.sqlite_backend",
                "NAME": str(path),
                "OPTIONS": {
                    "init_command": "PRAGMA journal_mode=WAL;",
                    "transaction_mode": "IMMEDIATE",
                    "timeout": BUSY_TIMEOUT_SECONDS,
                },
            }
        }
    )
    # transaction.atomic() looks its connection up here; each thread gets its own.
    monkeypatch.setattr(transaction, "connections", connections)
    with transaction.atomic():
        connections["default"].cursor().execute("CREATE TABLE answer (level INTEGER)")
    yield path
    connections.close_all()


def _lock_is_free(database: Path) -> bool:
    # A second open file description conflicts with the held flock, even in this process.
    descriptor = os.open(f"{database}.write-lock", os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


def _insert(level: int) -> None:
    transaction.get_connection().cursor().execute("INSERT INTO answer VALUES (%s)", [level])


def test_the_lock_is_held_for_one_transaction(database):
    with transaction.atomic():
        _insert(1)
        assert not _lock_is_free(database)
        with transaction.atomic():  # a savepoint: the lock stays taken, once
            _insert(2)
        assert not _lock_is_free(database)
    assert _lock_is_free(database)
    # A write outside a transaction meets SQLite's own lock only.
    _insert(3)
    assert _lock_is_free(database)


def test_the_lock_is_given_back_on_rollback_and_close(database):
    with pytest.raises(RuntimeError), transaction.atomic():
        _insert(1)
        raise RuntimeError("the view failed")
    assert _lock_is_free(database)

    with transaction.atomic():
        _insert(2)
        transaction.get_connection().close()
        assert _lock_is_free(database)
    connection = transaction.get_connection()
    connection.close()  # the broken transaction's connection, as Django's request end does
    rows = connection.cursor().execute("SELECT level FROM answer").fetchall()
    assert rows == []


def test_a_second_writer_waits_for_the_first_instead_of_failing(database):
    first_holds = threading.Event()
    order: list[str] = []
    errors: list[BaseException] = []

    def first() -> None:
        with transaction.atomic():
            _insert(1)
            first_holds.set()
            threading.Event().wait(FIRST_WRITER_HOLDS_SECONDS)
            order.append("first commits")
        transaction.get_connection().close()

    def second() -> None:
        first_holds.wait()
        try:
            with transaction.atomic():
                order.append("second begins")
                _insert(2)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            transaction.get_connection().close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert errors == []
    assert order == ["first commits", "second begins"]
    levels = transaction.get_connection().cursor().execute("SELECT level FROM answer").fetchall()
    assert sorted(levels) == [(1,), (2,)]


def test_an_in_memory_database_takes_no_lock(tmp_path, monkeypatch):
    connections = ConnectionHandler(
        {"default": {"ENGINE": "config.sqlite_backend", "NAME": ":memory:"}}
    )
    monkeypatch.setattr(transaction, "connections", connections)
    with transaction.atomic():
        connections["default"].cursor().execute("SELECT 1")
    assert not list(tmp_path.iterdir())
    assert not Path(":memory:.write-lock").exists()
    connections.close_all()
