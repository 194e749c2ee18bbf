"""Serializers for cases: what a list row and a case page show, and what an intake sends."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sigap.cases.access import can_approve, can_edit_case
from sigap.cases.actions import TASK_NOTE_MAX_LENGTH, mediation_refusal
from sigap.cases.actions.persons import EDITABLE_FIELDS
from sigap.cases.api.common import named_enum
from sigap.cases.api.persons import PersonSerializer
from sigap.cases.codes import (
    ClientType,
    IntakeChannel,
    Place,
    Relationship,
    RiskLevel,
    TPKSOffence,
    ViolenceForm,
)
from sigap.cases.deadlines import task_state
from sigap.cases.models import (
    Case,
    CasePerpetrator,
    CaseTask,
    CaseTeamMember,
    CaseVictim,
    Person,
    TaskKind,
    TimelineEvent,
)
from sigap.cases.workflow import available_transitions

TASK_STATES = ["overdue", "due_soon", "open", "done"]


class CaseListSerializer(serializers.ModelSerializer[Case]):
    """A row of the case list. Needs ``case_manager`` selected and ``violence_forms`` prefetched."""

    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    risk_label = serializers.CharField(source="get_risk_level_display", read_only=True)
    case_manager_name = serializers.CharField(source="case_manager.full_name", read_only=True, default=None)
    forms = serializers.ListField(child=serializers.ChoiceField(choices=ViolenceForm.choices), read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "organisation",
            "client_type",
            "primary_client_name",
            "stage",
            "stage_label",
            "risk_level",
            "risk_label",
            "forms",
            "case_manager",
            "case_manager_name",
            "registered_at",
            "stage_entered_at",
            "next_due_at",
            "is_overdue",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    def get_is_overdue(self, case: Case) -> bool:
        return case.next_due_at is not None and case.next_due_at < timezone.now()


class CaseVictimSerializer(serializers.ModelSerializer[CaseVictim]):
    person = PersonSerializer(read_only=True)

    class Meta:
        model = CaseVictim
        fields = ["person", "is_primary"]
        read_only_fields = fields


class CasePerpetratorSerializer(serializers.ModelSerializer[CasePerpetrator]):
    person = PersonSerializer(read_only=True)

    class Meta:
        model = CasePerpetrator
        fields = ["person", "relationship", "is_child"]
        read_only_fields = fields


class CaseTaskSerializer(serializers.ModelSerializer[CaseTask]):
    kind = named_enum("TaskKindEnum", TaskKind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state = serializers.SerializerMethodField()

    class Meta:
        model = CaseTask
        fields = ["id", "kind", "kind_label", "due_at", "done_at", "done_by", "note", "state"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=TASK_STATES))
    def get_state(self, task: CaseTask) -> str:
        return task_state(task)


class TransitionSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    allowed = serializers.BooleanField()
    blocked_reason = serializers.CharField(allow_null=True)


class CaseDetailSerializer(CaseListSerializer):
    """The case page: intake, persons, deadlines, and what may happen next."""

    reporter = PersonSerializer(read_only=True)
    victims = CaseVictimSerializer(many=True, read_only=True)
    perpetrators = CasePerpetratorSerializer(many=True, read_only=True)
    tasks = CaseTaskSerializer(many=True, read_only=True)
    transitions = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()
    can_approve = serializers.SerializerMethodField()
    mediation_refused = serializers.SerializerMethodField(
        help_text="Why mediation may not be offered on this case (TPKS), or null when it may."
    )

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "intake_channel",
            "reporter",
            "intake_narrative",
            "tpks_offences",
            "place",
            "incident_date",
            "incident_date_estimated",
            "incident_regency",
            "is_online",
            "risk_reason",
            "flag_disability",
            "flag_pregnancy",
            "flag_immediate_danger",
            "closed_at",
            "victims",
            "perpetrators",
            "tasks",
            "transitions",
            "can_edit",
            "can_approve",
            "mediation_refused",
            "created_at",
        ]
        read_only_fields = fields

    def _user(self) -> Any:
        return self.context["request"].user

    @staticmethod
    def _transitions(case: Case) -> list[dict[str, Any]]:
        return [
            {"name": name, "allowed": reason is None, "blocked_reason": None if reason is None else str(reason)}
            for name, reason in available_transitions(case).items()
        ]

    @extend_schema_field(TransitionSerializer(many=True))
    def get_transitions(self, case: Case) -> list[dict[str, Any]]:
        return self._transitions(case)

    def get_can_edit(self, case: Case) -> bool:
        return can_edit_case(self._user(), case)

    def get_can_approve(self, case: Case) -> bool:
        return can_approve(self._user(), case)

    def get_mediation_refused(self, case: Case) -> str | None:
        refusal = mediation_refusal(case)
        return None if refusal is None else str(refusal)


# --- Intake ---------------------------------------------------------------------------------


class AssignResultSerializer(CaseDetailSerializer):
    """The case after an assignment, with the warnings the assign screen shows."""

    warnings = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Translated warnings about the assignment, e.g. that the new case manager holds no valid "
        "case-management training certificate (the case is assigned all the same). Empty when there are none.",
    )

    class Meta(CaseDetailSerializer.Meta):
        fields = [*CaseDetailSerializer.Meta.fields, "warnings"]
        read_only_fields = fields


class PersonRefSerializer(serializers.ModelSerializer[Person]):
    """An existing person (``id``) or a new one (their details, at least ``full_name``)."""

    id = serializers.UUIDField(required=False, help_text="An existing person's id; leave out to record a new person.")

    class Meta:
        model = Person
        fields = ["id", *EDITABLE_FIELDS]
        extra_kwargs = {"full_name": {"required": False}}
        validators: list[Any] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("id") is None and not attrs.get("full_name"):
            raise serializers.ValidationError({"full_name": [_("Give the person's name, or the id of a person.")]})
        return attrs


class PerpetratorInputSerializer(serializers.Serializer[Any]):
    person = PersonRefSerializer()
    relationship = serializers.ChoiceField(choices=Relationship.choices)
    is_child = serializers.BooleanField(default=False)


class CaseCreateSerializer(serializers.Serializer[Any]):
    organisation = serializers.UUIDField(
        required=False, help_text="Owner organisation; needed only when the caller registers cases for several."
    )
    client_type = serializers.ChoiceField(choices=ClientType.choices)
    intake_channel = serializers.ChoiceField(choices=IntakeChannel.choices)
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices)
    risk_reason = serializers.CharField(required=False, allow_blank=True, default="")
    forms = serializers.ListField(child=serializers.ChoiceField(choices=ViolenceForm.choices))
    tpks_offences = serializers.ListField(
        child=serializers.ChoiceField(choices=TPKSOffence.choices), required=False, default=list
    )
    victims = PersonRefSerializer(many=True)
    perpetrators = PerpetratorInputSerializer(many=True, required=False, default=list)
    reporter = PersonRefSerializer(required=False, allow_null=True, default=None)
    intake_narrative = serializers.CharField(required=False, allow_blank=True, default="")
    place = serializers.ChoiceField(choices=Place.choices, required=False, allow_blank=True, default="")
    incident_date = serializers.DateField(required=False, allow_null=True, default=None)
    incident_date_estimated = serializers.BooleanField(default=False)
    incident_regency = serializers.CharField(
        required=False, allow_null=True, default=None, help_text="Regency/city code, e.g. 32.73"
    )
    is_online = serializers.BooleanField(default=False)
    flag_disability = serializers.BooleanField(default=False)
    flag_pregnancy = serializers.BooleanField(default=False)
    flag_immediate_danger = serializers.BooleanField(default=False)
    case_manager = serializers.UUIDField(required=False, allow_null=True, default=None)


class CaseUpdateSerializer(serializers.Serializer[Any]):
    """Re-rate the risk and/or change the forms of violence (each through its verb)."""

    version = serializers.IntegerField(min_value=1)
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices, required=False)
    risk_reason = serializers.CharField(required=False, allow_blank=True, default="")
    forms = serializers.ListField(child=serializers.ChoiceField(choices=ViolenceForm.choices), required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "risk_level" not in attrs and "forms" not in attrs:
            raise serializers.ValidationError(_("Send a new risk level or new forms of violence."))
        return attrs


class AssignSerializer(serializers.Serializer[Any]):
    case_manager = serializers.UUIDField()


class ReopenSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


class TaskCompleteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(
        max_length=TASK_NOTE_MAX_LENGTH,
        help_text="What was done (required; kept encrypted and shown on the case timeline).",
        error_messages={
            "required": gettext_lazy("Say briefly what was done."),
            "blank": gettext_lazy("Say briefly what was done."),
        },
    )


class TeamMemberSerializer(serializers.ModelSerializer[CaseTeamMember]):
    user_name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = CaseTeamMember
        fields = ["user", "user_name", "access", "added_by", "created_at"]
        read_only_fields = ["user_name", "added_by", "created_at"]
        validators: list[Any] = []


class TeamMemberCreateSerializer(serializers.Serializer[Any]):
    user = serializers.UUIDField()
    access = serializers.ChoiceField(choices=CaseTeamMember.Access.choices, default=CaseTeamMember.Access.READ)


class TimelineEventSerializer(serializers.ModelSerializer[TimelineEvent]):
    actor_name = serializers.CharField(source="actor.full_name", read_only=True, default=None)

    class Meta:
        model = TimelineEvent
        fields = ["id", "at", "actor", "actor_name", "verb", "summary", "details"]
        read_only_fields = fields
