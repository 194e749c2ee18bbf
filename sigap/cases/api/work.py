"""/api/v1/cases/{case_pk}/assessments/ and /plans/: the assessment and the case plan, through the verbs."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sigap.accounts.models import User
from sigap.cases import actions
from sigap.cases.actions import guided as guided_actions
from sigap.cases.api.common import (
    CASE_PK,
    CaseNestedMixin,
    VersionSerializer,
    named_enum,
    responses,
    uuid_or_404,
)
from sigap.cases.codes import AssessmentDomain, Priority, RiskLevel, ServiceType
from sigap.cases.models import Assessment, AssessmentEntry, Case, CasePlan, PlanAction, PlanGoal
from sigap.forms.rendering import response_schema
from sigap.lib.http import SignedInApiRequest
from sigap.organisations.models import Organisation

# --- Assessments ----------------------------------------------------------------------------


class AssessmentEntrySerializer(serializers.ModelSerializer[AssessmentEntry]):
    domain = serializers.ChoiceField(choices=AssessmentDomain.choices)
    priority = named_enum("PriorityEnum", Priority.choices, required=False, allow_blank=True, default="")
    findings = serializers.CharField(required=False, allow_blank=True, default="")
    needs = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = AssessmentEntry
        fields = ["id", "domain", "findings", "needs", "priority"]
        read_only_fields = ["id"]
        validators: list[Any] = []


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    kind = named_enum("AssessmentKindEnum", Assessment.Kind.choices, read_only=True)
    entries = AssessmentEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "kind",
            "summary",
            "risk_level",
            "risk_reason",
            "proposed_risk_level",
            "proposed_risk_reason",
            "form_response",
            "entries",
            "completed_at",
            "completed_by",
            "created_by",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AssessmentContentSerializer(serializers.Serializer[Any]):
    """The draft's content. ``entries`` replaces all domains: a domain left out is cleared."""

    summary = serializers.CharField(required=False, allow_blank=True)
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices, required=False, allow_blank=True)
    risk_reason = serializers.CharField(required=False, allow_blank=True)
    entries = AssessmentEntrySerializer(many=True, required=False)

    def validate_entries(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        domains = [e["domain"] for e in entries]
        if len(domains) != len(set(domains)):
            raise serializers.ValidationError(_("Each domain can appear once."))
        return entries


class AssessmentCreateSerializer(AssessmentContentSerializer):
    """``screening`` records the initial risk screening: with ``answers`` to the standard screening
    form, or typed (summary and risk level required). ``comprehensive`` opens the assessment: guided
    by the standard psychosocial form when it is published and no typed draft is sent (its answers
    then go to ``answers/``), else by domain, optionally with a first draft."""

    kind = named_enum("AssessmentKindEnum", Assessment.Kind.choices, default=Assessment.Kind.COMPREHENSIVE)
    answers = serializers.DictField(
        required=False, help_text="Answers to the standard screening form, by question key."
    )


class FormAnswersSerializer(serializers.Serializer[Any]):
    """A guided assessment's answers with the questions of its own form version."""

    form = serializers.CharField(help_text="The form's key.")
    form_version = serializers.IntegerField()
    questions = serializers.DictField(help_text="The form definition the answers were given to.")
    answers = serializers.DictField()
    proposed_risk_level = serializers.CharField()
    proposed_risk_reason = serializers.CharField()
    completed = serializers.BooleanField()


class FormAnswersUpdateSerializer(VersionSerializer):
    answers = serializers.DictField(help_text="All the answers, by question key (they replace the saved ones).")
    complete = serializers.BooleanField(default=False, help_text="Complete the assessment with these answers.")


class AssessmentUpdateSerializer(AssessmentContentSerializer, VersionSerializer):
    pass


def _save_draft(assessment: Assessment, actor: User, data: dict[str, Any], version: int | None) -> None:
    """save_assessment with what was sent, keeping the rest of the draft as it is."""
    if "entries" in data:
        entries = {e["domain"]: e for e in data["entries"]}
    else:
        entries = {
            e.domain: {"findings": e.findings, "needs": e.needs, "priority": e.priority}
            for e in assessment.entries.all()
        }
    actions.save_assessment(
        assessment,
        actor=actor,
        summary=data.get("summary", assessment.summary),
        risk_level=data.get("risk_level", assessment.risk_level),
        risk_reason=data.get("risk_reason", assessment.risk_reason),
        entries=entries,
        expected_version=version,
    )


@extend_schema(parameters=[CASE_PK])
@extend_schema_view(
    retrieve=extend_schema(responses=responses(AssessmentSerializer)),
    create=extend_schema(request=AssessmentCreateSerializer, responses=responses(AssessmentSerializer, status=201)),
    partial_update=extend_schema(
        request=AssessmentUpdateSerializer, responses=responses(AssessmentSerializer, conflict=True)
    ),
)
class AssessmentViewSet(
    CaseNestedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Assessment]
):
    """The initial screening and the comprehensive assessment by domain. Completing the assessment
    re-rates the case and moves a case in assessment on to planning."""

    request: SignedInApiRequest

    serializer_class = AssessmentSerializer
    pagination_class = None
    http_method_names = ["get", "post", "patch", "head", "options"]

    model = Assessment

    def records(self, case: Case) -> QuerySet[Assessment]:
        return (
            case.assessments.select_related("form_response__version__definition")
            .prefetch_related("entries")
            .order_by("created_at", "id")
        )

    def _respond(self, assessment: Assessment, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=assessment.pk)
        return Response(AssessmentSerializer(fresh).data, status=status_code)

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self.get_case("edit")
        incoming = AssessmentCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        actor = request.user
        with transaction.atomic():
            kind = data.pop("kind")
            if kind == Assessment.Kind.SCREENING and "answers" in data:
                assessment = guided_actions.record_guided_screening(case, actor=actor, answers=data["answers"])
            elif kind == Assessment.Kind.SCREENING:
                assessment = actions.record_screening(
                    case,
                    actor=actor,
                    summary=data.get("summary", ""),
                    risk_level=data.get("risk_level", ""),
                    risk_reason=data.get("risk_reason", ""),
                )
            elif data:
                assessment = actions.start_assessment_record(case, actor=actor)
                _save_draft(assessment, actor, data, None)
            else:
                assessment = guided_actions.start_assessment(case, actor=actor)
        return self._respond(assessment, status.HTTP_201_CREATED)

    def partial_update(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        self.get_case("edit")
        assessment = self.get_object()
        if assessment.kind != Assessment.Kind.COMPREHENSIVE:
            raise serializers.ValidationError(_("The initial screening cannot be changed; record a new one."))
        if assessment.form_response_id is not None:
            raise serializers.ValidationError(_("This assessment is guided by a standard form: send its answers."))
        incoming = AssessmentUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        version = data.pop("version")
        _save_draft(assessment, request.user, data, version)
        return self._respond(assessment)

    @extend_schema(request=VersionSerializer, responses=responses(AssessmentSerializer, conflict=True))
    @action(detail=True, methods=["post"])
    def complete(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """Complete the assessment (400 with what is missing)."""
        self.get_case("edit")
        assessment = self.get_object()
        incoming = VersionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        actions.complete_assessment(assessment, actor=request.user, expected_version=incoming.validated_data["version"])
        return self._respond(assessment)

    @extend_schema(methods=["GET"], request=None, responses=responses(FormAnswersSerializer))
    @extend_schema(
        methods=["POST"], request=FormAnswersUpdateSerializer, responses=responses(FormAnswersSerializer, conflict=True)
    )
    @action(detail=True, methods=["get", "post"])
    def answers(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """A guided assessment's answers, read with its own form version's questions (GET), or saved
        as a draft or completed (POST: the entries, summary and proposed risk follow the answers)."""
        if request.method == "POST":
            self.get_case("edit")
        assessment = self.get_object()
        if assessment.form_response_id is None:
            raise Http404
        if request.method == "POST":
            incoming = FormAnswersUpdateSerializer(data=request.data)
            incoming.is_valid(raise_exception=True)
            data = incoming.validated_data
            guided_actions.save_guided_assessment(
                assessment,
                actor=request.user,
                answers=data["answers"],
                complete=data["complete"],
                expected_version=data["version"],
            )
            assessment = self.get_queryset().get(pk=assessment.pk)
        response = assessment.form_response
        version = response.version
        body = {
            "form": version.definition.key,
            "form_version": version.number,
            "questions": response_schema(response),
            "answers": response.answers or {},
            "proposed_risk_level": assessment.proposed_risk_level,
            "proposed_risk_reason": assessment.proposed_risk_reason,
            "completed": assessment.is_completed,
        }
        return Response(FormAnswersSerializer(body).data)


# --- Case plans -----------------------------------------------------------------------------


class PlanActionSerializer(serializers.ModelSerializer[PlanAction]):
    status = named_enum("PlanActionStatusEnum", PlanAction.Status.choices, read_only=True)
    service_label = serializers.CharField(source="get_service_type_display", read_only=True)

    class Meta:
        model = PlanAction
        fields = [
            "id",
            "service_type",
            "service_label",
            "description",
            "responsible_organisation",
            "responsible_user",
            "due_date",
            "status",
        ]
        read_only_fields = fields


class PlanGoalSerializer(serializers.ModelSerializer[PlanGoal]):
    actions = PlanActionSerializer(many=True, read_only=True)

    class Meta:
        model = PlanGoal
        fields = ["id", "text", "order", "need", "actions"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer[CasePlan]):
    status = named_enum("PlanStatusEnum", CasePlan.Status.choices, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    goals = PlanGoalSerializer(many=True, read_only=True)

    class Meta:
        model = CasePlan
        fields = [
            "id",
            "number",
            "status",
            "status_label",
            "goals",
            "submitted_at",
            "submitted_by",
            "decided_at",
            "decided_by",
            "decision_comment",
            "created_by",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ActionInputSerializer(serializers.Serializer[Any]):
    service_type = serializers.ChoiceField(choices=ServiceType.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    responsible_organisation = serializers.UUIDField(required=False, allow_null=True, default=None)
    responsible_user = serializers.UUIDField(required=False, allow_null=True, default=None)
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    status = named_enum("PlanActionStatusEnum", PlanAction.Status.choices, default=PlanAction.Status.PLANNED)


class GoalInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()
    need = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="The assessment entry (need) the goal answers."
    )
    actions = ActionInputSerializer(many=True, required=False, default=list)


class PlanCreateSerializer(serializers.Serializer[Any]):
    """A new version of the plan (a revision starts as a copy of the approved one). ``goals``, when
    sent, replace the copied goals."""

    goals = GoalInputSerializer(many=True, required=False)


class PlanUpdateSerializer(VersionSerializer):
    """The plan's goals and actions, all of them, in order (they replace the draft's)."""

    goals = GoalInputSerializer(many=True)


class PlanDecisionSerializer(VersionSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ActionStatusSerializer(serializers.Serializer[Any]):
    status = named_enum("PlanActionStatusEnum", PlanAction.Status.choices)
    expected_status = named_enum(
        "PlanActionStatusEnum",
        PlanAction.Status.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="The status as read; when it changed since, 409 conflict.",
    )


class PlanReviewSerializer(serializers.Serializer[Any]):
    assessment = AssessmentSerializer(read_only=True, allow_null=True)
    uncovered = AssessmentEntrySerializer(many=True, read_only=True, help_text="Needs no goal answers yet.")


def _goals(case: Case, goals: list[dict[str, Any]]) -> list[actions.GoalInput]:
    """GoalInputs with organisations and users looked up; an unknown id is a 400, not a 500."""
    wanted_orgs = {a["responsible_organisation"] for g in goals for a in g["actions"]} - {None}
    wanted_users = {a["responsible_user"] for g in goals for a in g["actions"]} - {None}
    wanted_needs: set[Any] = {g["need"] for g in goals if g.get("need") is not None}
    orgs = {o.pk: o for o in Organisation.objects.filter(pk__in=wanted_orgs, is_active=True)}
    users = {u.pk: u for u in User.objects.filter(pk__in=wanted_users, is_active=True)}
    needs = {e.pk: e for e in AssessmentEntry.objects.filter(pk__in=wanted_needs, assessment__case=case)}
    if wanted_orgs - set(orgs) or wanted_users - set(users):
        raise serializers.ValidationError({"goals": [_("Unknown responsible organisation or person.")]})
    if wanted_needs - set(needs):
        raise serializers.ValidationError({"goals": [_("Unknown need: it must come from this case's assessment.")]})
    return [
        actions.GoalInput(
            text=g["text"],
            need=needs.get(g["need"]) if g.get("need") is not None else None,
            actions=[
                actions.ActionInput(
                    service_type=a["service_type"],
                    description=a["description"],
                    responsible_organisation=orgs.get(a["responsible_organisation"]),
                    responsible_user=users.get(a["responsible_user"]),
                    due_date=a["due_date"],
                    status=a["status"],
                )
                for a in g["actions"]
            ],
        )
        for g in goals
    ]


PLAN_ACTION_ID = OpenApiParameter("action_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Plan action id")


@extend_schema(parameters=[CASE_PK])
@extend_schema_view(
    retrieve=extend_schema(responses=responses(PlanSerializer)),
    create=extend_schema(request=PlanCreateSerializer, responses=responses(PlanSerializer, status=201)),
    partial_update=extend_schema(request=PlanUpdateSerializer, responses=responses(PlanSerializer, conflict=True)),
)
class PlanViewSet(CaseNestedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[CasePlan]):
    """Versions of the case plan, newest first. A draft or returned plan is changed and submitted;
    a supervisor approves it or returns it with comments; an approved plan is read-only."""

    request: SignedInApiRequest

    serializer_class = PlanSerializer
    pagination_class = None
    http_method_names = ["get", "post", "patch", "head", "options"]

    model = CasePlan

    def records(self, case: Case) -> QuerySet[CasePlan]:
        goals = PlanGoal.objects.prefetch_related(
            Prefetch("actions", PlanAction.objects.order_by("due_date", "created_at"))
        )
        return case.plans.prefetch_related(Prefetch("goals", goals)).order_by("-number")

    def _respond(self, plan: CasePlan, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(PlanSerializer(self.get_queryset().get(pk=plan.pk)).data, status=status_code)

    def _version(
        self, request: SignedInApiRequest, serializer: type[VersionSerializer] = VersionSerializer
    ) -> dict[str, Any]:
        incoming = serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        return dict(incoming.validated_data)

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self.get_case("edit")
        incoming = PlanCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        actor = request.user
        with transaction.atomic():
            plan = actions.create_plan(case, actor=actor)
            if "goals" in incoming.validated_data:
                actions.save_plan(plan, actor=actor, goals=_goals(case, incoming.validated_data["goals"]))
        return self._respond(plan, status.HTTP_201_CREATED)

    def partial_update(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self.get_case("edit")
        plan = self.get_object()
        data = self._version(request, PlanUpdateSerializer)
        actions.save_plan(plan, actor=request.user, goals=_goals(case, data["goals"]), expected_version=data["version"])
        return self._respond(plan)

    @extend_schema(request=VersionSerializer, responses=responses(PlanSerializer, conflict=True))
    @action(detail=True, methods=["post"])
    def submit(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """Send the plan to the supervisor for approval."""
        self.get_case("edit")
        plan = self.get_object()
        data = self._version(request)
        actions.submit_plan(plan, actor=request.user, expected_version=data["version"])
        return self._respond(plan)

    @extend_schema(request=PlanDecisionSerializer, responses=responses(PlanSerializer, conflict=True))
    @action(detail=True, methods=["post"])
    def approve(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """A supervisor of the case (not the one who submitted) approves the plan."""
        plan = self.get_object()
        data = self._version(request, PlanDecisionSerializer)
        actions.approve_plan(plan, actor=request.user, comment=data["comment"], expected_version=data["version"])
        return self._respond(plan)

    @extend_schema(request=PlanDecisionSerializer, responses=responses(PlanSerializer, conflict=True))
    @action(detail=True, methods=["post"], url_path="return")
    def return_plan(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """A supervisor sends the plan back with comments (``comment`` required)."""
        plan = self.get_object()
        data = self._version(request, PlanDecisionSerializer)
        actions.return_plan(plan, actor=request.user, comment=data["comment"], expected_version=data["version"])
        return self._respond(plan)

    @extend_schema(responses=responses(PlanReviewSerializer))
    @action(detail=True, methods=["get"])
    def review(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """What the supervisor weighs: the latest completed assessment (summary, proposed and
        confirmed risk) and its needs that no goal of this plan answers yet."""
        review = actions.plan_review(self.get_object())
        return Response(PlanReviewSerializer(review).data)

    @extend_schema(
        request=ActionStatusSerializer, parameters=[PLAN_ACTION_ID], responses=responses(PlanSerializer, conflict=True)
    )
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<action_id>[0-9a-f-]{36})/status")
    def action_status(self, request: SignedInApiRequest, *args: Any, action_id: str, **kwargs: Any) -> Response:
        """Record progress on an action of the approved plan."""
        self.get_case("edit")
        plan = self.get_object()
        plan_action = (
            PlanAction.objects.filter(pk=uuid_or_404(action_id), goal__plan=plan)
            .select_related("goal__plan__case")
            .first()
        )
        if plan_action is None:
            raise Http404
        incoming = ActionStatusSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        actions.update_action_status(
            plan_action,
            actor=request.user,
            status=incoming.validated_data["status"],
            expected_status=incoming.validated_data["expected_status"],
        )
        return self._respond(plan)
