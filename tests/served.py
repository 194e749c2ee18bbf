"""Sigap served the production way for tests that need a live server process: ``scripts/serve.sh``
(gunicorn with ``gunicorn.conf.py``, whitenoise, the background worker) with its own environment, on
a free loopback port, its output in one file. :func:`served` is the whole recipe for one server
on a SQLite database of its own, with static files collected first as ``make run`` does.

The commands run here are fixed; nothing comes from outside the test.
"""

from __future__ import annotations

import json
import os
import re
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


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def csrf_from(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in(session: requests.Session, base: str, email: str, password: str) -> requests.Session:
    """Sign ``session`` in on ``base`` through the sign-in page, as a browser would."""
    page = session.get(f"{base}/accounts/login/", timeout=30)
    answer = session.post(
        f"{base}/accounts/login/",
        data={"username": email, "password": password, "csrfmiddlewaretoken": csrf_from(page.text)},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
    )
    assert answer.status_code == 200 and "/accounts/login/" not in answer.url, answer.url
    return session


def prepare(env: dict[str, str], world: str, *, collectstatic: bool = False) -> dict[str, Any]:
    """Migrate the server's database (and collect its static files) and build its data with
    ``world`` (Python run by ``manage.py shell`` that prints one JSON line last); that line, parsed."""
    manage = [str(PYTHON), "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=600)  # noqa: S603
    if collectstatic:
        subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=600)  # noqa: S603
    built = subprocess.run(  # noqa: S603
        [*manage, "shell", "-c", world], cwd=ROOT, env=env, check=True, timeout=120, capture_output=True, text=True
    )
    return json.loads(built.stdout.strip().splitlines()[-1])


class Served:
    """One ``scripts/serve.sh`` on ``env["PORT"]``, writing to ``log``."""

    def __init__(self, env: dict[str, str], log: Path, probe: str = "/healthz") -> None:
        self.env, self.log, self.probe = env, log, probe
        self.base = f"http://{env.get('HOST', '127.0.0.1')}:{env['PORT']}"
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                ["/bin/bash", "scripts/serve.sh"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                if requests.get(f"{self.base}{self.probe}", timeout=30).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"{self.base} did not start:\n" + self.log.read_text(errors="replace"))
            time.sleep(0.3)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@contextmanager
def served(tmp_path: Path, build_world: str, **extra_env: str) -> Iterator[dict[str, Any]]:
    """Yield ``{"base": url, "log": path, **world}`` for one server on a SQLite database of its own,
    with hashed static files as in production; ``build_world`` runs in ``manage.py shell`` and prints
    its JSON last. The whole server output goes to ``log``."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PY": str(PYTHON),
        "HOST": "127.0.0.1",
        "PORT": str(free_port()),
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
    world = prepare(env, build_world, collectstatic=True)
    log = tmp_path / "server.log"
    server = Served(env, log)
    try:
        server.wait()
        yield {"base": server.base, "log": log, **world}
    finally:
        server.stop()
