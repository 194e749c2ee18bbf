"""/api/v1/cases/{case_pk}/notes/ and /attachments/: the case record, through the verbs.

Restricted notes are left out for whoever may not read them (they get 404, as for a note that does
not exist). Attachments are uploaded as multipart and downloaded through an access-checked, logged
endpoint; the stored file is encrypted and checked against its SHA-256 on the way out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from sigap.api.errors import ErrorSerializer
from sigap.cases import actions
from sigap.cases.access import can_edit_note, note_edit_deadline, visible_notes
from sigap.cases.actions.records import DESTROY_REASON_MAX_LENGTH, log_restricted_reads
from sigap.cases.api.common import CASE_PK, ERRORS, TOO_LARGE, CaseNestedMixin, SaidOnceMixin, responses
from sigap.cases.models import Attachment, Case, Note
from sigap.lib.http import SignedInApiRequest

# --- Notes ----------------------------------------------------------------------------------


class NoteSerializer(serializers.ModelSerializer[Note]):
    author_name = serializers.CharField(source="author.full_name", read_only=True)
    editable_until = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()

    class Meta:
        model = Note
        fields = [
            "id",
            "author",
            "author_name",
            "body",
            "visibility",
            "corrects",
            "created_at",
            "updated_at",
            "editable_until",
            "can_edit",
        ]
        read_only_fields = fields

    def get_editable_until(self, note: Note) -> datetime:
        return note_edit_deadline(note)

    def get_can_edit(self, note: Note) -> bool:
        return can_edit_note(self.context["request"].user, note)


class NoteWriteSerializer(serializers.Serializer[Any]):
    body = serializers.CharField()
    visibility = serializers.ChoiceField(choices=Note.Visibility.choices, default=Note.Visibility.NORMAL)


class NoteEditSerializer(serializers.Serializer[Any]):
    body = serializers.CharField()
    visibility = serializers.ChoiceField(choices=Note.Visibility.choices, required=False, allow_null=True, default=None)


@extend_schema(parameters=[CASE_PK])
@extend_schema_view(
    retrieve=extend_schema(responses=responses(NoteSerializer)),
    create=extend_schema(request=NoteWriteSerializer, responses=responses(NoteSerializer, status=201)),
    partial_update=extend_schema(request=NoteEditSerializer, responses=responses(NoteSerializer)),
)
class NoteViewSet(CaseNestedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Note]):
    """Case notes the caller may read, newest first. The author may change a note for a short while
    (PATCH); after that a correction is a new note (POST …/{id}/correct/)."""

    request: SignedInApiRequest

    serializer_class = NoteSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    model = Note

    def records(self, case: Case) -> QuerySet[Note]:
        return visible_notes(self.request.user, case).order_by("-created_at", "-id")

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        self.__dict__["_page"] = page
        return page

    def log_read(self, request: Any) -> None:
        """The read, and each restricted note of somebody else that it showed."""
        super().log_read(request)
        read = self.__dict__.get("_read_object")
        log_restricted_reads(request.user, [read] if read else list(self.__dict__.get("_page") or []), request=request)

    def _respond(self, note: Note, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(NoteSerializer(note, context=self.get_serializer_context()).data, status=status_code)

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self.get_case()
        incoming = NoteWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        note = actions.add_note(case, actor=request.user, **incoming.validated_data)
        return self._respond(note, status.HTTP_201_CREATED)

    def partial_update(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        note = self.get_object()
        incoming = NoteEditSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        note = actions.edit_note(note, actor=request.user, **incoming.validated_data)
        return self._respond(note)

    @extend_schema(request=NoteEditSerializer, responses=responses(NoteSerializer, status=201))
    @action(detail=True, methods=["post"])
    def correct(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """Add a correction: a new note pointing at this one (only the author may)."""
        note = self.get_object()
        incoming = NoteEditSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        correction = actions.correct_note(note, actor=request.user, **incoming.validated_data)
        return self._respond(correction, status.HTTP_201_CREATED)


# --- Attachments ----------------------------------------------------------------------------


class AttachmentSerializer(serializers.ModelSerializer[Attachment]):
    """A destroyed file (it showed a sexual image) is a tombstone: ``destroyed_at`` and ``destroyed_by``
    are set, ``title`` and ``original_name`` are empty, and the SHA-256 is kept."""

    class Meta:
        model = Attachment
        fields = [
            "id",
            "title",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "created_at",
            "destroyed_at",
            "destroyed_by",
        ]
        read_only_fields = fields


class AttachmentUploadSerializer(SaidOnceMixin, serializers.Serializer[Any]):
    said_once = ("no_sexual_image_confirmed",)

    title = serializers.CharField(max_length=200)
    file = serializers.FileField(help_text="PDF, image or office document; the type is checked from the content.")
    no_sexual_image_confirmed = serializers.BooleanField(
        default=False,
        help_text="Required (true) for every file on an online-abuse case (any accepted type can carry an image): "
        "the uploader confirms it shows no sexual image. Sent twice: 400.",
    )


class DestroyFileSerializer(serializers.Serializer[Any]):
    """Destroy a file that shows a sexual image: ``shows`` is ``child`` (also when unsure) or ``adult``
    (the marking given to an evidence item holding the file); ``reason`` is short and describes no image."""

    reason = serializers.CharField(max_length=DESTROY_REASON_MAX_LENGTH)
    shows = serializers.ChoiceField(choices=[("child", "child"), ("adult", "adult")], default="child")


class Gone(exceptions.APIException):
    """The file was destroyed (it showed a sexual image): only its tombstone and SHA-256 remain (HTTP 410)."""

    status_code = 410
    default_code = "gone"
    default_detail = gettext_lazy(
        "This file was destroyed because it showed a sexual image. Only its SHA-256 hash is kept."
    )


GONE = {410: OpenApiResponse(ErrorSerializer, description="The file was destroyed; only its tombstone is kept")}


def destroy_response(attachment: Attachment, request: SignedInApiRequest) -> Attachment:
    """Run the verb for an API call (shared by the attachment and the evidence endpoints)."""
    if attachment.is_destroyed:
        raise Gone()
    incoming = DestroyFileSerializer(data=request.data)
    incoming.is_valid(raise_exception=True)
    return actions.destroy_sexual_image(
        attachment,
        actor=request.user,
        reason=incoming.validated_data["reason"],
        shows=incoming.validated_data["shows"],
    )


class AnyContentRenderer(renderers.BaseRenderer):
    """Lets a download be asked for with any Accept header; errors still go out as JSON."""

    media_type = "*/*"
    format = "download"
    charset = None

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if isinstance(data, bytes):
            return data
        return renderers.JSONRenderer().render(data)


@extend_schema(parameters=[CASE_PK])
@extend_schema_view(
    retrieve=extend_schema(responses=responses(AttachmentSerializer)),
    create=extend_schema(
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={**responses(AttachmentSerializer, status=201), **TOO_LARGE},
    ),
)
class AttachmentViewSet(
    CaseNestedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Attachment]
):
    """Documents and images on the case. Upload as multipart (``title``, ``file``); download through
    …/{id}/download/, which is logged."""

    request: SignedInApiRequest

    serializer_class = AttachmentSerializer
    parser_classes = [MultiPartParser, FormParser]
    http_method_names = ["get", "post", "head", "options"]

    model = Attachment

    def records(self, case: Case) -> QuerySet[Attachment]:
        return case.attachments.order_by("-created_at", "id")

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self.get_case("edit")
        incoming = AttachmentUploadSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        attachment = actions.add_attachment(
            case,
            actor=request.user,
            title=incoming.validated_data["title"],
            upload=incoming.validated_data["file"],
            no_sexual_image_confirmed=incoming.validated_data["no_sexual_image_confirmed"],
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"application/json": DestroyFileSerializer, "multipart/form-data": DestroyFileSerializer},
        responses={**responses(AttachmentSerializer), **GONE},
    )
    @action(detail=True, methods=["post"], url_path="destroy", parser_classes=[JSONParser, MultiPartParser, FormParser])
    def destroy_file(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """This file shows a sexual image: destroy it. The stored file is deleted; the record stays as a
        tombstone with its SHA-256 (for the police). Editors of the case and its supervisor may;
        a destroyed file answers 410."""
        attachment = destroy_response(self.get_object(), request)
        return Response(AttachmentSerializer(attachment).data)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The file"),
            **ERRORS,
            **GONE,
        }
    )
    @action(detail=True, methods=["get"], renderer_classes=[renderers.JSONRenderer, AnyContentRenderer])
    def download(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """The file itself (decrypted and checked against its SHA-256); every download is logged."""
        attachment = self.get_object()
        if attachment.is_destroyed:
            raise Gone()
        data = actions.open_attachment(attachment, actor=request.user, request=request._request)
        response = HttpResponse(data, content_type=attachment.content_type)
        response["Content-Disposition"] = content_disposition_header(True, actions.download_name(attachment))
        response["Content-Length"] = str(len(data))
        # Personal data: never cached by the browser or a proxy, never sniffed into another type.
        response["Cache-Control"] = "no-store, private"
        response["X-Content-Type-Options"] = "nosniff"
        return response
