"""Published catalogs, loaded once per process.

Every questionnaire page, autosave and results page needs the assessment's catalog: its
pillars, questions and level texts, some 300 objects in four queries, which took about half of
such a request. A published catalog version never changes (the admin edits drafts only, see
pillars/admin.py, and the services never change a published version in place), so each
worker process keeps what it loaded and reads it from memory afterwards.

The story of invalidation:

- The key is the version's pk *and* its created_at and published_at: a version deleted and
  loaded again (or a test database that reuses the pk) never finds the old entry.
- Drafts are never cached: they are being edited.
- Any save or delete of a catalog row in this process (CatalogVersion, Pillar, Question,
  LevelDescriptor, Recommendation, LegalNote) empties the whole cache (signals below). Another
  process that changes a published catalog behind the app's back (a shell, a data migration)
  needs the workers restarted; gunicorn's max_requests replaces them regularly anyway.

The cached objects are shared by every request (and thread) of the process: callers read them
and never change them. A variant that needs different objects (a B2C company's wording) is a
variant of its own in the key, built before it is stored.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from django.db.models.signals import post_delete, post_save

from .models import CatalogVersion, LegalNote, LevelDescriptor, Pillar, Question, Recommendation

_entries: dict[tuple[Any, ...], Any] = {}
_lock = threading.Lock()

CATALOG_MODELS = (CatalogVersion, Pillar, Question, LevelDescriptor, Recommendation, LegalNote)


def catalog_key(catalog: CatalogVersion) -> tuple[Any, ...] | None:
    """What identifies a published version's content; None for a draft (never cached)."""
    if not catalog.published or catalog.pk is None:
        return None
    return (catalog.pk, catalog.created_at, catalog.published_at)


def cached[T](catalog: CatalogVersion, variant: Hashable, build: Callable[[], T]) -> T:
    """`build()`'s result for this catalog and variant, built once per process.

    Two threads that miss at the same time both build; the first stored wins, and both
    results are equal anyway.
    """
    key = catalog_key(catalog)
    if key is None:
        return build()
    full_key = (*key, variant)
    try:
        return _entries[full_key]
    except KeyError:
        pass
    value = build()
    with _lock:
        return _entries.setdefault(full_key, value)


def clear() -> None:
    """Forget every cached catalog (on any change to catalog rows, and between tests)."""
    with _lock:
        _entries.clear()


def _catalog_changed(**_kwargs: Any) -> None:
    clear()


def connect_signals() -> None:
    for model in CATALOG_MODELS:
        post_save.connect(_catalog_changed, sender=model, dispatch_uid=f"catalog-cache-{model}")
        post_delete.connect(_catalog_changed, sender=model, dispatch_uid=f"catalog-cache-d{model}")
