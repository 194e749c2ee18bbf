"""Skip browser tests plainly where Chromium is missing.

Loaded from the root conftest.py (``pytest_plugins``) rather than tests/browser/conftest.py, so the
closing notice also prints in an xdist controller, which never loads sub-directory conftests.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("SIGAP_CHROMIUM", "/usr/bin/chromium"))
SKIP_MESSAGE = "Browser tests skipped: Chromium is not installed (apt-get install -y chromium)"


def chromium_available() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if chromium_available():
        return
    skip = pytest.mark.skip(reason=SKIP_MESSAGE)
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(skip)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Say it after the final tally, where nobody can miss it."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    skipped = [
        report
        for report in reporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple) and SKIP_MESSAGE in str(report.longrepr[-1])
    ]
    if skipped:
        reporter.write_line(f"{SKIP_MESSAGE}: {len(skipped)} tests not run.", yellow=True, bold=True)
