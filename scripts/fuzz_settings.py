"""Settings of the server scripts/fuzz_api.py starts: Sigap's own, with rate limits out of the way.

The fuzzer sends malformed and missing tokens on purpose; counted per address, they would soon lock
its own valid token out with 429 for a quarter of an hour, and nothing else would be tested. A
cache that keeps nothing turns the per-address counters off; the API throttle rates are raised by
the environment the script sets. Never use this module for anything but the fuzz run.
"""

from sigap.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
