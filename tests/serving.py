"""Sigap served the production way for a test: ``scripts/serve.sh`` (gunicorn with
``gunicorn.conf.py``, whitenoise, the background worker) on a free loopback port, against a database
of its own, with static files collected first as ``make run`` does."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(tmp_path: Path, build_world: str, **extra_env: str) -> Iterator[dict[str, Any]]:
    """Yield ``{"base": url, "log": path, **world}``; ``build_world`` runs in ``manage.py shell`` and
    prints its JSON last. The whole server output goes to ``log``."""
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PY": str(PYTHON),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "SIGAP_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'sigap.sqlite3'}",
        "SECRET_KEY": "served-test-" + "x" * 50,
        "SIGAP_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "SIGAP_BLIND_INDEX_KEY": "served-test-blind-index-key-" + "y" * 32,
        "SIGAP_REQUIRE_2FA": "false",
        "SIGAP_MANIFEST_STATIC": "true",
        **extra_env,
    }
    manage = [str(PYTHON), "manage.py"]
    # The commands are fixed here; nothing comes from outside the test.
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=600)  # noqa: S603
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=600)  # noqa: S603
    built = subprocess.run(  # noqa: S603
        [*manage, "shell", "-c", build_world],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
        capture_output=True,
        text=True,
    )
    world = json.loads(built.stdout.strip().splitlines()[-1])
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["/bin/bash", "scripts/serve.sh"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(f"{base}/healthz", timeout=30).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise AssertionError("the server did not start:\n" + log.read_text(errors="replace"))
            time.sleep(0.3)
        yield {"base": base, "log": log, **world}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
