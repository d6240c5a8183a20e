"""Lock out password (and token) guessing: count failures per username and per client IP.

Counters live in the cache (Redis in production, so every web process shares them).
After ``ANNOTATE_LOGIN_FAILURE_LIMIT`` failures for one username, or
``ANNOTATE_LOGIN_IP_FAILURE_LIMIT`` failures from one address, within
``ANNOTATE_LOGIN_WINDOW_SECONDS``, further attempts are refused for that many seconds,
whether or not the password is right. Unknown usernames count like known ones, so a
lockout reveals nothing about which accounts exist.

The authentication backend below applies the lock to every ``authenticate()`` call
(the sign-in form, the admin's sign-in); the form adds a clear message on top.
"""

import hashlib
import math
import time

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from rest_framework.throttling import BaseThrottle

KEY_PREFIX = "annotate:login"


def client_ip(request) -> str:
    """The client's address, honouring REST_FRAMEWORK["NUM_PROXIES"] like DRF's throttles."""
    if request is None:
        return "unknown"
    # DRF's BaseThrottle.get_ident only reads request.META, so it serves Django requests too.
    return BaseThrottle().get_ident(request) or "unknown"


def _window() -> int:
    return settings.ANNOTATE_LOGIN_WINDOW_SECONDS


def _subjects(username: str | None, ip: str | None) -> list[tuple[str, int]]:
    """The (cache key, failure limit) pairs an attempt counts against."""
    subjects = []
    if username:
        digest = hashlib.sha256(username.strip().lower().encode("utf-8")).hexdigest()[:32]
        subjects.append((f"{KEY_PREFIX}:user:{digest}", settings.ANNOTATE_LOGIN_FAILURE_LIMIT))
    if ip:
        subjects.append((f"{KEY_PREFIX}:ip:{ip}", settings.ANNOTATE_LOGIN_IP_FAILURE_LIMIT))
    return subjects


def lockout_seconds(username: str | None = None, ip: str | None = None) -> int:
    """Seconds until attempts for this username or from this address are allowed again
    (0: not locked)."""
    keys = [f"{key}:locked-until" for key, _limit in _subjects(username, ip)]
    until = max(cache.get_many(keys).values(), default=0)
    return max(0, math.ceil(until - time.time()))


def record_failure(username: str | None = None, ip: str | None = None) -> None:
    """Count one failed attempt; lock the username or address once it reaches its limit."""
    window = _window()
    for key, limit in _subjects(username, ip):
        cache.add(key, 0, timeout=window)
        try:
            failures = cache.incr(key)
        except ValueError:
            # The counter expired between add and incr: this failure starts a new window.
            cache.set(key, 1, timeout=window)
            failures = 1
        if failures >= limit:
            cache.set(f"{key}:locked-until", time.time() + window, timeout=window)


def record_success(username: str) -> None:
    """Forget the username's failures after a good sign-in. The address counter stays,
    so one valid account cannot be used to reset guessing against others."""
    for key, _limit in _subjects(username, None):
        cache.delete(key)


def lock_message(seconds: int) -> str:
    """What a locked-out person is told."""
    minutes = max(1, math.ceil(seconds / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return (
        "Too many failed sign-in attempts. Sign-in is locked for this account or "
        f"address; try again in {minutes} {unit}."
    )


class ThrottledModelBackend(ModelBackend):
    """Django's username/password backend, refusing attempts while locked out."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        """Authenticate as ModelBackend does, counting failures and honouring locks."""
        if username is None:
            username = kwargs.get("username")
        if username is None or password is None:
            return None
        ip = client_ip(request)
        if lockout_seconds(username, ip):
            # PermissionDenied stops authenticate() from trying any other backend.
            raise PermissionDenied(lock_message(lockout_seconds(username, ip)))
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            record_failure(username, ip)
        else:
            record_success(username)
        return user
