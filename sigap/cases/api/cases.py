"""/api/v1/cases/: the case list, intake, the case record, and the steps taken on it (each a verb)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sigap.accounts.models import User
from sigap.api.pagination import BoundedCountPagination
from sigap.audit.access import AccessAction, log_access
from sigap.cases import actions, deadlines, extensions, search
from sigap.cases.access import can_list_cases, get_linkable_person, listable_cases, visible_cases
from sigap.cases.api.common import (
    CASE_PK,
    ERRORS,
    CaseNestedMixin,
    LogsListReads,
    load_case,
    named_enum,
    refuse_search_in_url,
    responses,
)
from sigap.cases.api.persons import registering_organisation
from sigap.cases.api.serializers import (
    AssignResultSerializer,
    AssignSerializer,
    CaseCreateSerializer,
    CaseDetailSerializer,
    CaseListSerializer,
    CaseUpdateSerializer,
    ReopenSerializer,
    TaskCompleteSerializer,
    TeamMemberCreateSerializer,
    TeamMemberSerializer,
    TimelineEventSerializer,
)
from sigap.cases.codes import RiskLevel, ViolenceForm
from sigap.cases.counts import DUE_STATES, case_counts
from sigap.cases.models import (
    Case,
    CasePerpetrator,
    CaseTask,
    CaseTeamMember,
    CaseVictim,
    Person,
    Stage,
    TaskKind,
    TimelineEvent,
)
from sigap.lib.http import SignedInApiRequest
from sigap.lib.models import attach
from sigap.organisations.models import Organisation

# Forward steps through the stages; closing and reopening go through /closures/ and /reopen/.
ADVANCE = ["start_assessment", "start_planning", "start_implementation", "start_follow_up"]


class CaseFilterSerializer(serializers.Serializer[Any]):
    """The case list's filters: the same as the screen's (sigap/cases/search.py). None of them
    holds personal data, so they may be in the query string of ``GET /cases/``."""

    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    risk = named_enum("RiskLevel", RiskLevel.choices, required=False)
    form = named_enum("ViolenceFormEnum", ViolenceForm.choices, required=False, help_text="Form of violence")
    overdue = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="true: an overdue deadline; false: none overdue"
    )
    due = serializers.ChoiceField(choices=search.DueFilter.choices, required=False)
    case_manager = serializers.CharField(required=False, help_text="A case manager's user id, or `none` (unassigned)")
    registered_from = serializers.DateField(required=False)
    registered_to = serializers.DateField(required=False)
    sort = serializers.ChoiceField(choices=search.Sort.choices, required=False, allow_blank=True)

    def validate_case_manager(self, value: str) -> str:
        if value != search.UNASSIGNED:
            serializers.UUIDField().to_internal_value(value)
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("registered_from"), attrs.get("registered_to")
        if start and end and start > end:
            raise serializers.ValidationError({"registered_to": [_("The end date is before the start date.")]})
        return attrs


class CaseSearchSerializer(CaseFilterSerializer):
    """The case search, POSTed to ``/cases/search/``: the filters and ``q``, which may hold a name, a
    NIK or a phone number and so never goes into a web address."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=search.MAX_QUERY_LENGTH,
        help_text="Case number (or its beginning), part of a client's name, a NIK or a phone number",
    )


class CaseCountsSerializer(serializers.Serializer[Any]):
    """The listed cases by stage and by next deadline (``GET /cases/counts/``)."""

    total = serializers.IntegerField()
    by_stage = serializers.DictField(child=serializers.IntegerField(), help_text="stage → cases")
    by_deadline = serializers.DictField(
        child=serializers.IntegerField(), help_text="overdue, today, week (the next 7 days), later, none → cases"
    )


