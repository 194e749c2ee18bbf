"""Smoke crawl: on the demo world, every role signs in and opens its home page, every page its
navigation offers and every same-site link on those pages (GET only, in Indonesian, the default).

From there the crawl goes two levels further, but opens at most ``PER_SHAPE`` pages of one shape
(the same screen for another record), so it reaches the detail screens behind the lists (a case's
plan, a referral's letter, a conference) and still runs in well under a minute on SQLite.

A page fails the crawl when it answers a server error or a status nobody expects, when a navigation
page is not there, when a signed-in user is sent to sign in, when it is not marked
``<html lang="id">``, or when a text on it is exactly an English source string that Indonesian says
differently (an untranslated label, heading or button). The failure lists every such page with the
role and the page linking to it.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils.translation import trans_real

from sigap.accounts.models import User
from sigap.cases.tests.fixtures import seed
from sigap.home.navigation import nav_for
from sigap.learning.demo import PROVINCES, REGENCY_SHARE
from sigap.learning.models import Certificate
from sigap.learning.tests.factories import load_region_rows
from sigap.regions.models import District

pytestmark = pytest.mark.django_db

# One demo account per role (seed_demo's PEOPLE; the learner has no organisation).
ROLES = {
    "caseworker": "caseworker.bandung",
    "supervisor": "supervisor.bandung",
    "psychologist": "psychologist.bandung",
    "legal_aid": "legal.bandung",
    "intake_officer": "intake.bandung",
    "org_admin": "admin.bandung",
    "data_officer": "data.bandung",
    "trainer": "trainer.nasional",
    "dpo": "dpo.bandung",
    "national_admin": "admin.nasional",
    "learner": "learner",
    # The other side of coordination: a referral partner, and a police unit invited to a case conference.
    "partner supervisor": "supervisor.dinsos-bandung",
    "invited police caseworker": "caseworker.polres-bandung",
}
# What somebody who is not signed in may open (the home page sends them to sign in).
PUBLIC = ["/", "/accounts/login/", "/accounts/password/reset/", "/directory/"]

# Not pages for a person to read, or leaving the session: never followed.
SKIPPED_PREFIXES = ("/admin/", "/api/", "/static/", "/accounts/logout/")
ALLOWED = {200, 302, 403, 404}
UI_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt"}
UI_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "label", "button", "th", "legend", "caption", "summary"}
MAX_DEPTH = 3  # navigation pages are level 0; every link on them is followed (level 1)
PER_SHAPE = 2  # deeper than level 1, pages of one shape opened per role
CASES = 80  # demo cases: enough for every stage, transfers, conferences, referrals and online abuse
ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+")


def shape(url: str) -> str:
    """A URL with its ids blanked and its query values dropped: the same screen for another record."""
    parts = urlsplit(url)
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return ID.sub("#", parts.path) + "?" + "&".join(keys)


class _Page(HTMLParser):
    """The links of a page, its search and filter forms filled in (as links), and the texts of its
    headings, labels, buttons and table headers."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ui_texts: list[str] = []
        self._open: list[list[str]] = []
        self.all_texts: list[str] = []
        self._form: tuple[str, list[tuple[str, str]]] | None = None
        self._select: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag in UI_TAGS:
            self._open.append([])
        self.all_texts += [value for name, value in attrs if name in UI_ATTRIBUTES and value]
        self._form_field(tag, a)

    def _form_field(self, tag: str, a: dict[str, str]) -> None:
        """Fill a GET form as somebody searching would: a word in every text box, the first real
        choice of every list, the boxes ticked as they are."""
        if tag == "form":
            get = a.get("method", "get").lower() == "get"
            self._form = (a.get("action", ""), []) if get else None
        elif self._form is not None and a.get("name"):
            fields = self._form[1]
            kind = a.get("type", "text")
            if tag == "input" and kind in {"text", "search"}:
                fields.append((a["name"], a.get("value") or "a"))
            elif tag == "input" and (kind in {"hidden", "number", "date"} or "checked" in a):
                fields.append((a["name"], a.get("value", "")))
            elif tag == "select":
                self._select = (a["name"], [])
        if tag == "option" and self._select is not None and "value" in a:
            self._select[1].append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None and self._form is not None:
            name, values = self._select
            self._form[1].append((name, next((v for v in values if v), "")))
            self._select = None
        if tag == "form" and self._form is not None:
            action, fields = self._form
            self.hrefs.append(f"{action.split('?')[0]}?{urlencode(fields)}")
            self._form = None
        if tag in UI_TAGS and self._open:
            text = " ".join("".join(self._open.pop()).split())
            if text:
                self.ui_texts.append(text)

    def handle_data(self, data: str) -> None:
        for texts in self._open:
            texts.append(data)
        text = " ".join(data.split())
        if text and self.lasttag not in {"script", "style"}:
            self.all_texts.append(text)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@cache
