"""An app server process freezes what start-up made and collects its young objects less often."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sigap.lib.runtime import DEFAULT_THRESHOLDS, thresholds_from_environment

PROBE = "import gc, json, sigap.wsgi; print(json.dumps([gc.get_freeze_count(), gc.get_threshold()]))"


def test_loading_the_wsgi_application_freezes_start_up_objects_and_raises_the_thresholds():
    # A fresh interpreter, as a gunicorn worker is: the test process's own gc state is left alone.
    out = subprocess.run(  # noqa: S603 - our own interpreter and a fixed probe
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    frozen, thresholds = json.loads(out.strip().splitlines()[-1])
    assert frozen > 50_000  # Django, every app, the URL patterns: start-up is most of the heap
    assert tuple(thresholds) == DEFAULT_THRESHOLDS


def test_the_thresholds_can_be_set_or_left_to_python(monkeypatch):
    monkeypatch.setenv("SIGAP_GC_THRESHOLDS", "5000,15,15")
    assert thresholds_from_environment() == (5000, 15, 15)
    monkeypatch.setenv("SIGAP_GC_THRESHOLDS", "off")
    assert thresholds_from_environment() == ()
    monkeypatch.setenv("SIGAP_GC_THRESHOLDS", "5000,0")
    with pytest.raises(ValueError, match="three positive integers"):
        thresholds_from_environment()