def filter_cases(
    qs: QuerySet[Case], params: Any, serializer: type[CaseFilterSerializer] = CaseFilterSerializer
) -> QuerySet[Case]:
    """Search, filter and sort through sigap/cases/search.py, as the case list screen does."""
    incoming = serializer(data=params)
    incoming.is_valid(raise_exception=True)
    data = dict(incoming.validated_data)
    overdue = data.pop("overdue")
    if overdue:
        data["due"] = search.DueFilter.OVERDUE
    data["manager"] = data.pop("case_manager", "")
    qs = search.apply(qs, data)
    if overdue is False:
        qs = qs.exclude(next_due_at__lt=timezone.now())
    return qs


def _member_user(organisation: Organisation, pk: Any, field: str) -> User:
    """A user of the organisation named in a request; others are 'unknown' (no hint they exist)."""
    user = User.objects.filter(pk=pk, memberships__organisation=organisation, memberships__is_active=True).first()
    if user is None:
        raise serializers.ValidationError({field: [_("Choose a colleague of the organisation.")]})
    return user


def _person(actor: User, organisation: Organisation, ref: dict[str, Any], field: str) -> Person:
    """An existing person the caller may see, or a new one recorded through the verb."""
    ref = dict(ref)
    pk = ref.pop("id", None)
    if pk is None:
        return actions.create_person(actor=actor, organisation=organisation, values=ref)
    try:
        return get_linkable_person(actor, pk)
    except Http404:
        raise serializers.ValidationError({field: [_("Unknown person.")]}) from None


def _intake(actor: User, organisation: Organisation, data: dict[str, Any]) -> actions.Intake:
    return actions.Intake(
        client_type=data["client_type"],
        intake_channel=data["intake_channel"],
        risk_level=data["risk_level"],
        risk_reason=data["risk_reason"],
        forms=data["forms"],
        tpks_offences=data["tpks_offences"],
        victims=[_person(actor, organisation, ref, "victims") for ref in data["victims"]],
        perpetrators=[
            actions.PerpetratorLink(
                person=_person(actor, organisation, p["person"], "perpetrators"),
                relationship=p["relationship"],
                is_child=p["is_child"],
            )
            for p in data["perpetrators"]
        ],
        reporter=_person(actor, organisation, data["reporter"], "reporter") if data["reporter"] else None,
        intake_narrative=data["intake_narrative"],
        place=data["place"],
        incident_date=data["incident_date"],
        incident_date_estimated=data["incident_date_estimated"],
        incident_regency_id=data["incident_regency"],
        is_online=data["is_online"],
        flag_disability=data["flag_disability"],
        flag_pregnancy=data["flag_pregnancy"],
        flag_immediate_danger=data["flag_immediate_danger"],
        case_manager=_member_user(organisation, data["case_manager"], "case_manager") if data["case_manager"] else None,
    )


def detail_queryset() -> QuerySet[Case]:
    """Everything the case page shows, in a fixed number of queries."""
    return Case.objects.select_related("case_manager", "reporter").prefetch_related(
        "violence_forms",
        Prefetch("victims", CaseVictim.objects.select_related("person").order_by("-is_primary", "created_at")),
        Prefetch("perpetrators", CasePerpetrator.objects.select_related("person").order_by("created_at")),
        Prefetch("tasks", CaseTask.objects.order_by("due_at")),
    )


