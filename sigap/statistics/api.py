"""The API of the monthly verification (same rules as the screens: 404 for another organisation,
403 for a reader who may not verify). The figures' API is built on ``sigap.statistics.queries``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from sigap.lib.http import SignedInApiRequest
from sigap.statistics import actions
from sigap.statistics.access import get_statistics_organisation
from sigap.statistics.months import month_rows
from sigap.statistics.views import parse_month


class VerificationSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    verified_at = serializers.DateTimeField()
    cases = serializers.IntegerField()


class MonthSerializer(serializers.Serializer[Any]):
    month = serializers.DateField()
    cases = serializers.IntegerField()
    cases_missing_national_fields = serializers.IntegerField()
    registered_late = serializers.IntegerField()
    verified = serializers.BooleanField()
    verification = VerificationSerializer(allow_null=True)
    revisions = serializers.IntegerField()


class ReviewSerializer(MonthSerializer):
    victims = serializers.IntegerField()
    perpetrators = serializers.IntegerField()
    national_fields_missing = serializers.IntegerField()
    unverified = serializers.IntegerField()


def _verification(verification: Any) -> dict[str, Any] | None:
    if verification is None:
        return None
    return {"id": verification.pk, "verified_at": verification.verified_at, "cases": verification.cases}


def review_data(review: actions.MonthReview) -> dict[str, Any]:
    return {
        "month": review.month,
        "cases": review.cases,
        "victims": review.victims,
        "perpetrators": review.perpetrators,
        "cases_missing_national_fields": review.cases_missing_national_fields,
        "national_fields_missing": review.national_fields_missing,
        "registered_late": review.registered_late,
        "unverified": review.unverified,
        "verified": review.verification is not None,
        "verification": _verification(review.verification),
        "revisions": review.revisions,
    }


class MonthListView(APIView):
    """The organisation's last twelve months with their completeness and verification."""

    request: SignedInApiRequest

    @extend_schema(responses=MonthSerializer(many=True))
    def get(self, request: SignedInApiRequest, pk: Any) -> Response:
        organisation = get_statistics_organisation(request.user, pk)
        rows = month_rows(organisation, timezone.localdate())
        data = [
            {
                "month": r.month,
                "cases": r.cases,
                "cases_missing_national_fields": r.incomplete,
                "registered_late": r.late,
                "verified": r.verification is not None,
                "verification": _verification(r.verification),
                "revisions": r.revisions,
            }
            for r in rows
        ]
        return Response(MonthSerializer(data, many=True).data)


class MonthReviewView(APIView):
    """One month's review (``month`` as ``YYYY-MM``)."""

    request: SignedInApiRequest

    @extend_schema(responses=ReviewSerializer)
    def get(self, request: SignedInApiRequest, pk: Any, month: str) -> Response:
        organisation = get_statistics_organisation(request.user, pk)
        return Response(ReviewSerializer(review_data(actions.review_month(organisation, parse_month(month)))).data)


class MonthVerifyView(APIView):
    """Verify the month: its figures are frozen (data officers of the organisation)."""

    request: SignedInApiRequest

    @extend_schema(request=None, responses={201: ReviewSerializer})
    def post(self, request: SignedInApiRequest, pk: Any, month: str) -> Response:
        first = parse_month(month)
        organisation = get_statistics_organisation(request.user, pk, verify=True)
        actions.verify_month(organisation, first, actor=request.user)
        review = actions.review_month(organisation, first)
        return Response(ReviewSerializer(review_data(review)).data, status=status.HTTP_201_CREATED)
