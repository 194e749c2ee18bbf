"""Rate limits and lockouts count together across web processes and servers (issue #12, item 4).

Each gunicorn worker used to count in its own memory (LocMemCache), so an attacker got the limit once
per worker. The counters now live in the shared cache: the database cache in an embedded install,
Redis when ``REDIS_URL`` is set. The test suite itself runs on a per-test memory cache (see
``conftest.py``), so these tests switch to the shared backends on purpose.
"""

from __future__ import annotations

import socket
import threading
from typing import Any

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connections

from sigap.core.tests.test_production_security import production_settings
from sigap.lib.ratelimit import Limit

DATABASE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "sigap_cache"}}


def in_another_connection(work: Any) -> Any:
    """Run ``work`` in a thread, which has its own database connection (as another worker would)."""
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as exc:  # noqa: BLE001 - reported in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not errors, errors
    return results[0]


def test_without_redis_the_default_cache_is_the_database_shared_by_all_processes(tmp_path):
    assert production_settings(tmp_path, REDIS_URL="")["cache"] == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.django_db(transaction=True)
def test_a_limit_counted_in_another_connection_is_seen_here(settings):
    settings.CACHES = DATABASE_CACHE
    cache.clear()
    try:
        limit = Limit("shared-test", 3, 600)
        assert limit.hit("10.0.0.7") and limit.hit("10.0.0.7")
        assert not limit.exceeded("10.0.0.7")
        assert in_another_connection(lambda: limit.hit("10.0.0.7")) is True
        assert limit.exceeded("10.0.0.7")
        assert in_another_connection(lambda: limit.exceeded("10.0.0.7")) is True
        assert not limit.exceeded("10.0.0.8")
    finally:
        cache.clear()


@pytest.mark.django_db(transaction=True)
def test_failed_tokens_from_two_workers_add_up(settings, client):
    settings.CACHES = DATABASE_CACHE
    cache.clear()
    try:
        from sigap.accounts.lockout import TOKEN_FAILURES_PER_ADDRESS

        def fail_once() -> int:
            from django.test import Client

            return Client().get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer sgp_nope").status_code

        half = TOKEN_FAILURES_PER_ADDRESS.count // 2
        for _ in range(half):
            assert fail_once() == 401
        for _ in range(TOKEN_FAILURES_PER_ADDRESS.count - half):
            assert in_another_connection(fail_once) == 401
        assert fail_once() == 429
    finally:
        cache.clear()


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_available(), reason="no Redis at 127.0.0.1:6379")
def test_two_redis_clients_share_one_count():
    location = "redis://127.0.0.1:6379/15"
    first = RedisCache(location, {})
    second = RedisCache(location, {})
    limit = Limit("redis-shared-test", 2, 600)
    try:
        first.clear()
        original = caches["default"]
        for backend in (first, second):
            caches["default"] = backend
            try:
                assert limit.hit("10.0.0.9")
            finally:
                caches["default"] = original
        caches["default"] = second
        try:
            assert limit.exceeded("10.0.0.9")
        finally:
            caches["default"] = original
    finally:
        first.clear()
