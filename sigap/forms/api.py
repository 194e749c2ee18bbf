"""Standard forms over the API (/api/v1/forms/), with the screens' rules and verbs.

Definitions and their versions, drafts, publishing, import and export, an organisation's own
questions. Responses have no endpoint of their own: their consumer (a case) serves them with
:class:`FormResponseSerializer` behind its own rules.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sigap.forms import access, actions
from sigap.forms.models import FormDefinition, FormResponse, FormVersion, OrganisationQuestions
from sigap.forms.rendering import display
from sigap.lib.access import get_or_404
from sigap.lib.http import SignedInApiRequest
from sigap.organisations.models import Organisation


class VersionSummarySerializer(serializers.ModelSerializer[FormVersion]):
    class Meta:
        model = FormVersion
        fields = ["number", "status", "published_at", "created_at", "updated_at"]


class VersionSerializer(serializers.ModelSerializer[FormVersion]):
    schema = serializers.JSONField(help_text="The definition (docs/forms.md).")

    class Meta:
        model = FormVersion
        fields = ["number", "status", "schema", "published_at", "created_at", "updated_at"]


class DefinitionSerializer(serializers.ModelSerializer[FormDefinition]):
    published_number = serializers.IntegerField(read_only=True, allow_null=True)
    draft_number = serializers.IntegerField(read_only=True, allow_null=True)
    version_count = serializers.IntegerField(read_only=True)
    title = serializers.JSONField(read_only=True, help_text='{"id": "…", "en": "…"}')

    class Meta:
        model = FormDefinition
        fields = [
            "id",
            "key",
            "title",
            "organisation",
            "published_number",
            "draft_number",
            "version_count",
            "created_at",
            "updated_at",
        ]


class DefinitionDetailSerializer(DefinitionSerializer):
    versions = serializers.SerializerMethodField()

    class Meta(DefinitionSerializer.Meta):
        fields = [*DefinitionSerializer.Meta.fields, "versions"]

    @extend_schema_field(VersionSummarySerializer(many=True))
    def get_versions(self, definition: FormDefinition) -> Any:
        return VersionSummarySerializer(definition.versions.order_by("-number")[:50], many=True).data


class CreateSerializer(serializers.Serializer[Any]):
    schema = serializers.JSONField(help_text="The definition (docs/forms.md).")
    organisation = serializers.UUIDField(
        required=False, allow_null=True, help_text="Empty for a national form; else the owner of an own form."
    )


class SchemaSerializer(serializers.Serializer[Any]):
    schema = serializers.JSONField(help_text="The definition (docs/forms.md).")


class OwnQuestionsSerializer(serializers.Serializer[Any]):
    organisation = serializers.UUIDField(read_only=True)
    schema = serializers.JSONField(help_text='{"sections": [...]}: see docs/forms.md.')


class FormResponseSerializer(serializers.ModelSerializer[FormResponse]):
    """A response as a consumer's API shows it: the answers by key and as they read, with its version."""

    form = serializers.CharField(source="version.definition.key", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    answers = serializers.JSONField(read_only=True)
    sections = serializers.SerializerMethodField()

    class Meta:
        model = FormResponse
        fields = ["id", "form", "version", "answers", "sections", "completed_at", "created_at", "updated_at"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_sections(self, response: FormResponse) -> Any:
        return [
            {
                "key": section.key,
                "title": section.title,
                "tag": section.tag,
                "answers": [
                    {"key": row.key, "label": row.label, "answer": row.answer, "value": row.value, "tag": row.tag}
                    for row in section.rows
                ],
            }
            for section in display(response)
        ]


class EditorsWrite(permissions.BasePermission):
    """Reading is for everyone signed in; writing for those who edit some form (the verbs decide which)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or access.can_edit_any(request.user)


def _organisation(user: Any, value: Any) -> Organisation | None:
    if not value:
        return None
    return get_or_404(Organisation.objects.filter(pk__in=access.creatable_organisation_ids(user)), pk=value)


ORG_PARAMETER = OpenApiParameter("organisation", str, description="Organisation id (default: the first you admin)")


@extend_schema_view(
    create=extend_schema(request=CreateSerializer, responses={201: DefinitionDetailSerializer}),
)
class FormDefinitionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[FormDefinition],
):
    """Standard forms: national ones and the caller's organisations' own. National admins edit national
    forms, an organisation's admins its own forms and its own questions on national ones."""

    request: SignedInApiRequest
    permission_classes = [permissions.IsAuthenticated, EditorsWrite]

    def get_serializer_class(self) -> Any:
        return DefinitionSerializer if self.action == "list" else DefinitionDetailSerializer

    def get_queryset(self) -> QuerySet[FormDefinition]:
        return access.visible_definitions(self.request.user).with_version_numbers().order_by("key", "id")

    def get_object(self) -> FormDefinition:
        return get_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def _detail(self, definition: FormDefinition, code: int = status.HTTP_200_OK) -> Response:
        return Response(DefinitionDetailSerializer(self.get_queryset().get(pk=definition.pk)).data, status=code)

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        data = CreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = _organisation(request.user, data.validated_data.get("organisation"))
        definition = actions.create_definition(
            data.validated_data["schema"], by=request.user, organisation=organisation
        )
        return self._detail(definition, status.HTTP_201_CREATED)

    def _version(self, number: str) -> FormVersion:
        definition = self.get_object()
        return get_or_404(definition.versions.all(), number=int(number))

    @extend_schema(responses=VersionSerializer)
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>[0-9]+)")
    def version(self, request: SignedInApiRequest, pk: str, number: str, **kwargs: Any) -> Response:
        return Response(VersionSerializer(self._version(number)).data)

    @extend_schema(responses=OpenApiTypes.OBJECT, description="The definition as JSON that import reads back.")
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>[0-9]+)/export")
    def export(self, request: SignedInApiRequest, pk: str, number: str, **kwargs: Any) -> Response:
        return Response(actions.export_definition(self._version(number)))

    @extend_schema(request=SchemaSerializer, responses=VersionSerializer)
    @action(detail=True, methods=["put"])
    def draft(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        """Write the draft (a new one after the last version when there is none)."""
        definition = self.get_object()
        if not access.can_edit_definition(request.user, definition):
            raise PermissionDenied
        data = SchemaSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = actions.save_draft(definition, data.validated_data["schema"], by=request.user)
        return Response(VersionSerializer(version).data)

    @extend_schema(request=None, responses=VersionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        """Publish the draft: new answers use it; the version in use before is retired."""
        definition = self.get_object()
        if not access.can_edit_definition(request.user, definition):
            raise PermissionDenied
        draft = get_or_404(definition.versions.all(), status=FormVersion.Status.DRAFT)
        return Response(VersionSerializer(actions.publish_version(draft, by=request.user)).data)

    @extend_schema(
        request=CreateSerializer,
        responses={201: VersionSerializer},
        description="A new form from a definition, or a new draft of the form with the same key.",
    )
    @action(detail=False, methods=["post"], url_path="import")
    def import_definition(self, request: SignedInApiRequest, **kwargs: Any) -> Response:
        data = CreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        schema = data.validated_data["schema"]
        key = schema.get("key") if isinstance(schema, dict) else None
        existing = FormDefinition.objects.filter(key=key).first() if isinstance(key, str) else None
        if existing is not None:
            get_or_404(access.visible_definitions(request.user), pk=existing.pk)
            if not access.can_edit_definition(request.user, existing):
                raise PermissionDenied
        organisation = _organisation(request.user, data.validated_data.get("organisation"))
        version = actions.import_definition(schema, by=request.user, organisation=organisation)
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], parameters=[ORG_PARAMETER], responses=OwnQuestionsSerializer)
    @extend_schema(
        methods=["PUT"], parameters=[ORG_PARAMETER], request=OwnQuestionsSerializer, responses=OwnQuestionsSerializer
    )
    @action(detail=True, methods=["get", "put"], url_path="own-questions")
    def own_questions(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        """An organisation's own questions on a national form (its admins only)."""
        definition = self.get_object()
        organisations = Organisation.objects.filter(pk__in=access.creatable_organisation_ids(request.user))
        if definition.organisation_id is not None or not organisations.exists():
            raise PermissionDenied
        chosen = request.query_params.get("organisation")
        organisation = get_or_404(organisations, pk=chosen) if chosen else organisations.order_by("name").first()
        if organisation is None:
            raise PermissionDenied
        if request.method == "PUT":
            data = OwnQuestionsSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            actions.save_organisation_questions(
                definition, organisation, data.validated_data["schema"], by=request.user
            )
        row = OrganisationQuestions.objects.filter(definition=definition, organisation=organisation).first()
        return Response({"organisation": organisation.pk, "schema": row.schema if row else {"sections": []}})
