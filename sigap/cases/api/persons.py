"""/api/v1/persons/: the persons the caller may see, recorded and corrected through the verbs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sigap.audit.access import AccessAction, log_access
from sigap.cases import actions
from sigap.cases.access import get_person_for_user, registering_organisations, visible_persons
from sigap.cases.actions.persons import EDITABLE_FIELDS, update_person
from sigap.cases.api.common import ERRORS, LogsListReads, refuse_search_in_url, responses
from sigap.cases.models import Person
from sigap.cases.models.persons import index_of_nik, index_of_phone
from sigap.history.forms import REASON_MAX_LENGTH
from sigap.lib.http import SignedInApiRequest
from sigap.lib.nik import normalise_nik
from sigap.lib.text import fold, normalise_phone
from sigap.organisations.models import Organisation


class PersonSerializer(serializers.ModelSerializer[Person]):
    age = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "organisation", *EDITABLE_FIELDS, "age", "version", "created_at", "updated_at"]
        read_only_fields = ["id", "organisation", "age", "version", "created_at", "updated_at"]

    def get_age(self, person: Person) -> int | None:
        return person.age()


class PersonCreateSerializer(serializers.ModelSerializer[Person]):
    organisation = serializers.UUIDField(
        required=False, help_text="Recording organisation; needed only when the caller registers cases for several."
    )

    class Meta:
        model = Person
        fields = ["organisation", *EDITABLE_FIELDS]
        # The verb runs full_clean; checking twice would report errors twice.
        validators: list[Any] = []


class PersonUpdateSerializer(PersonCreateSerializer):
    version = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=REASON_MAX_LENGTH,
        help_text="Why the details are corrected (right to correction); kept in the person's change history.",
    )

    class Meta(PersonCreateSerializer.Meta):
        fields = ["version", "reason", *EDITABLE_FIELDS]


def registering_organisation(user: Any, pk: Any) -> Organisation:
    """The organisation the caller registers for: the one named, or their only one."""
    organisations = registering_organisations(user)
    if not organisations:
        raise PermissionDenied(_("You may not register cases."))
    if pk is None:
        if len(organisations) > 1:
            raise serializers.ValidationError({"organisation": [_("Choose the organisation.")]})
        return organisations[0]
    for organisation in organisations:
        if organisation.pk == pk:
            return organisation
    raise serializers.ValidationError({"organisation": [_("You do not register cases for this organisation.")]})


def search_persons(queryset: QuerySet[Person], q: str) -> QuerySet[Person]:
    """Part of the name (case- and accent-insensitive), a whole NIK, or a phone number (these two
    through their blind indexes: they are stored encrypted)."""
    q = q.strip()
    digits = normalise_phone(q)
    if len(normalise_nik(q)) == 16:
        return queryset.filter(nik_index=index_of_nik(q))
    if q and len(digits) >= 8 and not any(c.isalpha() for c in q):
        return queryset.filter(phone_index=index_of_phone(digits))
    return queryset.filter(name_folded__contains=fold(q))


class PersonSearchSerializer(serializers.Serializer[Any]):
    """The person search, sent in the body: a name, NIK or phone never goes into a web address."""

    q = serializers.CharField(max_length=200, help_text="Part of the name, a NIK or a phone number")


@extend_schema_view(
    retrieve=extend_schema(responses=responses(PersonSerializer)),
    create=extend_schema(request=PersonCreateSerializer, responses=responses(PersonSerializer, status=201)),
    partial_update=extend_schema(request=PersonUpdateSerializer, responses=responses(PersonSerializer, conflict=True)),
)
class PersonViewSet(
    LogsListReads,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Person],
):
    """Victims, perpetrators and reporters on cases the caller may open (need-to-know: recorded by
    the caller's organisation is not enough). Corrections send the ``version`` they read. Searching
    by name, NIK or phone is ``POST /persons/search/``, so that none of them is in a web address."""

    request: SignedInApiRequest

    serializer_class = PersonSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Person]:
        if self.action == "list":
            refuse_search_in_url(self.request, "/api/v1/persons/search/")
        return visible_persons(self.request.user).order_by("full_name", "id")

    @extend_schema(request=PersonSearchSerializer, responses={200: PersonSerializer(many=True), 400: ERRORS[400]})
    @action(detail=False, methods=["post"])
    def search(self, request: SignedInApiRequest) -> Response:
        """The persons the caller may see whose name contains ``q`` (case- and accent-insensitive),
        or whose NIK or phone number is ``q``; paginated like the list (``?page=`` in the address,
        the same body again)."""
        incoming = PersonSearchSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        qs = search_persons(visible_persons(request.user), incoming.validated_data["q"])
        page = self.paginate_queryset(qs.order_by("full_name", "id"))
        return self.get_paginated_response(PersonSerializer(page, many=True).data)

    def get_object(self) -> Person:
        person = get_person_for_user(self.request.user, self.kwargs["pk"])
        if self.action == "retrieve":
            log_access(user=self.request.user, obj=person, action=AccessAction.API_READ, request=self.request)
        return person

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        incoming = PersonCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        organisation = registering_organisation(request.user, values.pop("organisation", None))
        person = actions.create_person(actor=request.user, organisation=organisation, values=values)
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        person = get_person_for_user(request.user, kwargs["pk"], need="edit")
        incoming = PersonUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        version = values.pop("version", None)
        reason = values.pop("reason", "")
        if version is None:
            raise serializers.ValidationError({"version": [_("Send the version you read.")]})
        person = update_person(person, actor=request.user, values=values, expected_version=version, reason=reason)
        return Response(PersonSerializer(person).data)
