"""Shared pieces of the cases API: the nested case, the version check, the documented errors."""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ParseError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser
from rest_framework.utils import json as drf_json

from sigap.api.errors import ErrorSerializer
from sigap.audit.access import AccessAction, log_access, log_access_many
from sigap.cases.access import get_case_for_user
from sigap.cases.models import Case
from sigap.lib.forms import SENT_TWICE, repeated

# What a viewset mixin is mixed into: the type checker sees the view, so ``super()`` calls check.
if TYPE_CHECKING:
    ViewMixinBase = GenericAPIView[Any]
else:
    ViewMixinBase = object

CASE_PK = OpenApiParameter("case_pk", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Case id")

ERRORS: dict[int, OpenApiResponse] = {
    400: OpenApiResponse(ErrorSerializer, description="Not valid (the verb's reason in `fields`)"),
    403: OpenApiResponse(ErrorSerializer, description="The caller's role may not do this"),
    404: OpenApiResponse(ErrorSerializer, description="No such record, or not visible to the caller"),
}
CONFLICT: dict[int, OpenApiResponse] = {
    409: OpenApiResponse(ErrorSerializer, description="Somebody else changed the record since `version` was read"),
}

# Any request can get it (sigap/core/uploads.py); documented on the operations that take a file.
TOO_LARGE: dict[int, OpenApiResponse] = {
    413: OpenApiResponse(ErrorSerializer, description="The body is larger than SIGAP_REQUEST_MAX_MB; nothing was read"),
}


def responses(ok: Any, *, status: int = 200, conflict: bool = False) -> dict[int, Any]:
    """The success response plus the errors every write may give."""
    return {status: ok, **ERRORS, **(CONFLICT if conflict else {})}


_ENUM_FIELDS: dict[str, type[serializers.ChoiceField]] = {}


def named_enum(component: str, choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    """A choice field whose values are a schema component of their own, named here.

    Needed where different code lists share a field name (``status`` of a plan, an action and a
    closure) or one list of values has two names (priority and risk level are both high/medium/low);
    the schema generator would otherwise guess names and warn.
    """
    field_class = _ENUM_FIELDS.get(component)
    if field_class is None:
        schema = serializers.ChoiceField(choices=choices, allow_blank=kwargs.get("allow_blank", False))
        field_class = type(f"{component}Field", (serializers.ChoiceField,), {})
        field_class = extend_schema_field(schema, component_name=component)(field_class)
        _ENUM_FIELDS[component] = field_class
    return field_class(choices=choices, **kwargs)


class VersionSerializer(serializers.Serializer[Any]):
    """Writes to a versioned record send back the ``version`` they read (lost-update check)."""

    version = serializers.IntegerField(
        min_value=1, help_text=_("The record's version as read; a stale version gets 409 conflict.")
    )


def uuid_or_404(value: Any) -> UUID:
    """An id from the URL; a malformed one is a 404 like any unknown id (the screens' URLs only accept UUIDs)."""
    try:
        return UUID(str(value))
    except ValueError:
        raise Http404 from None


def load_case(user: Any, pk: Any, need: str = "view") -> Case:
    return get_case_for_user(user, uuid_or_404(pk), need=need)


def _logged(request: Any) -> bool:
    return bool(getattr(getattr(request, "_request", request), "sigap_access_logged", False))


def refuse_search_in_url(request: Any, endpoint: str) -> None:
    """A search term in the query string is refused (400), not ignored: a name, NIK or phone must
    not be in a web address (proxies and access logs keep them), so searches are POSTed to ``endpoint``."""
    if "q" in request.query_params:
        raise serializers.ValidationError(
            {
                "q": [
                    _("Send the search in the body of POST %(endpoint)s, not in the web address.")
                    % {"endpoint": endpoint}
                ]
            }
        )


class LogsListReads(ViewMixinBase):
    """A list of personal records read through the API: every record on the page goes into the
    access log, in one insert (a list, or a search POSTed to the list's ``search`` action)."""

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        view: Any = self
        if page is not None and (view.request.method == "GET" or getattr(view, "action", "") == "search"):
            log_access_many(user=view.request.user, objs=page, action=AccessAction.API_READ, request=view.request)
        return page


class CaseNestedMixin(ViewMixinBase):
    """For viewsets under /cases/{case_pk}/: the case is loaded once, through get_case_for_user
    (404 when the caller may not see it; 403 when ``need`` is "edit" or "approve" and they may not).

    Subclasses name their ``model`` and give ``records(case)``, the case's records as listed.

    Every successful read (GET) is logged once: the record read, or the case for a list. A view
    that logs its own read (a download) marks the request and is not logged twice.
    """

    logs_reads = True

    model: type[Model]

    def records(self, case: Case) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no case
            return self.model._default_manager.none()
        return self.records(self.get_case())

    def get_object(self) -> Any:
        obj = super().get_object()
        self.__dict__["_read_object"] = obj
        return obj

    def log_read(self, request: Any) -> None:
        obj = self.__dict__.get("_read_object") or self.get_case()
        log_access(user=request.user, obj=obj, action=AccessAction.API_READ, request=request)

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        if (
            self.logs_reads
            and request.method == "GET"
            and response.status_code == 200
            and "_cases" in self.__dict__
            and not _logged(request)
        ):
            self.log_read(request)
        return super().finalize_response(request, response, *args, **kwargs)

    def get_case(self, need: str = "view") -> Case:
        view: Any = self
        cache: dict[str, Case] = self.__dict__.setdefault("_cases", {})
        if need not in cache:
            cache[need] = load_case(view.request.user, view.kwargs["case_pk"], need=need)
        return cache[need]


class SaidOnceMixin:
    """Refuse a form body (multipart or urlencoded) that sends one of ``said_once`` twice, or one of
    ``not_blank`` empty (with its message): whether a file shows a sexual image is said once and
    clearly — DRF would let the last value win, and take the field's default for an empty one."""

    said_once: tuple[str, ...] = ()
    not_blank: dict[str, Any] = {}

    def to_internal_value(self, data: Any) -> Any:
        errors: dict[str, list[str]] = {name: [str(SENT_TWICE)] for name in repeated(data, self.said_once)}
        if hasattr(data, "getlist"):
            for name, message in self.not_blank.items():
                if name not in errors and data.getlist(name) == [""]:
                    errors[name] = [str(message)]
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)  # type: ignore[misc]


class SaidOnceJSONParser(JSONParser):
    """JSON in which no object has a key twice (``json`` would keep the last value)."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return drf_json.loads(codecs.getreader(encoding)(stream).read(), object_pairs_hook=_no_repeated_keys)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc  # as DRF's JSONParser says it


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _value in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise ParseError(_("%(name)s appears more than once. Send each field once.") % {"name": key})
    return dict(pairs)
