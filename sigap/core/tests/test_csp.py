"""The Content-Security-Policy allows no inline script, and no template needs one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sigap
from sigap.core.middleware import CONTENT_SECURITY_POLICY

TEMPLATES = sorted(Path(sigap.__file__).parent.glob("**/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def directive(policy: str, name: str) -> str:
    return next(part for part in policy.split("; ") if part.startswith(name + " "))


def test_scripts_may_come_only_from_sigap_itself():
    assert directive(CONTENT_SECURITY_POLICY, "script-src") == "script-src 'self'"
    assert "unsafe-inline" not in directive(CONTENT_SECURITY_POLICY, "default-src")
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY


def test_there_are_templates_to_scan():
    assert len(TEMPLATES) > 30


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(Path(sigap.__file__).parent)))
def test_no_template_has_inline_script_or_event_handlers(template):
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it into a file under static/"
    assert not EVENT_HANDLER.search(text), "on…= handler: attach it from a script file instead"
    assert not JAVASCRIPT_URL.search(text), "javascript: URL"


def test_the_scan_recognises_what_it_forbids():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert EVENT_HANDLER.search('<button class="x" onclick="go()">')
    assert not EVENT_HANDLER.search('<a href="/x" data-confirm="sure?">')


@pytest.mark.django_db
def test_every_page_sends_the_policy_and_api_docs_relax_only_styles(client):
    assert client.get("/accounts/login/")["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    docs = client.get("/api/docs/")["Content-Security-Policy"]
    assert directive(docs, "script-src") == "script-src 'self'"
