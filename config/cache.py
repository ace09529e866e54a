"""The shared cache's database backend (used without REDIS_URL): it never evicts a live entry.

Django's database cache culls once its table holds more than MAX_ENTRIES rows: it deletes the
expired ones and then, if still too many, a third of the live ones, in key order. The cache holds
the rate-limit counters (assessment/ratelimit.py), so a cull would forget them: failed sign-ins
from a few hundred addresses (an IPv6 network has billions) would reset the lockout of the account
they attack. Here a cull deletes expired entries only. The table then holds at most the counters
of the current windows (an hour at most), a few dozen bytes each.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections


class DatabaseCache(DjangoDatabaseCache):
    def __init__(self, table: str, params: dict[str, Any]) -> None:
        super().__init__(table, params)
        self.table_name = table

    def _cull(self, db: str, cursor: Any, now: Any, num: int) -> None:
        connection = connections[db]
        table = connection.ops.quote_name(self.table_name)
        expires = connection.ops.quote_name("expires")
        # Both names are quoted identifiers from the settings; the time is a parameter.
        delete_expired = f"DELETE FROM {table} WHERE {expires} < %s"  # nosec
        cursor.execute(delete_expired, [connection.ops.adapt_datetimefield_value(now)])
