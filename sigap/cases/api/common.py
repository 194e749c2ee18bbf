"""Shared pieces of the cases API: the nested case, the version check, the documented errors."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from sigap.api.errors import ErrorSerializer
from sigap.cases.access import get_case_for_user
from sigap.cases.models import Case

CASE_PK = OpenApiParameter("case_pk", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Case id")

ERRORS: dict[int, OpenApiResponse] = {
    400: OpenApiResponse(ErrorSerializer, description="Not valid (the verb's reason in `fields`)"),
    403: OpenApiResponse(ErrorSerializer, description="The caller's role may not do this"),
    404: OpenApiResponse(ErrorSerializer, description="No such record, or not visible to the caller"),
}
CONFLICT: dict[int, OpenApiResponse] = {
    409: OpenApiResponse(ErrorSerializer, description="Somebody else changed the record since `version` was read"),
}


def responses(ok: Any, *, status: int = 200, conflict: bool = False) -> dict[int, Any]:
    """The success response plus the errors every write may give."""
    return {status: ok, **ERRORS, **(CONFLICT if conflict else {})}


class VersionSerializer(serializers.Serializer[Any]):
    """Writes to a versioned record send back the ``version`` they read (lost-update check)."""

    version = serializers.IntegerField(
        min_value=1, help_text=_("The record's version as read; a stale version gets 409 conflict.")
    )


def load_case(user: Any, pk: Any, need: str = "view") -> Case:
    """get_case_for_user, with a malformed id as a 404 too (the screens' URLs only accept UUIDs)."""
    try:
        pk = UUID(str(pk))
    except ValueError:
        raise Http404 from None
    return get_case_for_user(user, pk, need=need)


class CaseNestedMixin:
    """For viewsets under /cases/{case_pk}/: the case is loaded once, through get_case_for_user
    (404 when the caller may not see it; 403 when ``need`` is "edit" or "approve" and they may not)."""

    def get_case(self, need: str = "view") -> Case:
        view: Any = self
        cache: dict[str, Case] = self.__dict__.setdefault("_cases", {})
        if need not in cache:
            cache[need] = load_case(view.request.user, view.kwargs["case_pk"], need=need)
        return cache[need]
