#!/usr/bin/env python3
"""Fuzz the whole API with schemathesis against a local server, as a caseworker (docs/api.md).

    .venv/bin/pip install 'schemathesis>=4.3,<5'   # once; not a project dependency
    .venv/bin/python scripts/fuzz_api.py --seed     # a fresh scratch database with the demo data
    .venv/bin/python scripts/fuzz_api.py --max-examples 5          # about 10 minutes

The server (gunicorn) binds 127.0.0.1 on a free port and uses a scratch database (SQLite under
/tmp unless --database-url says otherwise): never run it against a database that matters, the
fuzzer creates, changes and revokes records. All four checks run (not_a_server_error,
status_code_conformance, content_type_conformance, response_schema_conformance) with every phase,
the stateful one included. The script prints the counts and exits non-zero on any failure.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
PHASES = "examples,coverage,fuzzing,stateful"
TOKEN_NAME = "schemathesis fuzz"  # noqa: S105 - a label, not a secret


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def seed(env: dict[str, str], database_url: str) -> None:
    if database_url.startswith("sqlite:///"):
        path = Path(database_url.removeprefix("sqlite://"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    for command in (["migrate", "--noinput"], ["load_regions"], ["seed_demo"], ["seed_demo_cases"]):
        print("manage.py", *command, flush=True)
        manage(env, *command)


TOKEN_CODE = """
from sigap.accounts.actions import create_api_token
from sigap.accounts.models import User
user = User.objects.get(email={email!r})
token, key = create_api_token(user, name={name!r})
print(key)
"""  # noqa: S105


def make_token(env: dict[str, str], email: str) -> str:
    return manage(env, "shell", "-c", TOKEN_CODE.format(email=email, name=TOKEN_NAME)).strip().splitlines()[-1]


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer {url} within {timeout} s")


def summarise(ndjson: Path) -> dict[str, Any]:
    """Counts from schemathesis' event stream: operations, requests, statuses, failures per check."""
    operations = 0
    requests = 0
    statuses: collections.Counter[int] = collections.Counter()
    failures: dict[str, set[str]] = collections.defaultdict(set)
    errors: list[str] = []
    for line in ndjson.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        for kind, body in event.items():
            if kind == "LoadingFinished":
                operations = int(body["statistic"]["operations"]["selected"])
            elif kind == "ScenarioFinished":
                recorder = body.get("recorder") or {}
                for interaction in (recorder.get("interactions") or {}).values():
                    response = (interaction or {}).get("response")
                    if response is not None:
                        requests += 1
                        statuses[int(response["status_code"])] += 1
                for checks in (recorder.get("checks") or {}).values():
                    for check in checks:
                        if str(check.get("status")).lower() == "failure":
                            failure = (check.get("failure_info") or {}).get("failure") or {}
                            message = " ".join(str(failure.get("message", "")).split())
                            failures[check["name"]].add(f"{failure.get('operation', '')}: {message}")
            elif kind == "NonFatalError":
                errors.append(f"{body.get('label')}: {body.get('value')}")
    return {
        "operations": operations,
        "requests": requests,
        "statuses": dict(sorted(statuses.items())),
        "failures": {name: sorted(items) for name, items in sorted(failures.items())},
        "failure_counts": {name: len(items) for name, items in sorted(failures.items())},
        "errors": errors,
    }


# Revoking a token: in the main run the fuzzer would find its own token's id and revoke it, and
# every later request would be a 401. These run apart, with a token of their own, after the rest.
# No limit on the request line: a long query string must reach Sigap, not gunicorn's own HTML 414.
GUNICORN_OPTIONS = ["--workers", "2", "--timeout", "120", "--limit-request-line", "0"]
REVOKING_PATHS = r"^/api/v1/tokens/\{id\}/"


def st_command(st: str, base: str, key: str, ndjson: Path, args: argparse.Namespace, max_time: int) -> list[str]:
    return [
        st,
        "run",
        f"{base}/api/schema/?format=json",
        "--url",
        base,
        "--checks",
        CHECKS,
        "--phases",
        PHASES,
        "--max-examples",
        str(args.max_examples),
        "--workers",
        args.workers,
        "--request-timeout",
        "60",
        "--header",
        f"Authorization: Bearer {key}",
        "--header",
        "Accept-Language: en",
        "--report",
        "ndjson,junit",
        "--report-dir",
        str(ndjson.parent),
        "--report-ndjson-path",
        str(ndjson),
        "--no-color",
        *(["--max-time", str(max_time)] if max_time else []),
    ]


