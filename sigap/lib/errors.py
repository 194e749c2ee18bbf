"""Error answers: Sigap's pages for 400, 403, 404, 429 and 500, JSON in the API's one error format
under ``/api/``, and 503 while the database cannot be reached.

The 500 and 503 answers never touch the database: they are rendered without the request's context
processors (no user, session, navigation or messages, each of which may query), from templates that
need only static files and URLs. Every other page is rendered with the usual layout and navigation.
"""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.api.errors import error_response

# How long a client should wait before trying again while the database is unreachable.
RETRY_AFTER_SECONDS = 30
# Fields of a form the 503 page offers to send again; a file cannot be put back by the server.
_NOT_RESENT = {"csrfmiddlewaretoken"}


def wants_json(request: HttpRequest) -> bool:
    """The API (and the health check) answer in JSON; everything else is a page."""
    return request.path.startswith("/api/") or request.path == "/healthz"


def _page(request: HttpRequest, status: int, title: Any, message: Any, hint: Any = "") -> HttpResponse:
    context = {"status": status, "title": title, "message": message, "hint": hint, "back": _back_url(request)}
    return render(request, "errors/error.html", context, status=status)


def _on_cases(request: HttpRequest) -> bool:
    return request.path.startswith("/cases/")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):
        return error_response(400, "bad_request", _("The request could not be understood."))
    return _page(
        request,
        400,
        _("The request could not be understood"),
        _("Something in the address or the form sent was not what Sigap expected."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A verb's reason ("Only a supervisor may assign this case.") is translated and worth showing.
    reason = str(exception) if exception is not None and str(exception) else ""
    if wants_json(request):
        return error_response(403, "permission_denied", reason or _("You do not have permission to do this."))
    hint = (
        _("You may see this case but not do this on it. If you need to, ask the case manager or your supervisor.")
        if _on_cases(request)
        else _("If you need this, ask your supervisor or your organisation's administrator.")
    )
    return _page(request, 403, _("You may not do this"), reason or _("Your role does not allow this here."), hint)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):
        return error_response(404, "not_found", _("Not found."))
    hint = (
        _(
            "The case does not exist, or it belongs to another team or organisation. "
            "If you need to work on it, ask your supervisor."
        )
        if _on_cases(request) and request.user.is_authenticated
        else _("Check the address, or go back to the page you came from.")
    )
    return _page(request, 404, _("Page not found"), _("There is nothing here that you may see."), hint)


def too_many_requests(request: HttpRequest, retry_after: int = 60) -> HttpResponse:
    """429 with ``Retry-After``: a page, or the error format under ``/api/``."""
    headers = {"Retry-After": str(retry_after)}
    if wants_json(request):
        return error_response(429, "throttled", _("Too many requests. Try again in a minute."), headers=headers)
    response = _page(
        request,
        429,
        _("Too many requests"),
        _("Too many requests. Try again in a minute."),
        _("This limit protects the people whose records Sigap holds. Nothing you saved is lost."),
    )
    response["Retry-After"] = str(retry_after)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid security token, mostly from a page left open across a sign-out."""
    if wants_json(request):
        return error_response(403, "csrf_failed", _("The security token of this request is missing or expired."))
    return _page(
        request,
        403,
        _("This form has expired"),
        _("The form was open too long, or you signed out and in again meanwhile, so it was not sent."),
        _("Go back, reload the page and send it again; what you typed may still be in the form."),
    )


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether an exception (or one it was raised from) says the database cannot be reached."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, (OperationalError, InterfaceError)):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 with ``Retry-After`` when the database is unreachable; never queries the database.

    Django calls this while the exception is being handled, wherever it was raised (a view, the
    session or user lookup in a middleware, the session save), so ``sys.exc_info()`` names it.
    """
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    if wants_json(request):
        return error_response(500, "server_error", _("Something went wrong on our side. Try again later."))
    html = loader.render_to_string("errors/500.html", {"back": _back_url(request)})
    return HttpResponse(html, status=500)


DATABASE_DOWN_MESSAGE = gettext_lazy("Sigap cannot reach its database. Nothing was saved; try again in a moment.")


def service_unavailable(request: HttpRequest) -> HttpResponse:
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    if request.path == "/healthz":
        return health_body(database="unreachable", headers=headers)
    if wants_json(request):
        return error_response(503, "database_unavailable", str(DATABASE_DOWN_MESSAGE), headers=headers)
    context = {
        "message": DATABASE_DOWN_MESSAGE,
        "resend": _resend_form(request),
        "back": _back_url(request),
        "retry_after": RETRY_AFTER_SECONDS,
    }
    html = loader.render_to_string("errors/503.html", context)
    return HttpResponse(html, status=503, headers=headers)


def health_body(*, database: str, headers: dict[str, str] | None = None) -> JsonResponse:
    """What ``/healthz`` answers: ``{"status", "database", "version"}``, 503 unless the database is "ok"."""
    healthy = database == "ok"
    body = {"status": "ok" if healthy else "error", "database": database, "version": settings.VERSION}
    return JsonResponse(body, status=200 if healthy else 503, headers=headers)


def _back_url(request: HttpRequest) -> str:
    """Where "go back" leads: the page the user came from on this site, else the home page."""
    from django.utils.http import url_has_allowed_host_and_scheme

    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the very reason for a 400
        return "/"
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={host}):
        return referer
    return "/"


def _resend_form(request: HttpRequest) -> dict[str, Any] | None:
    """What the user typed into the form, so the 503 page can send it again unchanged.

    A body the view already read is reused. Otherwise a plain form is read, and a multipart one only
    when it is small enough to stay in memory (a bigger one would be written to disk to parse it);
    files are never offered again: the browser does not let a page put a chosen file back.
    """
    if request.method != "POST":
        return None
    if not hasattr(request, "_post"):
        small = _content_length(request) <= settings.FILE_UPLOAD_MAX_MEMORY_SIZE
        plain = request.content_type == "application/x-www-form-urlencoded"
        if not (plain or (request.content_type == "multipart/form-data" and small)):
            return None
    try:
        data = request.POST
    except Exception:  # noqa: BLE001 - an unreadable body just means nothing to offer again
        return None
    fields = [(name, value) for name, values in data.lists() for value in values if name not in _NOT_RESENT]
    if not fields:
        return None
    token = data.get("csrfmiddlewaretoken", "")
    return {"action": request.get_full_path(), "fields": fields, "csrf_token": token}


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
