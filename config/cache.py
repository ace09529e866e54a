"""The shared cache's database backend (used without REDIS_URL): Django's, made fit for the
rate-limit counters of assessment/ratelimit.py.

Django's database cache, measured against what a counter needs:

- **It evicts live entries.** Once its table holds more than MAX_ENTRIES rows it deletes the
  expired ones and then, if still too many, a third of the live ones, in key order: failed
  sign-ins from a few hundred addresses (an IPv6 network has billions) would reset the lockout of
  the account they attack. Here a cull deletes expired entries only; the table then holds at most
  the counters of the current windows (an hour at most), a few dozen bytes each.
- **Its incr is a get and a set.** Concurrent increments read the same value and count once (four
  threads hitting one counter 200 times counted 111), and the set gives the entry the default
  timeout, five minutes, instead of its own: a limit of 20 an hour let 20 more through five
  minutes after the last. Here an increment locks the entry for its transaction (SQLite: the
  IMMEDIATE transaction holds the write lock; PostgreSQL: SELECT … FOR UPDATE) and keeps its
  expiry. Redis's INCR is atomic and keeps the expiry on its own.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, models, router, transaction
from django.utils import timezone


class DatabaseCache(DjangoDatabaseCache):
    @property
    def table_name(self) -> str:
        return self._table  # type: ignore[attr-defined]  # set by Django's __init__, untyped

    def _cull(self, db: str, cursor: Any, now: Any, num: int) -> None:
        connection = connections[db]
        table = connection.ops.quote_name(self.table_name)
        expires = connection.ops.quote_name("expires")
        # Both names are quoted identifiers from the settings; the time is a parameter.
        delete_expired = f"DELETE FROM {table} WHERE {expires} < %s"  # nosec
        cursor.execute(delete_expired, [connection.ops.adapt_datetimefield_value(now)])

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        db = router.db_for_write(self.cache_model_class)
        with transaction.atomic(using=db):
            expires = self._locked_expiry(db, self.make_and_validate_key(key, version=version))
            value = self.get(key, self._missing_key, version=version)
            remaining = (expires - timezone.now()).total_seconds() if expires else 0
            if value is self._missing_key or remaining <= 0:
                raise ValueError(f"Key '{key}' not found")
            counted = value + delta
            # Whole seconds up: the table keeps no fractions, and the entry must not end early.
            self.set(key, counted, timeout=math.ceil(remaining), version=version)
            return counted

    def _locked_expiry(self, db: str, key: str) -> datetime | None:
        """The entry's expiry, its row locked until the transaction ends; None without one."""
        connection = connections[db]
        table, expires, cache_key = map(
            connection.ops.quote_name, (self.table_name, "expires", "cache_key")
        )
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        # Quoted identifiers from the settings; the key is a parameter.
        select = f"SELECT {expires} FROM {table} WHERE {cache_key} = %s{lock}"  # nosec
        with connection.cursor() as cursor:
            cursor.execute(select, [key])
            row = cursor.fetchone()
        if row is None:
            return None
        expression = models.Expression(output_field=models.DateTimeField())
        value = row[0]
        converters = connection.ops.get_db_converters(expression)
        for converter in converters + expression.get_db_converters(connection):
            value = converter(value, expression, connection)
        return value
