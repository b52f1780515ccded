"""Flood limits for posting: per client IP and per e-mail address, kept in Django's cache.

Two limits apply to each key: no second comment within ``interval`` seconds,
and no more than ``per_minute`` comments in a minute (``HELIX_COMMENT_FLOOD``).
A small counter on the cache suffices here (django-ratelimit would need a
shared cache even in tests). The cache must be shared between processes in
production (Redis): with a per-process cache each worker counts on its own.

The client IP comes from ``REMOTE_ADDR``, or from the one request header named
by ``HELIX_CLIENT_IP_HEADER`` when a proxy we run sets it; ``X-Forwarded-For``
sent by a client is otherwise ignored, so it cannot be used to dodge a limit.
"""

import hashlib
import ipaddress
import logging
from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)

DEFAULT_LIMITS = {"interval": 15, "per_minute": 5}


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address, trusting only the configured proxy header.

    A proxy appends the address it saw to ``X-Forwarded-For``, so with that
    header configured the last entry is the one our proxy vouches for.
    """
    header = getattr(settings, "HELIX_CLIENT_IP_HEADER", None)
    candidates = []
    if header:
        value = request.META.get(header, "")
        entries = [entry.strip() for entry in value.split(",") if entry.strip()]
        if entries:
            candidates.append(entries[-1])
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


class Verdict(Enum):
    ALLOWED = "allowed"
    TOO_SOON = "too-soon"
    TOO_MANY = "too-many"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class FloodCheck:
    verdict: Verdict
    retry_after: int = 0

    @property
    def limited(self) -> bool:
        return self.verdict in {Verdict.TOO_SOON, Verdict.TOO_MANY}


def _key(kind: str, value: str) -> str:
    # Hashed: the cache should not hold addresses in the clear.
    digest = hashlib.sha256(f"{kind}:{value.strip().lower()}".encode()).hexdigest()[:32]
    return f"reader_comments:flood:{digest}"


def _check_key(key: str, interval: int, per_minute: int) -> FloodCheck:
    if interval:
        added = cache.add(f"{key}:last", 1, interval)
        if added is None:  # django-redis with IGNORE_EXCEPTIONS answers None on an outage
            return FloodCheck(Verdict.UNAVAILABLE)
        if not added:
            return FloodCheck(Verdict.TOO_SOON, interval)
    minute_key = f"{key}:minute"
    if cache.add(minute_key, 0, 60) is None:
        return FloodCheck(Verdict.UNAVAILABLE)
    count = cache.incr(minute_key)
    if count is None:
        return FloodCheck(Verdict.UNAVAILABLE)
    if count > per_minute:
        return FloodCheck(Verdict.TOO_MANY, 60)
    return FloodCheck(Verdict.ALLOWED)


def check_flood(ip: str | None, email: str) -> FloodCheck:
    """Count one posting attempt from ``ip`` and ``email`` and say whether it may go on.

    A cache outage never turns into an error page: the verdict is UNAVAILABLE,
    logged, and the caller holds the comment for a moderator.
    """
    limits = {**DEFAULT_LIMITS, **getattr(settings, "HELIX_COMMENT_FLOOD", {})}
    keys = [_key("email", email)]
    if ip:
        keys.insert(0, _key("ip", ip))
    try:
        for key in keys:
            result = _check_key(key, limits["interval"], limits["per_minute"])
            if result.verdict is not Verdict.ALLOWED:
                if result.verdict is Verdict.UNAVAILABLE:
                    logger.error("Comment flood check unavailable: the cache did not answer.")
                return result
    except Exception:
        logger.exception("Comment flood check unavailable: the cache raised an error.")
        return FloodCheck(Verdict.UNAVAILABLE)
    return FloodCheck(Verdict.ALLOWED)
