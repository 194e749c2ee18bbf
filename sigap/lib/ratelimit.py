"""Rate limits in Django's cache: a fixed window per (scope, key).

The cache is shared by every web process and server (Redis with ``REDIS_URL``, else the database
cache; see settings.py), so all of them count together. Keys are hashed, so an email address or IP
address is not stored in the cache in clear. A limit that cannot be counted (the cache is down) does
not lock anybody out: the per-account lockout in the database still holds.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    """At most ``count`` attempts per ``seconds`` for one key of ``scope``."""

    scope: str
    count: int
    seconds: int

    def _key(self, key: str) -> str:
        digest = hashlib.sha256(f"{self.scope}:{key}".encode()).hexdigest()[:32]
        return f"sigap:ratelimit:{self.scope}:{digest}:{int(time.time() // self.seconds)}"

    def exceeded(self, key: str) -> bool:
        """Whether ``key`` has used up its attempts in this window (counting nothing)."""
        if self.count <= 0:
            return False
        try:
            return int(cache.get(self._key(key), 0)) >= self.count
        except Exception:  # the cache is a guard, not a dependency
            logger.warning("rate limit %s could not be read", self.scope, exc_info=True)
            return False

    def hit(self, key: str) -> bool:
        """Count one attempt for ``key``; true when it is still within the limit."""
        if self.count <= 0:
            return True
        name = self._key(key)
        try:
            if cache.add(name, 1, timeout=self.seconds):
                return True
            return int(cache.incr(name)) <= self.count
        except ValueError:  # the window ended between add and incr
            cache.set(name, 1, timeout=self.seconds)
            return True
        except Exception:
            logger.warning("rate limit %s could not be counted", self.scope, exc_info=True)
            return True

    def retry_after(self) -> int:
        """Seconds until the current window ends and the count starts again (for ``Retry-After``)."""
        return max(1, self.seconds - int(time.time() % self.seconds))

    @property
    def minutes(self) -> int:
        return max(1, self.seconds // 60)