@extend_schema_view(
    list=extend_schema(parameters=[CaseFilterSerializer]),
    retrieve=extend_schema(responses=responses(CaseDetailSerializer)),
    create=extend_schema(request=CaseCreateSerializer, responses=responses(CaseDetailSerializer, status=201)),
    partial_update=extend_schema(
        request=CaseUpdateSerializer, responses=responses(CaseDetailSerializer, conflict=True)
    ),
)
class CaseViewSet(LogsListReads, mixins.ListModelMixin, viewsets.GenericViewSet[Case]):
    """Cases the caller may see (need-to-know: their own, their team's, their supervisees'). Every
    change goes through a verb; changes to the case itself send the ``version`` they read."""

    request: SignedInApiRequest

    serializer_class = CaseListSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    pagination_class = BoundedCountPagination  # never counts every visible case

    def get_queryset(self) -> QuerySet[Case]:
        if self.action == "list":
            refuse_search_in_url(self.request, "/api/v1/cases/search/")
        base = listable_cases if self.action == "list" else visible_cases
        qs = filter_cases(base(self.request.user), self.request.query_params)
        return qs.select_related("case_manager").prefetch_related("violence_forms")

    @extend_schema(request=CaseSearchSerializer, responses={200: CaseListSerializer(many=True), 400: ERRORS[400]})
    @action(detail=False, methods=["post"])
    def search(self, request: SignedInApiRequest) -> Response:
        """The case list searched by ``q`` (number, client name, NIK or phone) and filtered by the
        list's filters, all sent in the body; paginated like the list (``?page=`` in the address,
        the same body again)."""
        qs = filter_cases(listable_cases(request.user), request.data, CaseSearchSerializer)
        page = self.paginate_queryset(qs.select_related("case_manager").prefetch_related("violence_forms"))
        return self.get_paginated_response(
            CaseListSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(
        parameters=[CaseFilterSerializer],
        responses={200: CaseCountsSerializer, 400: ERRORS[400], 403: ERRORS[403]},
    )
    @action(detail=False, methods=["get"])
    def counts(self, request: SignedInApiRequest) -> Response:
        """How many of the listed cases (the list's filters, no search term) are in each stage and in
        each state of their next deadline, as the case list's chart shows: one aggregate query."""
        if not can_list_cases(request.user):
            raise PermissionDenied
        refuse_search_in_url(request, "/api/v1/cases/search/")
        now = timezone.now()
        counts = case_counts(filter_cases(listable_cases(request.user), request.query_params), now)
        return Response(
            {
                "total": counts["total"],
                "by_stage": {stage: counts[f"stage_{stage}"] for stage in Stage.values},
                "by_deadline": {state.key: counts[f"due_{state.key}"] for state in DUE_STATES},
            }
        )

    def _case(self, need: str = "view") -> Case:
        return load_case(self.request.user, self.kwargs["pk"], need=need)

    def _detail(self, case: Case, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = detail_queryset().get(pk=case.pk)
        data = CaseDetailSerializer(fresh, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def retrieve(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self._case()
        log_access(user=request.user, obj=case, action=AccessAction.API_READ, request=request)
        return self._detail(case)

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        incoming = CaseCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        organisation = registering_organisation(request.user, data.pop("organisation", None))
        with transaction.atomic():
            intake = _intake(request.user, organisation, data)
            case = actions.open_case(actor=request.user, organisation=organisation, intake=intake)
        return self._detail(case, status.HTTP_201_CREATED)

    def partial_update(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self._case("edit")
        incoming = CaseUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        actor = request.user
        with transaction.atomic():
            version = data["version"]
            if "risk_level" in data:
                actions.rate_risk(
                    case,
                    actor=actor,
                    risk_level=data["risk_level"],
                    reason=data["risk_reason"],
                    expected_version=version,
                )
                version = case.version
            if "forms" in data:
                actions.set_forms(case, actor=actor, forms=data["forms"], expected_version=version)
        return self._detail(case)

    @extend_schema(
        request=None,
        parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH, enum=ADVANCE, description="Transition")],
        responses=responses(CaseDetailSerializer),
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z_]+)")
    def transition(self, request: SignedInApiRequest, pk: str, name: str) -> Response:
        """Move the case one stage forward; 400 with the reason when the step is blocked."""
        if name not in ADVANCE:
            raise Http404
        case = self._case("edit")
        actions.advance(case, name, actor=request.user)
        return self._detail(case)

    @extend_schema(request=AssignSerializer, responses=responses(AssignResultSerializer))
    @action(detail=True, methods=["post"])
    def assign(self, request: SignedInApiRequest, pk: str) -> Response:
        """Give the case to a case manager (a supervisor, or whoever registered an unassigned case).
        ``warnings`` carries what the assign screen warns about, e.g. a case manager without a valid
        case-management training certificate; the case is assigned all the same."""
        case = self._case()
        incoming = AssignSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        manager = _member_user(case.organisation, incoming.validated_data["case_manager"], "case_manager")
        actions.assign_case(case, actor=request.user, case_manager=manager)
        fresh = detail_queryset().get(pk=case.pk)
        attach(fresh, warnings=extensions.assignment_warnings(manager) if fresh.case_manager_id == manager.pk else [])
        return Response(AssignResultSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(
        request=TaskCompleteSerializer,
        parameters=[
            OpenApiParameter(
                "kind", str, OpenApiParameter.PATH, enum=sorted(deadlines.MANUAL_TASKS), description="Manual task"
            )
        ],
        responses=responses(CaseDetailSerializer),
    )
    @action(detail=True, methods=["post"], url_path=r"tasks/(?P<kind>[a-z_]+)/complete")
    def complete_task(self, request: SignedInApiRequest, pk: str, kind: str) -> Response:
        """Mark a manual task done (first contact made, report passed to police), with a ``note`` of what
        was done. A deadline that follows an event in Sigap (assessment, plan approval, follow-up) is
        met only by that event: asking to complete it answers 400."""
        if kind not in TaskKind.values:
            raise Http404
        case = self._case("edit")
        incoming = TaskCompleteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        actions.complete_task(case, kind, actor=request.user, note=incoming.validated_data["note"])
        return self._detail(case)

    @extend_schema(request=ReopenSerializer, responses=responses(CaseDetailSerializer))
    @action(detail=True, methods=["post"])
    def reopen(self, request: SignedInApiRequest, pk: str) -> Response:
        """Reopen a closed case (back to follow-up); the reason is kept."""
        case = self._case()
        incoming = ReopenSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        actions.reopen_case(case, actor=request.user, reason=incoming.validated_data["reason"])
        return self._detail(case)


@extend_schema(parameters=[CASE_PK])
@extend_schema_view(
    create=extend_schema(request=TeamMemberCreateSerializer, responses=responses(TeamMemberSerializer, status=201)),
    destroy=extend_schema(
        parameters=[OpenApiParameter("user_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="User id")],
        responses=responses(None, status=204),
    ),
)
class CaseTeamViewSet(CaseNestedMixin, mixins.ListModelMixin, viewsets.GenericViewSet[CaseTeamMember]):
    """Colleagues given read or edit access to the case. The case manager or their supervisor adds
    (or changes the access of) and removes members."""

    request: SignedInApiRequest

    serializer_class = TeamMemberSerializer
    pagination_class = None
    lookup_url_kwarg = "user_id"
    http_method_names = ["get", "post", "delete", "head", "options"]

    model = CaseTeamMember

    def records(self, case: Case) -> QuerySet[CaseTeamMember]:
        return case.team.select_related("user").order_by("user__full_name", "id")

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self.get_case()
        incoming = TeamMemberCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        user = _member_user(case.organisation, incoming.validated_data["user"], "user")
        member = actions.add_team_member(case, actor=request.user, user=user, access=incoming.validated_data["access"])
        return Response(TeamMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self.get_case()
        member = case.team.select_related("user").filter(user_id=kwargs["user_id"]).first()
        if member is None:
            raise Http404
        actions.remove_team_member(case, actor=request.user, user=member.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(parameters=[CASE_PK])
class CaseTimelineViewSet(CaseNestedMixin, mixins.ListModelMixin, viewsets.GenericViewSet[TimelineEvent]):
    """What happened on the case, newest first (append-only; written by the verbs)."""

    serializer_class = TimelineEventSerializer

    model = TimelineEvent

    def records(self, case: Case) -> QuerySet[TimelineEvent]:
        return TimelineEvent.objects.filter(case=case).select_related("actor").order_by("-at", "-id")
