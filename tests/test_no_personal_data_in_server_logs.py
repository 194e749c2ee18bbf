"""No name, NIK, phone or date of birth in the real server's logs (issue #12).

Sigap is served the production way (``scripts/serve.sh``: gunicorn with ``gunicorn.conf.py``, and
the background worker) on a free loopback port, against a database of its own. A signed-in
caseworker types a client at intake (the likely-duplicate check), searches the case list by NIK and
by phone, opens an old address with the name in its query string, and asks the API; then the
server's whole output (access log, error log, Django's log) is read and must hold none of the values.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests

from tests.served import csrf_from, served, sign_in

NAME = "Kirana Lestari Wulandari"
NIK = "3273045403120007"
PHONE = "081299887766"
BORN = "2012-03-14"
PASSWORD = "correct horse battery"
EMAIL = "caseworker.logs@test.sigap.invalid"

# Every way a value could be written: as typed, percent-encoded, without separators.
FORBIDDEN = [NAME, quote(NAME), NAME.replace(" ", "+"), "Kirana", "Wulandari", NIK, PHONE, "6281299887766", BORN]

BUILD_WORLD = f"""
import json
import logging
from datetime import date
from sigap.accounts.models import User
from sigap.cases.tests.factories import make_case
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.regions.models import District, Province, Regency
province = Province.objects.create(code="32", name="Jawa Barat")
regency = Regency.objects.create(code="32.73", province=province, name="Kota Bandung")
District.objects.create(code="32.73.04", regency=regency, name="Sukajadi")
org = Organisation.objects.create(name="UPTD PPA Log Test", kind=OrganisationKind.UPTD_PPA_REGENCY,
                                  province=province, regency=regency)
worker = User.objects.create_user(email={EMAIL!r}, password={PASSWORD!r}, full_name="Petugas Log", language="en")
Membership.objects.create(user=worker, organisation=org, role="caseworker")
case = make_case(org, worker, victim_values={{"full_name": {NAME!r}, "nik": {NIK!r}, "phone": {PHONE!r},
                                              "date_of_birth": date.fromisoformat({BORN!r})}})
print(json.dumps({{"organisation": str(org.pk), "case": case.number}}))
"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Sigap served by scripts/serve.sh on a free loopback port; its output goes to one file."""
    with served(tmp_path, BUILD_WORLD, LOG_LEVEL="DEBUG") as world:
        yield world


def signed_in(base: str) -> requests.Session:
    session = requests.Session()
    session.headers["Accept-Language"] = "en"
    return sign_in(session, base, EMAIL, PASSWORD)


@pytest.fixture
def quiet_test_client():
    """The test's own HTTP client (requests/urllib3) logs every address it asks for at DEBUG, and this
    test asks for old-style addresses holding a NIK on purpose: that client is not Sigap, so its
    lines are kept out of the run's logs (the run-wide log check would rightly flag them)."""
    client_logger = logging.getLogger("urllib3")
    level = client_logger.level
    client_logger.setLevel(logging.WARNING)
    yield
    client_logger.setLevel(level)


def test_the_intake_check_and_a_nik_search_leave_no_personal_data_in_the_server_logs(server, quiet_test_client):
    base = server["base"]
    session = signed_in(base)
    intake = session.get(f"{base}/cases/new/", timeout=30)
    token = csrf_from(intake.text)
    post_headers = {"X-CSRFToken": token, "Referer": f"{base}/cases/new/"}

    # The likely-duplicate check, as htmx sends it while the client is typed.
    typed = {"client-full_name": NAME, "client-nik": NIK, "client-phone": PHONE, "client-date_of_birth": BORN}
    matches = session.post(
        f"{base}/cases/new/matches/?organisation={server['organisation']}", data=typed, headers=post_headers, timeout=30
    )
    assert matches.status_code == 200 and "same NIK" in matches.text, matches.text[:500]

    # The case list searched by NIK and by phone through its form; the result page and its address.
    for term in (NIK, PHONE):
        found = session.post(f"{base}/cases/", data={"q": term, "csrfmiddlewaretoken": token}, timeout=30)
        assert found.status_code == 200 and server["case"] in found.text
        assert "s=" in found.url and term not in found.url
        assert NAME in found.text  # the page itself may show the client: it is not logged

    # An old, hand-typed address with the name in it, and the API asked the old way.
    old = session.get(f"{base}/cases/", params={"q": NAME, "stage": "identification"}, timeout=30)
    assert old.status_code == 200 and "q=" not in old.url
    api = session.get(f"{base}/api/v1/persons/", params={"q": NIK}, timeout=30)
    assert api.status_code in (400, 401, 403)

    time.sleep(1)  # gunicorn writes its access log line after the response
    written = server["log"].read_text(errors="replace")
    assert "/cases/new/matches/" in written and "POST /cases/" in written, written  # the log was written
    leaked = [value for value in FORBIDDEN if value in written]
    assert not leaked, f"the server's log holds {leaked}:\n{written}"
    assert "?" not in "".join(line for line in written.splitlines() if '"GET /' in line or '"POST /' in line)


def test_django_writes_no_query_string_in_any_log_line():
    """The development server's request lines (django.server) and anything else that goes through
    Sigap's log handler lose their query strings; the path stays."""
    import io
    import logging

    from sigap.lib.querystrings import without_query

    handler = logging.getLogger("django.server").handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)  # type: ignore[attr-defined]
    try:
        logging.getLogger("django.server").info('"%s" %s %s', f"GET /cases/?q={NIK}&s=x HTTP/1.1", 200, 10)
        logging.getLogger("sigap.anything").warning("opened /cases/new/matches/?client-nik=%s", NIK)
    finally:
        handler.setStream(previous)  # type: ignore[attr-defined]
    written = stream.getvalue()
    assert '"GET /cases/ HTTP/1.1" 200 10' in written and "opened /cases/new/matches/" in written
    assert NIK not in written and "?" not in written
    assert without_query('"GET /a/b/?x=1&y=2 HTTP/1.1" /c?d') == '"GET /a/b/ HTTP/1.1" /c'