def merge(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    statuses = collections.Counter(first["statuses"]) + collections.Counter(second["statuses"])
    failures = {
        name: sorted(set(first["failures"].get(name, [])) | set(second["failures"].get(name, [])))
        for name in sorted(set(first["failures"]) | set(second["failures"]))
    }
    return {
        "operations": first["operations"] + second["operations"],
        "requests": first["requests"] + second["requests"],
        "statuses": dict(sorted(statuses.items())),
        "failures": failures,
        "failure_counts": {name: len(items) for name, items in failures.items()},
        "errors": first["errors"] + second["errors"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--database-url", default=os.environ.get("FUZZ_DATABASE_URL", "sqlite:////tmp/sigap_fuzz.sqlite3")
    )
    parser.add_argument("--seed", action="store_true", help="recreate the scratch database with the demo data")
    parser.add_argument("--user", default="caseworker.bandung@demo.sigap.test", help="whose token the fuzzer uses")
    parser.add_argument("--max-examples", type=int, default=5, help="test cases per operation and phase")
    parser.add_argument(
        "--max-time", type=int, default=0, help="time budget in seconds (0: none; --max-examples bounds the run)"
    )
    parser.add_argument("--workers", default="2", help="schemathesis workers")
    parser.add_argument("--report-dir", default=None, help="where the ndjson and JUnit reports go")
    args = parser.parse_args()

    st = shutil.which("st", path=str(Path(PYTHON).parent)) or shutil.which("st")
    if st is None:
        raise SystemExit("schemathesis is not installed: .venv/bin/pip install 'schemathesis>=4.3,<5'")
    env = {**os.environ, "DATABASE_URL": args.database_url, "DEBUG": "false", "SIGAP_ENV": "development"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    # The fuzzer sends thousands of requests a minute and bad tokens on purpose; rate limits are
    # not what it tests (scripts/fuzz_settings.py).
    env["SIGAP_API_RATE_USER"] = "1000000/minute"
    env["SIGAP_API_RATE_ANON"] = "1000000/minute"
    server_env = {**env, "DJANGO_SETTINGS_MODULE": "scripts.fuzz_settings"}
    if args.seed:
        seed(env, args.database_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    report_dir = Path(args.report_dir or tempfile.mkdtemp(prefix="sigap-fuzz-"))
    (report_dir / "tokens").mkdir(parents=True, exist_ok=True)
    server_log = (report_dir / "server.log").open("w")
    server = subprocess.Popen(  # noqa: S603 - fixed command, loopback only
        [gunicorn, "sigap.wsgi:application", "--bind", f"127.0.0.1:{port}", *GUNICORN_OPTIONS],
        cwd=ROOT,
        env=server_env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    started = time.monotonic()
    st_env = {**os.environ, "NO_COLOR": "1"}
    try:
        wait_for(f"{base}/healthz")
        main_run = report_dir / "events.ndjson"
        command = st_command(st, base, make_token(env, args.user), main_run, args, args.max_time)
        command += ["--exclude-path-regex", REVOKING_PATHS]
        print("running:", " ".join(c if not c.startswith("Authorization") else "Authorization: …" for c in command))
        first = subprocess.run(command, cwd=report_dir, env=st_env, check=False)  # noqa: S603
        token_run = report_dir / "tokens" / "events.ndjson"
        command = st_command(st, base, make_token(env, args.user), token_run, args, 0)
        command += ["--include-path-regex", REVOKING_PATHS]
        second = subprocess.run(command, cwd=report_dir, env=st_env, check=False)  # noqa: S603
        summary = merge(summarise(main_run), summarise(token_run))
    finally:
        server.terminate()
        server.wait(timeout=30)
        server_log.close()
    summary["seconds"] = round(time.monotonic() - started)
    summary["report_dir"] = str(report_dir)
    summary["exit_codes"] = [first.returncode, second.returncode]
    print(json.dumps(summary, indent=2))
    return first.returncode or second.returncode


if __name__ == "__main__":
    sys.exit(main())
