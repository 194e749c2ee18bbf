"""/api/v1/home/: the home page's panels for the signed-in user, the same sections in the same
order (sigap.home.panels), as JSON."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sigap.home.panels import build_home
from sigap.lib.http import SignedInApiRequest

ITEMS = inline_serializer(
    "HomeItem",
    many=True,
    fields={
        "title": serializers.CharField(),
        "url": serializers.CharField(),
        "detail": serializers.CharField(),
        "case": serializers.UUIDField(allow_null=True),
        "case_number": serializers.CharField(),
        "client_name": serializers.CharField(),
        "risk": serializers.CharField(),
        "due_at": serializers.DateTimeField(allow_null=True),
        "state": serializers.CharField(help_text="overdue, due_soon or empty"),
        "since": serializers.DateTimeField(allow_null=True),
    },
)
PANELS = inline_serializer(
    "HomePanel",
    many=True,
    fields={
        "key": serializers.CharField(help_text="do_now, this_week, my_cases, approvals, team, subject_requests …"),
        "title": serializers.CharField(),
        "count": serializers.IntegerField(),
        "items": ITEMS,
        "more_url": serializers.CharField(),
    },
)


class HomeView(APIView):
    """What to do today: the signed-in user's home panels, in page order. Panels may add their own
    fields: ``my_cases`` has ``stages`` (each with its items), ``team`` has ``workers`` and
    ``threshold``, lists cut short have ``more``."""

    request: SignedInApiRequest

    @extend_schema(responses=inline_serializer("Home", {"panels": PANELS}), operation_id="home")
    def get(self, request: SignedInApiRequest) -> Response:
        panels: list[dict[str, Any]] = [panel.as_json() for panel in build_home(request.user)]
        return Response({"panels": panels})
