"""Abuse controls: counters in the shared cache, a 429 page, and a login form that locks out.

The counters live in Django's cache (Redis when REDIS_URL is set, the database otherwise; see
settings), so every worker process and every machine sees the same counts. Each limit is a fixed
window: at most `attempts` hits per subject (an address, an account) in `window` seconds.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

# Replaced in tests to move time forward.
clock: Callable[[], float] = time.time


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int
    window: int  # seconds


def _limit(name: str, attempts: int, window: int) -> Limit:
    """A limit whose numbers the settings may override: RATELIMITS = {"start": (20, 3600)}."""
    attempts, window = getattr(settings, "RATELIMITS", {}).get(name, (attempts, window))
    return Limit(name, attempts, window)


def start_limit() -> Limit:
    return _limit("start", 20, 3600)  # new assessments per address and hour


def token_miss_limit() -> Limit:
    return _limit("token-miss", 30, 600)  # wrong private links per address in 10 minutes


def login_account_limit() -> Limit:
    return _limit("login-account", 5, 900)  # failed sign-ins per account in 15 minutes


def login_address_limit() -> Limit:
    return _limit("login-address", 20, 900)  # failed sign-ins per address in 15 minutes


def join_code_miss_limit() -> Limit:
    # 25^6 codes and a handful open at a time: 20 wrong tries an hour find one in ~10^7 years.
    return _limit("join-code-miss", 20, 3600)  # wrong workshop join codes per address and hour


def password_reset_limit() -> Limit:
    return _limit("password-reset", 5, 3600)  # reset emails asked for per address and hour


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited, retry after {retry_after} s")
        self.retry_after = retry_after


def client_address(request: HttpRequest) -> str:
    """The address the request came from.

    Behind a proxy (BEHIND_PROXY) the proxy appends the client's address to X-Forwarded-For, so
    the rightmost entry is the one a client cannot forge; without one, REMOTE_ADDR.
    """
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if entries:
            return entries[-1][:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def _cache() -> Any:
    return caches[getattr(settings, "RATELIMIT_CACHE", "default")]


def _key(limit: Limit, subject: str, window_index: int) -> str:
    # Hashed: a subject may be a user name of any length or character.
    digest = hashlib.sha256(subject.encode("utf-8", "backslashreplace")).hexdigest()[:32]
    return f"rl:{limit.name}:{window_index}:{digest}"


def _window(limit: Limit) -> tuple[int, int]:
    """The current window's index and the seconds until it ends."""
    now = clock()
    index = int(now // limit.window)
    return index, max(1, math.ceil((index + 1) * limit.window - now))


def _unavailable(limit: Limit) -> int:
    # A cache outage (Redis down) must not turn every page into a 500: the limits open until it
    # is back, and the log says so. The subject is not logged: it is an address or a user name.
    logger.warning("Rate limit %s not counted: cache unavailable.", limit.name, exc_info=True)
    return 0


def count(limit: Limit, subject: str) -> int:
    index, _remaining = _window(limit)
    try:
        return int(_cache().get(_key(limit, subject, index), 0))
    except Exception:
        return _unavailable(limit)


def hit(limit: Limit, subject: str) -> int:
    """Count one attempt; returns the count in this window, this one included.

    add + incr count every attempt, concurrent ones too, and keep the window's expiry: Redis's
    INCR does on its own, the database cache's through config/cache.py (Django's own lost
    concurrent hits and reset the expiry to five minutes).
    """
    index, remaining = _window(limit)
    key = _key(limit, subject, index)
    try:
        cache = _cache()
        cache.add(key, 0, timeout=remaining + 1)
        try:
            return int(cache.incr(key))
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=remaining + 1)
            return 1
    except Exception:
        return _unavailable(limit)


def reset(limit: Limit, subject: str) -> None:
    index, _remaining = _window(limit)
    try:
        _cache().delete(_key(limit, subject, index))
    except Exception:
        _unavailable(limit)


def refuse_if_exhausted(limit: Limit, subject: str) -> None:
    """Raise RateLimited when the subject has used up this window's attempts."""
    if count(limit, subject) >= limit.attempts:
        raise RateLimited(_window(limit)[1])


def hit_or_refuse(limit: Limit, subject: str) -> None:
    """Count this attempt, refusing it when it is one too many."""
    if hit(limit, subject) > limit.attempts:
        raise RateLimited(_window(limit)[1])


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    minutes = max(1, math.ceil(retry_after / 60))
    response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitMiddleware:
    """Turns RateLimited, raised anywhere in a view, into the friendly 429 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception.retry_after)
        return None


class RateLimitedLoginMixin:
    """For every login form: lock out after a few failures per account and per address.

    While locked, the password is not checked at all, so guessing costs us no hashing time.
    A successful sign-in clears the account's count.
    """

    request: HttpRequest | None
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "").strip().lower()
        address = client_address(self.request) if self.request is not None else ""
        checks = [(login_account_limit(), username), (login_address_limit(), address)]
        for limit, subject in checks:
            if subject and count(limit, subject) >= limit.attempts:
                raise self._locked(_window(limit)[1])
        try:
            cleaned = super().clean()  # type: ignore[misc]
        except ValidationError:
            for limit, subject in checks:
                if subject:
                    hit(limit, subject)
            raise
        if username:
            reset(login_account_limit(), username)
        return cleaned

    @staticmethod
    def _locked(retry_after: int) -> ValidationError:
        minutes = max(1, math.ceil(retry_after / 60))
        return ValidationError(
            ngettext(
                "Too many failed sign-ins. Please try again in %(minutes)d minute.",
                "Too many failed sign-ins. Please try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
            code="locked",
        )


class RateLimitedAuthenticationForm(RateLimitedLoginMixin, AuthenticationForm):
    pass


class RateLimitedAdminAuthenticationForm(RateLimitedLoginMixin, AdminAuthenticationForm):
    pass
