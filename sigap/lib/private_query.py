"""Search terms that may hold personal data, kept out of web addresses.

A name, NIK, phone number or date of birth in a URL ends up in the access logs of gunicorn and of
every proxy, and in the browser's history. A search form that may hold one is POSTed; the view keeps
the term in the user's session, encrypted, under a random token, and redirects to ``?s=<token>``,
so pages, sorting and the back button still work with an address that says nothing about anyone.

A token is bound to the session it was made in (so to the signed-in user: the session is flushed
at sign-out and rotated at sign-in), lasts ``LIFETIME`` at most and only the ``KEEP`` newest are
kept.
"""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

from sigap.lib import crypto

SESSION_KEY = "sigap_private_queries"
URL_PARAMETER = "s"  # the query-string parameter that carries the token
LIFETIME_SECONDS = 8 * 3600  # a working day
KEEP = 20


def remember(request: Any, values: dict[str, str]) -> str:
    """Keep ``values`` (the personal part of a search) for this session; the token to put in the URL."""
    now = int(time.time())
    saved = {
        token: entry
        for token, entry in request.session.get(SESSION_KEY, {}).items()
        if entry.get("at", 0) > now - LIFETIME_SECONDS
    }
    token = secrets.token_urlsafe(16)
    saved[token] = {"at": now, "values": crypto.encrypt_text(json.dumps(values))}
    newest = sorted(saved.items(), key=lambda item: item[1]["at"])[-KEEP:]
    request.session[SESSION_KEY] = dict(newest)
    return token


def recall(request: Any, token: str) -> dict[str, str] | None:
    """The values kept under ``token`` in this session, or None (unknown, another session's, expired)."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or entry.get("at", 0) <= int(time.time()) - LIFETIME_SECONDS:
        return None
    try:
        values = json.loads(crypto.decrypt_text(entry["values"], label="a kept search"))
    except (ValueError, KeyError, crypto.UndecryptableError):
        return None
    return {str(k): str(v) for k, v in values.items()} if isinstance(values, dict) else None
