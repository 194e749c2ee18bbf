"""Query strings kept out of logs.

Sigap never builds a web address with a name, NIK, phone or date of birth in it (searches are
POSTed, see ``sigap.lib.private_query``), but a hand-typed or old address might hold one. So no log
writes a query string: gunicorn's access log uses the path alone (``gunicorn.conf.py``), and this
filter cuts the query string from the messages of the loggers that would otherwise write one
(``django.server``, the development server's request lines; ``gunicorn.error``, which names the
request a worker failed on).
"""

from __future__ import annotations

import logging
import re

# "/path?query" up to the next white space or quote: the path is kept, the query dropped.
_QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")


def without_query(text: str) -> str:
    """``text`` with the query string of every path in it cut off."""
    return _QUERY.sub(r"\1", text)


class DropQueryStrings(logging.Filter):
    """Cut query strings from a record's message, formatted with its arguments (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "?" in message:
            record.msg, record.args = without_query(message), None
        return True
