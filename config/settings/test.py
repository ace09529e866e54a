"""Test settings: fast and self-contained."""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
os.environ.setdefault("DEBUG", "false")

from .base import *  # noqa: E402, F403
from .base import DATABASES  # noqa: E402

# With these settings, tests run faster.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SECURE_SSL_REDIRECT = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "config.sqlite_backend":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

# Per-process memory is fine for tests (one process); production uses Redis or the database.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Reports are made inside the request, so a test sees the finished report at once; the tests of
# the queue itself (tests/reports/test_report_tasks.py) switch to the database backend.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
