"""Production settings: secure cookies, HSTS, HTTPS redirect, and the rate-limit cache shared by all
processes (Redis). Checked by loading the settings in a fresh interpreter, as production would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

from sigap.core.tests.test_settings import PRODUCTION, ROOT

CODE = """
import django, json
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in [
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_HTTPONLY", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT",
    "SIGAP_REQUIRE_2FA", "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF", "SIGAP_LOGIN_IP_LIMIT",
]} | {"cache": s.CACHES["default"]["BACKEND"], "throttle": s.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]}))
"""


def production_settings(tmp_path: Path, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SIGAP_", "SECRET_KEY", "DATABASE_URL"))}
    clean.update(
        PRODUCTION,
        DJANGO_SETTINGS_MODULE="sigap.settings",
        SIGAP_VAR_DIR=str(tmp_path),
        SIGAP_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        **env,
    )
    result = subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", CODE], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_sends_cookies_over_https_only_with_hsts_and_two_factor(tmp_path):
    s = production_settings(tmp_path)
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"] and s["LANGUAGE_COOKIE_SECURE"]
    assert s["SESSION_COOKIE_HTTPONLY"] and s["CSRF_COOKIE_HTTPONLY"]
    assert s["SECURE_HSTS_SECONDS"] >= 31536000 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert s["SECURE_SSL_REDIRECT"] and s["SIGAP_REQUIRE_2FA"]
    assert s["X_FRAME_OPTIONS"] == "DENY" and s["SECURE_CONTENT_TYPE_NOSNIFF"]


def test_production_counts_rate_limits_in_redis_when_configured(tmp_path):
    s = production_settings(tmp_path, REDIS_URL="redis://127.0.0.1:6379/0")
    assert s["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert s["SIGAP_LOGIN_IP_LIMIT"] == 30
    assert s["throttle"] == {"anon": "60/minute", "user": "1200/minute"}


def test_api_rates_and_the_sign_in_limit_come_from_the_environment(tmp_path):
    s = production_settings(
        tmp_path, SIGAP_API_RATE_ANON="10/minute", SIGAP_API_RATE_USER="100/minute", SIGAP_LOGIN_IP_LIMIT="200"
    )
    assert s["throttle"] == {"anon": "10/minute", "user": "100/minute"}
    assert s["SIGAP_LOGIN_IP_LIMIT"] == 200
