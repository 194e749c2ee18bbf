"""gunicorn's settings, read from the working directory (scripts/serve.sh and the systemd unit in
docs/deploy.md start gunicorn from the repository's root; ``--config gunicorn.conf.py`` elsewhere).

The access log writes the path without its query string (``%(U)s``, not ``%(r)s``) and no referrer
(``%(f)s`` is the previous page's full address): no name, NIK, phone or date of birth may ever be in
a log, whatever address a browser or a proxy sends (docs/security.md, "Logs").
"""

from typing import Any

access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'


def post_worker_init(worker: Any) -> None:
    """gunicorn's error log names the request a worker failed on, query string included: cut it."""
    from sigap.lib.querystrings import DropQueryStrings

    worker.log.error_log.addFilter(DropQueryStrings())
