"""Uploads never touch the disk in plain text (docs/security.md, "Uploads").

Django's own handlers write an upload larger than ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary
file before any check runs. Sigap instead

- refuses a request larger than ``SIGAP_REQUEST_MAX_MB`` from its ``Content-Length``, before its
  body is read (:class:`RequestSizeLimitMiddleware`, 413 in the layout or in the API's error format);
- reads a chunked body (no ``Content-Length``) into memory, only up to that limit;
- keeps every uploaded file in memory (:class:`MemoryOnlyUploadHandler`, the only upload handler),
  at most ``SIGAP_ATTACHMENT_MAX_MB`` and one byte of it, until the verb encrypts it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

MB = 1024 * 1024
_READ_CHUNK = 64 * 1024


def request_max_bytes() -> int:
    return int(settings.SIGAP_REQUEST_MAX_MB) * MB


def file_max_bytes() -> int:
    return int(settings.SIGAP_ATTACHMENT_MAX_MB) * MB


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Keeps each uploaded file in memory, whatever its size, and never more of it than one byte past
    the file limit: the rest is counted, not kept, so the verb's size check (``read_upload``) still
    answers "The file is larger than … MB." A body growing past the request limit is refused."""

    def handle_raw_input(self, *args: Any, **kwargs: Any) -> None:
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.file = io.BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received > request_max_bytes():
            # Unreachable behind RequestSizeLimitMiddleware; kept so the limit holds on its own.
            raise RequestDataTooBig("Upload larger than SIGAP_REQUEST_MAX_MB.")
        room = file_max_bytes() + 1 - self.file.tell()
        if room > 0:
            self.file.write(raw_data[:room])

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,  # the size sent, not the part kept
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


class RequestSizeLimitMiddleware:
    """Refuse a request body over ``SIGAP_REQUEST_MAX_MB`` before any of it is read or parsed.

    Placed after the language middleware so the page is in the user's language, and before anything
    that reads the body (CSRF, views)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = request_max_bytes()
        declared = _declared_length(request)
        if declared is not None:
            if declared > limit:
                return too_large(request)
        elif _is_chunked(request):
            # Django reads nothing of a body without Content-Length: read it here, in memory, up to
            # the limit, and hand Django the bytes with their length.
            body = _read_at_most(request.META["wsgi.input"], limit + 1)
            if len(body) > limit:
                return too_large(request)
            request._stream = LimitedStream(io.BytesIO(body), len(body))  # type: ignore[assignment]
            request.META["CONTENT_LENGTH"] = str(len(body))
        return self.get_response(request)


def _declared_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None  # absent or malformed: Django then reads no body


def _is_chunked(request: HttpRequest) -> bool:
    return "wsgi.input" in request.META and "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()


def _read_at_most(stream: Any, size: int) -> bytes:
    buffer = io.BytesIO()
    while buffer.tell() < size:
        chunk = stream.read(min(_READ_CHUNK, size - buffer.tell()))
        if not chunk:
            break
        buffer.write(chunk)
    return buffer.getvalue()


def _too_large_message() -> str:
    return _(
        "What you sent is too large: at most %(max)d MB can be sent at once. Nothing was read or stored. "
        "A file can be at most %(file_max)d MB."
    ) % {"max": request_max_bytes() // MB, "file_max": file_max_bytes() // MB}


def _api_error(message: str) -> dict[str, Any]:
    return {"error": {"status": 413, "code": "request_too_large", "message": message}}


def too_large(request: HttpRequest) -> HttpResponse:
    """413: a page in Sigap's layout, or the API's error body (sigap/api/errors.py) under /api/."""
    message = _too_large_message()
    if request.path.startswith("/api/"):
        return JsonResponse(_api_error(message), status=413)
    referer = request.META.get("HTTP_REFERER", "")
    back = referer if url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()) else "/"
    return render(request, "core/request_too_large.html", {"message": message, "back": back}, status=413)


class ASGIRequestSizeLimit:
    """The same limit for the ASGI entry point (``sigap.asgi``), which must act before Django: Django's
    ASGI handler reads the whole body before any middleware runs, into a file that moves to disk past
    ``FILE_UPLOAD_MAX_MEMORY_SIZE``. A body over the limit is refused from its ``content-length``, or,
    while it streams in, cut off before the chunk that would pass the limit (Django then sees the
    client gone); either way this answers 413 itself, in the default language (no user yet)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = request_max_bytes()
        length = dict(scope.get("headers") or []).get(b"content-length", b"")
        if length.isdigit() and int(length) > limit:
            await self._refuse(scope, send)
            return
        received = 0
        cut_off = False

        async def limited_receive() -> dict[str, Any]:
            nonlocal received, cut_off
            if cut_off:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    cut_off = True
                    return {"type": "http.disconnect"}
            return message

        await self.app(scope, limited_receive, send)
        if cut_off:
            await self._refuse(scope, send)

    async def _refuse(self, scope: dict[str, Any], send: Any) -> None:
        message = _too_large_message()
        if scope.get("path", "").startswith("/api/"):
            body, content_type = json.dumps(_api_error(message)).encode(), b"application/json"
        else:
            body, content_type = f"<!doctype html><title>413</title><p>{escape(message)}</p>".encode(), b"text/html"
        headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
