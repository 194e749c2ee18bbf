"""One error format for the whole API.

Every error body is ``{"error": {"status": 404, "code": "not_found", "message": "…", "fields": {…}}}``;
``fields`` is present for validation errors and maps field names to lists of messages. A nested
field is named by its path, its parts joined by dots: ``victims.0.nik``, ``goals.1.actions.0.title``.

``error_body`` and ``error_response`` build the format outside DRF (Django's error handlers, the
database-down answer, middleware that refuses a request before any view runs).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class ErrorDetailSerializer(serializers.Serializer[Any]):
    """Describes the error body for the schema. ``fields`` cannot be a class attribute on a serializer."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "status": serializers.IntegerField(),
            "code": serializers.CharField(),
            "message": serializers.CharField(),
            "fields": serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False),
        }


class ErrorSerializer(serializers.Serializer[Any]):
    error = ErrorDetailSerializer()


def error_body(status: int, code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The one error body: ``{"error": {"status", "code", "message"[, "fields"]}}``."""
    body: dict[str, Any] = {"status": status, "code": code, "message": str(message)}
    if fields is not None:
        body["fields"] = fields
    return {"error": body}


def error_response(status: int, code: str, message: str, *, headers: dict[str, str] | None = None) -> JsonResponse:
    """The error format as a plain Django response, for answers given outside a DRF view."""
    return JsonResponse(error_body(status, code, message), status=status, headers=headers)


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"path.to.field": ["message", …]}`` (the documented schema).

    Lists of messages stay lists; a list of nested objects (``many=True``) numbers its items, and
    items without errors (DRF sends ``{}``) are left out.
    """
    flat: dict[str, list[str]] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
            for index, item in enumerate(value):
                if isinstance(item, (dict, list)):
                    walk(item, f"{path}.{index}" if path else str(index))
                else:
                    flat.setdefault(path or "non_field_errors", []).append(str(item))
        elif isinstance(value, list):
            flat.setdefault(path or "non_field_errors", []).extend(str(item) for item in value)
        else:
            flat.setdefault(path or "non_field_errors", []).append(str(value))

    walk(detail, prefix)
    return flat


class Conflict(exceptions.APIException):
    """A lost update was prevented: the record changed since the caller read it (HTTP 409)."""

    status_code = 409
    default_code = "conflict"
    default_detail = gettext_lazy("The record changed since you read it.")


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError) and getattr(exc, "code", None) == "conflict":
        exc = Conflict(exc.messages[0], code="conflict")
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        # A verb's reason ("Only a supervisor may assign this case.") is worth passing on.
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        fields = flatten_errors(exc.detail)
        response.data = error_body(response.status_code, "invalid", _("The data sent is not valid."), fields)
    else:
        detail = exc.detail
        code = getattr(detail, "code", None) or exc.default_code
        message = str(detail) if not isinstance(detail, (dict, list)) else str(exc.default_detail)
        response.data = error_body(response.status_code, str(code), message)
    return response
