"""Fast on a slow link: what a browser downloads, measured on Sigap served the production way.

``scripts/serve.sh`` (gunicorn, whitenoise, hashed and precompressed static files collected first,
as ``make run`` does) on a free loopback port, against a database of its own with 30 cases. A
caseworker signs in; then, with the browser's cache emptied, the case list is opened (a first visit:
every stylesheet and script comes over the wire) and then a case from it (a later page: assets come
from the cache). Chromium's own network events (CDP ``Network.loadingFinished``: bytes received,
headers included) count every request. Run with ``-s`` to see the numbers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.served import served

pytestmark = [pytest.mark.browser]

FIRST_VISIT_LIMIT = 100 * 1024
LATER_PAGE_LIMIT = 30 * 1024
EMAIL = "caseworker.speed@test.sigap.invalid"
PASSWORD = "correct horse battery"
CASES = 30

BUILD_WORLD = f"""
import json
from sigap.accounts.models import User
from sigap.cases.tests.factories import make_case
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.regions.models import Province, Regency
province = Province.objects.create(code="32", name="Jawa Barat")
regency = Regency.objects.create(code="32.73", province=province, name="Kota Bandung")
org = Organisation.objects.create(name="UPTD PPA Kota Bandung (speed test)", kind=OrganisationKind.UPTD_PPA_REGENCY,
                                  province=province, regency=regency)
worker = User.objects.create_user(email={EMAIL!r}, password={PASSWORD!r}, full_name="Sari Cepat")
Membership.objects.create(user=worker, organisation=org, role="caseworker")
for i in range({CASES}):
    make_case(org, worker, victim_values={{"full_name": f"Klien Contoh {{i}}"}})
print(json.dumps({{"organisation": str(org.pk)}}))
"""


@pytest.fixture
def production_server(tmp_path: Path) -> Iterator[str]:
    with served(tmp_path, BUILD_WORLD) as world:
        yield world["base"]


class Transfers:
    """Bytes received per request, from Chromium's network events (headers included)."""

    def __init__(self, page: Any) -> None:
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.urls: dict[str, str] = {}
        self.headers: dict[str, dict[str, str]] = {}
        self.received: dict[str, int] = {}
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event: dict[str, Any]) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def _response(self, event: dict[str, Any]) -> None:
        headers = {k.lower(): v for k, v in event["response"].get("headers", {}).items()}
        self.headers[event["response"]["url"]] = headers

    def _finished(self, event: dict[str, Any]) -> None:
        self.received[event["requestId"]] = int(event["encodedDataLength"])

    def reset(self) -> None:
        self.urls.clear()
        self.received.clear()
        self.headers.clear()

    def report(self, title: str) -> int:
        total = sum(self.received.values())
        print(f"\n{title}: {len(self.urls)} requests, {total / 1024:.1f} KB transferred")
        for request_id, url in self.urls.items():
            if url.startswith("data:"):
                continue
            print(f"  {self.received.get(request_id, 0) / 1024:7.1f} KB  {url.split('127.0.0.1', 1)[-1]}")
        return total


def test_the_case_list_is_small_on_a_first_visit_and_a_later_page_smaller_still(production_server, page_factory):
    base = production_server
    page = page_factory({"width": 360, "height": 740})
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/accounts/login/" not in page.url

    transfers = Transfers(page)
    transfers.cdp.send("Network.clearBrowserCache")
    page.goto(f"{base}/cases/", wait_until="networkidle")
    assert page.locator("main a.fw-semibold[href^='/cases/']").count() >= 25, "the case list shows a full page of cases"
    html = transfers.headers[f"{base}/cases/"]
    assert html.get("content-encoding") == "gzip", html
    styles = [h for url, h in transfers.headers.items() if url.endswith(".css")]
    assert styles, "no stylesheet was loaded"
    for headers in styles:
        assert headers.get("content-encoding") == "br", headers
        assert headers.get("cache-control") == "max-age=31536000, public, immutable", headers
    first_visit = transfers.report("First visit of the case list (cold cache)")
    first_assets = {url for url in transfers.urls.values() if "/static/" in url}

    transfers.reset()
    case_link = page.locator("main a.fw-semibold[href^='/cases/']").first
    with page.expect_navigation(wait_until="networkidle"):
        case_link.click()
    later = transfers.report(f"A later page ({page.url.split('127.0.0.1', 1)[-1]})")
    # Hashed assets are cached for a year: the later page asks the server for none of those it
    # already has (a page's own stylesheet, such as the case page's, comes once, counted below).
    fetched_again = [url for rid, url in transfers.urls.items() if url in first_assets and transfers.received.get(rid)]
    assert fetched_again == [], fetched_again

    assert first_visit <= FIRST_VISIT_LIMIT, f"first visit {first_visit / 1024:.1f} KB"
    assert later <= LATER_PAGE_LIMIT, f"later page {later / 1024:.1f} KB"
    print(json.dumps({"first_visit_bytes": first_visit, "later_page_bytes": later}))
