"""One error format for the whole API.

Every error body is ``{"error": {"status": 404, "code": "not_found", "message": "…", "fields": {…}}}``;
``fields`` is present for validation errors and maps field names to lists of messages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
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


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        flat: list[Any] = []
        for item in detail:
            value = _flatten(item)
            flat.extend(value if isinstance(value, list) else [value])
        return flat
    return [str(detail)]


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
    body: dict[str, Any] = {"status": response.status_code, "code": exc.default_code}
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        if not isinstance(fields, dict):
            fields = {"non_field_errors": fields}
        body["code"] = "invalid"
        body["message"] = _("The data sent is not valid.")
        body["fields"] = fields
    else:
        detail = exc.detail
        body["code"] = getattr(detail, "code", None) or exc.default_code
        body["message"] = str(detail) if not isinstance(detail, (dict, list)) else str(exc.default_detail)
    response.data = {"error": body}
    return response
