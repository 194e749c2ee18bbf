"""How Sigap writes its log lines (``LOGGING`` in settings.py).

An expected client error (4xx: a page of another organisation, a read-only user's POST, a bad
token) is one short line, ``GET /cases/<id>/ 404 user=<id>``: the method, the path without its
query string, the status and the acting user's id, and no traceback. Django's own messages for these
(``Not Found: …``, ``Forbidden (Permission denied): …``, a BadRequest's text) are dropped with the
traceback, because an exception's text may hold what the user typed. A server error (5xx) keeps its
full traceback. The development server's access lines (``django.server``) lose their query strings.

No log line may hold a NIK, phone, name or date of birth (docs/security.md); the test run checks
every record it logs for the NIKs and phones of the demo and test persons (``tests/logcheck.py``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils.functional import empty


def _user_id(request: Any) -> str:
    """The acting user's id, without loading a user only to log it (a lazy user not yet read is ``-``)."""
    user = getattr(request, "__dict__", {}).get("user")
    if user is None:
        return "-"
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is empty:
        return "-"
    pk = getattr(wrapped, "pk", None)
    return str(pk) if pk is not None else "-"


def client_error_line(record: logging.LogRecord) -> str | None:
    """The one line for a 4xx response logged by Django (``django.request``, ``django.security.*``),
    or None when the record is not one."""
    status = getattr(record, "status_code", None)
    request = getattr(record, "request", None)
    if not isinstance(status, int) or not 400 <= status < 500:
        return None
    method, path = getattr(request, "method", None), getattr(request, "path", None)
    if not isinstance(method, str) or not isinstance(path, str):
        return None
    return f"{method} {path} {status} user={_user_id(request)}"


def _without_query(request_line: str) -> str:
    """``GET /cases/?q=… HTTP/1.1`` → ``GET /cases/ HTTP/1.1``."""
    parts = request_line.split(" ")
    if len(parts) >= 2:
        parts[1] = parts[1].split("?", 1)[0]
    return " ".join(parts)


class SigapFormatter(logging.Formatter):
    """The formatter of every Sigap handler; see the module docstring."""

    def format(self, record: logging.LogRecord) -> str:
        line = client_error_line(record)
        if line is not None:
            return super().format(self._copy(record, line, (), traceback=False))
        if record.name == "django.server" and record.args and isinstance(record.args, tuple):
            first, *rest = record.args
            if isinstance(first, str):
                return super().format(self._copy(record, record.msg, (_without_query(first), *rest)))
        return super().format(record)

    @staticmethod
    def _copy(
        record: logging.LogRecord, msg: Any, args: tuple[Any, ...], *, traceback: bool = True
    ) -> logging.LogRecord:
        """A copy with another message (the record itself is shared by every handler)."""
        copy = logging.makeLogRecord(record.__dict__)
        copy.msg, copy.args = msg, args
        if not traceback:
            copy.exc_info, copy.exc_text, copy.stack_info = None, None, None
        return copy