def english_only() -> frozenset[str]:
    """Source strings that Indonesian says differently: seen as they are, they were not translated."""
    catalog = trans_real.translation("id")._catalog  # type: ignore[attr-defined]
    return frozenset(
        msgid
        for msgid, msgstr in catalog.items()
        if isinstance(msgid, str) and "\x04" not in msgid and msgstr and msgstr != msgid and len(msgid) > 2
    )


def same_site_links(page_url: str, page: _Page) -> list[str]:
    links = []
    for href in page.hrefs:
        parts = urlsplit(urljoin(f"http://testserver{page_url}", href))
        if parts.scheme not in {"http", "https"} or parts.netloc != "testserver":
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not parts.path.startswith(SKIPPED_PREFIXES):
            links.append(path)
    return links


def visit(client: Client, url: str) -> tuple[int, str]:
    """The status and the HTML body ("" for a download), or for a redirect the path it leads to."""
    response = client.get(url)
    if response.status_code in {301, 302}:
        return response.status_code, urlsplit(urljoin(url, response["Location"])).path
    html = response.get("Content-Type", "").startswith("text/html") and not getattr(response, "streaming", False)
    return response.status_code, response.content.decode() if html else ""


def crawl(user: User | None) -> tuple[list[str], list[str]]:
    """The URLs visited for ``user`` (None: somebody not signed in) and the problems found on them."""
    # No Accept-Language: Indonesian, the default. A server error is listed (and logged), not raised,
    # so one run names every broken page.
    client = Client(raise_request_exception=False)
    if user is None:
        certificate = Certificate.objects.first()
        start = [*PUBLIC, f"/verify/{certificate.code}" if certificate else "/verify/UNKNOWN"]
    else:
        client.force_login(user)
        start = ["/", *[item["url"] for item in nav_for(user)]]
    problems: list[str] = []
    visited: dict[str, int] = {}
    shapes: Counter[str] = Counter()
    queue: list[tuple[str, str, int]] = [(url, "navigation", 0) for url in dict.fromkeys(start)]
    while queue:
        url, source, depth = queue.pop(0)
        if url in visited:
            continue
        status, body = visit(client, url)
        visited[url] = status
        where = f"{url} (from {source})"
        if status not in ALLOWED:
            problems.append(f"{where}: status {status}")
            continue
        if depth == 0 and status not in {200, 302}:
            problems.append(f"{where}: a navigation page answers {status}")
        if status == 302:
            target = body
            if user is not None and target.startswith("/accounts/login/"):
                problems.append(f"{where}: sends a signed-in user to the login page")
            else:
                queue.insert(0, (target, url, depth))
            continue
        if not body:  # a download (CSV, Excel, PDF, a lesson file)
            continue
        if '<html lang="id"' not in body:
            problems.append(f'{where}: not marked <html lang="id">')
        page = parse(body)
        untranslated = sorted(set(page.ui_texts + page.all_texts) & english_only())
        if untranslated:
            problems.append(f"{where}: English in Indonesian mode: {untranslated}")
        if depth < MAX_DEPTH:
            for link in same_site_links(url, page):
                if link in visited:
                    continue
                if depth >= 1:
                    key = shape(link)
                    if shapes[key] >= PER_SHAPE:
                        continue
                    shapes[key] += 1
                queue.append((link, url, depth + 1))
    return list(visited), problems


def seed_demo_world(cases: int = CASES, password: str = "") -> None:
    """seed_demo and seed_demo_cases on just the regions they need: cases, referrals, transfers,
    conferences, online abuse, notifications, data protection and the demo training event."""
    load_region_rows(
        {*PROVINCES, "31", "32", "52", "73", "91"},
        {*REGENCY_SHARE, "31.71", "31.74", "32.73", "52.71", "73.71", "91.71"},
    )
    District.objects.create(code="32.73.04", regency_id="32.73", name="Sumur Bandung")
    call_command("seed_demo", password=password, stdout=StringIO())
    seed(cases=cases)


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo lesson handout is stored here
    seed_demo_world()
    users: dict[str, User | None] = {
        r: User.objects.get(email=f"{login}@demo.sigap.test") for r, login in ROLES.items()
    }
    return {**users, "not signed in": None}


def test_every_role_can_open_every_page_it_is_offered_in_indonesian(world):
    covered: Counter[str] = Counter()
    problems: list[str] = []
    for role, user in world.items():
        visited, found = crawl(user)
        covered[role] = len(visited)
        problems += [f"[{role}] {problem}" for problem in found]
    print("URLs crawled per role:", dict(covered))  # shown with -s
    assert problems == [], "The crawl found broken pages:\n" + "\n".join(problems)
    assert all(count >= 5 for count in covered.values()), covered  # the crawl did get somewhere
