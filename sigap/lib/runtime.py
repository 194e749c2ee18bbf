"""Process settings for an app server: fewer and shorter garbage-collection pauses.

Measured on the benchmark (issue #17): a full collection took 95–114 ms on about one request in
five, so every p95 was about p50 + 100 ms. Almost everything it walked was made at start-up
(modules, URL patterns, templates, translations) and lives as long as the process. After start-up
:func:`settle_after_start` loads the URL configuration, collects once and moves every object left
into the permanent generation (``gc.freeze``), which collections no longer walk; then it raises
the thresholds moderately, so the young generation is collected less often. Cycles are still
collected: only their frequency and what each pass walks change.
"""

from __future__ import annotations

import gc
import os

DEFAULT_THRESHOLDS = (10_000, 20, 20)  # Python's own are (700, 10, 10)


def thresholds_from_environment() -> tuple[int, ...]:
    """``SIGAP_GC_THRESHOLDS="10000,20,20"`` (empty: the default above; ``off``: Python's own)."""
    raw = os.environ.get("SIGAP_GC_THRESHOLDS", "").strip()
    if raw.lower() == "off":
        return ()
    if not raw:
        return DEFAULT_THRESHOLDS
    values = tuple(int(part) for part in raw.split(","))
    if len(values) != 3 or min(values) < 1:
        raise ValueError("SIGAP_GC_THRESHOLDS takes three positive integers, e.g. 10000,20,20.")
    return values


def settle_after_start() -> None:
    """Call once a process has loaded the application, before it serves requests."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module now, not on a first request
    thresholds = thresholds_from_environment()
    gc.collect()
    gc.freeze()
    if thresholds:
        gc.set_threshold(*thresholds)
