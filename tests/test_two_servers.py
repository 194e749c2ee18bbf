"""Two app servers on shared services behave as one (issue #17, item 9).

Two gunicorn servers (``scripts/serve.sh``, each with its worker) run on one PostgreSQL database,
one Redis (cache and rate limits) and one S3 API server on loopback (moto's server mode), with
nothing shared on local disk: each server has its own ``SIGAP_VAR_DIR`` and ``MEDIA_ROOT``. A
caseworker signs in on one and works on the other, uploads a file on one and downloads it from the
other, and failed sign-ins spread over both trip one rate limit.

PostgreSQL and Redis are needed (the CI machine has both); on SQLite, or without Redis, the test is
skipped and says why.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.fernet import Fernet
from django.db import connection

from tests.served import PYTHON, Served, csrf_from, free_port, prepare, reachable, sign_in

EMAIL = "two.servers@test.sigap.invalid"
PASSWORD = "correct horse battery staple"
REDIS_DB = 13  # a database of its own on the shared Redis, emptied before and after
BUCKET = "sigap-two-servers"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n% two servers test: a synthetic document\n"

BUILD_WORLD = f"""
import json
from sigap.accounts.models import User
from sigap.cases.tests.factories import make_case
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.regions.models import Province, Regency
province = Province.objects.create(code="32", name="Jawa Barat")
regency = Regency.objects.create(code="32.73", province=province, name="Kota Bandung")
org = Organisation.objects.create(name="UPTD PPA Dua Server", kind=OrganisationKind.UPTD_PPA_REGENCY,
                                  province=province, regency=regency)
worker = User.objects.create_user(email={EMAIL!r}, password={PASSWORD!r}, full_name="Petugas Dua", language="en")
Membership.objects.create(user=worker, organisation=org, role="caseworker")
case = make_case(org, worker)
print(json.dumps({{"case": str(case.pk), "number": case.number}}))
"""


pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="two app servers need PostgreSQL"),
    pytest.mark.skipif(not reachable("127.0.0.1", 6379), reason="two app servers need Redis on 127.0.0.1:6379"),
]


@contextlib.contextmanager
def scratch_database() -> Iterator[str]:
    """A new, empty PostgreSQL database on the test run's server, dropped afterwards."""
    import psycopg

    params = connection.get_connection_params()
    name = f"sigap_two_{uuid.uuid4().hex[:10]}"
    admin = {key: params[key] for key in ("host", "port", "user", "password") if params.get(key)}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    user = params.get("user", "postgres")
    password = f":{params['password']}" if params.get("password") else ""
    try:
        yield f"postgres://{user}{password}@{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def object_store() -> Iterator[tuple[str, Any]]:
    """moto's S3 API server on a loopback port, with an empty private bucket."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    s3.create_bucket(Bucket=BUCKET)
    try:
        yield endpoint, s3
    finally:
        server.stop()


def flush_redis() -> None:
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[dict[str, Any]]:
    with scratch_database() as database_url, object_store() as (endpoint, s3):
        flush_redis()
        shared = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PY": str(PYTHON),
            "HOST": "127.0.0.1",
            "WEB_CONCURRENCY": "1",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "SIGAP_S3_BUCKET": BUCKET,
            "SIGAP_S3_ENDPOINT_URL": endpoint,
            "SIGAP_S3_REGION": "us-east-1",
            "SIGAP_S3_ACCESS_KEY_ID": "testing",
            "SIGAP_S3_SECRET_ACCESS_KEY": "testing",
            "SIGAP_S3_ADDRESSING_STYLE": "path",
            "SECRET_KEY": "two-servers-" + "x" * 50,
            "SIGAP_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "SIGAP_BLIND_INDEX_KEY": "two-servers-blind-index-key-" + "y" * 32,
            "SIGAP_REQUIRE_2FA": "false",
            "SIGAP_LOGIN_IP_LIMIT": "4",
            "SIGAP_MANIFEST_STATIC": "false",  # static files are not what this test is about
        }

        def own(name: str) -> dict[str, str]:
            # Nothing on local disk is shared: each server has its own home, var and media directory.
            home = tmp_path / name
            (home / "media").mkdir(parents=True)
            return {**shared, "HOME": str(home), "SIGAP_VAR_DIR": str(home / "var"), "MEDIA_ROOT": str(home / "media")}

        world = prepare(own("setup"), BUILD_WORLD)
        servers: list[Served] = []
        try:
            for name in ("a", "b"):
                servers.append(Served({**own(name), "PORT": str(free_port())}, tmp_path / f"{name}.log", "/readyz"))
            for served in servers:
                served.wait()
            yield {
                "a": servers[0].base,
                "b": servers[1].base,
                "media": [Path(served.env["MEDIA_ROOT"]) for served in servers],
                "s3": s3,
                **world,
            }
        finally:
            for served in servers:
                served.stop()
            flush_redis()


def test_two_app_servers_share_sessions_files_and_rate_limits(two_servers):
    a, b, case = two_servers["a"], two_servers["b"], two_servers["case"]
    session = requests.Session()
    session.headers["Accept-Language"] = "en"

    # Signed in on A, the same cookie works on B: sessions are in the shared database.
    sign_in(session, a, EMAIL, PASSWORD)
    on_b = session.get(f"{b}/cases/{case}/", timeout=30)
    assert on_b.status_code == 200 and two_servers["number"] in on_b.text

    # A form from B posted to A: the CSRF token and the session agree across servers.
    form = session.get(f"{b}/cases/{case}/attachments/new/", timeout=30)
    added = session.post(
        f"{a}/cases/{case}/attachments/new/",
        data={"attachment-title": "Surat keterangan", "csrfmiddlewaretoken": csrf_from(form.text)},
        files={"attachment-file": ("surat.pdf", PDF, "application/pdf")},
        headers={"Referer": f"{b}/cases/{case}/attachments/new/"},
        timeout=60,
    )
    assert added.status_code == 200, added.text[:800]
    page = session.get(f"{a}/cases/{case}/", timeout=30).text
    links = set(re.findall(rf"/cases/{case}/attachments/([0-9a-f-]{{36}})/", page))
    assert len(links) == 1, links

    # Uploaded through A, downloaded through B: the file is in the object store, not on a disk.
    downloaded = session.get(f"{b}/cases/{case}/attachments/{links.pop()}/", timeout=30)
    assert downloaded.status_code == 200 and downloaded.content == PDF
    stored = two_servers["s3"].list_objects_v2(Bucket=BUCKET).get("Contents", [])
    assert len(stored) == 1, stored
    body = two_servers["s3"].get_object(Bucket=BUCKET, Key=stored[0]["Key"])["Body"].read()
    assert PDF not in body and b"synthetic document" not in body  # encrypted before it left the app
    assert not any(path.is_file() for media in two_servers["media"] for path in media.rglob("*"))

    # Failed sign-ins from one address, alternating servers: the limit (4) counts them together in
    # Redis, so the fifth is refused although neither server saw more than three.
    answers = []
    for attempt in range(5):
        base = (a, b)[attempt % 2]
        guesser = requests.Session()
        login = guesser.get(f"{base}/accounts/login/", timeout=30)
        answer = guesser.post(
            f"{base}/accounts/login/",
            data={
                "username": f"nobody{attempt}@test.sigap.invalid",
                "password": "guess",
                "csrfmiddlewaretoken": csrf_from(login.text),
            },
            headers={"Referer": f"{base}/accounts/login/"},
            timeout=30,
        )
        answers.append(answer.status_code)
    assert answers[:4] == [200, 200, 200, 200] and answers[4] == 429, answers
