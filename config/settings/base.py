"""Settings read from the environment.

`make run` sets DEBUG=true; production sets SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set SECRET_KEY in the environment (or DEBUG=true for development)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "pillars",
    "assessment",
    # Before django_tasks_db: its `db_worker` command warms up the report renderers first.
    "reports",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside LocaleMiddleware and CommonMiddleware, so that their redirects are covered too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Inside LocaleMiddleware: it sees the language the response was rendered in.
    "assessment.spelling.SwissSpellingMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "assessment.ratelimit.RateLimitMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "assessment.context_processors.operator",
            ],
        },
    },
]

# SQLite is the zero-setup default; DATABASE_URL=postgres://… switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A runaway statement is cancelled well before gunicorn's 60 s worker timeout.
    statement_timeout_ms = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "30000"))
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={statement_timeout_ms}"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "config.sqlite_backend"
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while a participant saves; IMMEDIATE transactions plus a busy
        # timeout make concurrent writers wait instead of failing with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# The shared cache: rate-limit counters (and later sessions and live workshop state) must be the
# same for every worker and machine, so never per-process memory. Redis when REDIS_URL is set,
# else a table in the database (created by migrate).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            # Django's, except that it never evicts a live entry (a rate-limit counter).
            "BACKEND": "config.cache.DatabaseCache",
            "LOCATION": "kundenkompass_cache",
            # Past this many rows, each write first deletes the expired ones.
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    )
}
# Abandoned self-assessments: untouched this many days, they are purged (purge_assessments).
ASSESSMENT_RETENTION_DAYS = int(os.environ.get("ASSESSMENT_RETENTION_DAYS", "180"))

# Who runs this installation: the imprint and the privacy page name them (one line each).
OPERATOR_NAME = os.environ.get("OPERATOR_NAME", "")
OPERATOR_ADDRESS = os.environ.get("OPERATOR_ADDRESS", "")
OPERATOR_CONTACT = os.environ.get("OPERATOR_CONTACT", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Consultants sign in with their email address; SME owners never need an account.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "clients:list"
LOGOUT_REDIRECT_URL = "assessment:home"
# Invitations to a workspace and password-reset links stop working after this many days.
INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "7"))
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day, in seconds

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English")), ("da", _("Danish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Zurich"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "var" / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Scripts run only with the per-request nonce. plotly.js sets inline styles on the chart, which
# is the one reason for 'unsafe-inline' in style-src.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# No script reads the language either; the scanner flags any cookie that scripts could read.
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    # Both reach beyond this app: includeSubDomains forces HTTPS on every subdomain, and preload
    # lets browsers hard-code it, which takes months to undo. Only the domain's owner can decide.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
    # check --deploy warns when they are off; off is the operator's choice here, not an oversight.
    SILENCED_SYSTEM_CHECKS = [
        *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
        *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    ]

# X-Forwarded-Proto says "this came over HTTPS" only when a proxy we run sets it; without one,
# any client could send it and get a plain-HTTP request treated as secure.
BEHIND_PROXY = env_bool("BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Reports (PDF, DOCX) are made by django.tasks outside the web workers: the queue is a table in
# the database (django-tasks-db), worked off by `manage.py db_worker`, one per machine, which
# holds the machine's one chart browser. TASKS_BACKEND names another backend class (for example
# RQ on Redis, after adding its package), "immediate" renders inside the request (no worker; one
# Chromium per web worker again).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "") or "django_tasks_db.DatabaseBackend"
if TASKS_BACKEND == "immediate":
    TASKS_BACKEND = "django.tasks.backends.immediate.ImmediateBackend"
TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": ["default"]}}
# A report whose task has not finished after this many seconds counts as failed (its worker died
# or none runs), so the waiting page offers to try again.
REPORT_TASK_TIMEOUT = int(os.environ.get("REPORT_TASK_TIMEOUT", "300"))

# The browser that draws the report's chart (empty: BROWSER_PATH, else /usr/bin/chromium).
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "")
# Seconds that browser may take to start before reports say the chart is unavailable.
CHART_STARTUP_TIMEOUT = float(os.environ.get("CHART_STARTUP_TIMEOUT", "20"))

# The sender of invitations and password-reset emails.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kundenkompass <noreply@localhost>")
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    }
}

# Every handler masks private-link tokens (config/logging.py); django.server (runserver's
# request log) gets the same handler instead of Django's own.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_tokens": {"()": "config.logging.MaskTokensFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_tokens"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "reports.staticfinders.PlotlyJsFinder",
]
