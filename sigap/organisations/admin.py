"""Admin site pages for organisations and memberships.

Changes made here go through the model's validation and leave an audit event; ending and
restoring memberships uses the same verbs as the screens.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sigap.audit.actions import record
from sigap.lib.http import signed_in_user
from sigap.organisations import actions
from sigap.organisations.models import Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "short_name", "kind", "province", "regency", "parent", "is_active"]
    list_filter = ["kind", "is_active", "province"]
    list_select_related = ["province", "regency", "parent"]
    search_fields = ["name", "short_name"]
    raw_id_fields = ["regency", "parent"]
    readonly_fields = ["created_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request: HttpRequest, obj: Organisation, form: ModelForm[Organisation], change: bool) -> None:
        super().save_model(request, obj, form, change)
        record(
            "organisations.admin_change" if change else "organisations.admin_create",
            actor=signed_in_user(request),
            obj=obj,
            organisation=obj,
            request=request,
            fields=sorted(form.changed_data),
        )


def _run_verb(
    modeladmin: admin.ModelAdmin[Membership], request: HttpRequest, queryset: QuerySet[Membership], verb: Any
) -> None:
    done = 0
    for membership in queryset.select_related("organisation", "user", "supervisor"):
        try:
            verb(membership, actor=request.user, request=request)
            done += 1
        except (ValidationError, PermissionDenied) as error:
            text = "; ".join(getattr(error, "messages", [str(error)]))
            modeladmin.message_user(request, f"{membership}: {text}", messages.ERROR)
    if done:
        modeladmin.message_user(request, _("%(count)d memberships changed.") % {"count": done}, messages.SUCCESS)


@admin.action(description=_("End the selected memberships"))
def deactivate(modeladmin: admin.ModelAdmin[Membership], request: HttpRequest, queryset: QuerySet[Membership]) -> None:
    _run_verb(modeladmin, request, queryset, actions.deactivate_member)


@admin.action(description=_("Restore the selected memberships"))
def reactivate(modeladmin: admin.ModelAdmin[Membership], request: HttpRequest, queryset: QuerySet[Membership]) -> None:
    _run_verb(modeladmin, request, queryset, actions.reactivate_member)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "organisation", "role", "supervisor", "is_active"]
    list_filter = ["role", "is_active"]
    list_select_related = ["user", "organisation", "supervisor__user", "supervisor__organisation"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    raw_id_fields = ["user", "organisation", "supervisor"]
    readonly_fields = ["created_at", "updated_at"]
    actions = [deactivate, reactivate]

    def save_model(self, request: HttpRequest, obj: Membership, form: ModelForm[Membership], change: bool) -> None:
        super().save_model(request, obj, form, change)
        record(
            "organisations.admin_change_member" if change else "organisations.admin_add_member",
            actor=signed_in_user(request),
            obj=obj,
            organisation=obj.organisation,
            request=request,
            fields=sorted(form.changed_data),
            role=obj.role,
        )

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        record(
            "organisations.admin_delete_member",
            actor=signed_in_user(request),
            obj=obj,
            organisation=obj.organisation,
            request=request,
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for obj in queryset.select_related("user", "organisation"):
            record(
                "organisations.admin_delete_member",
                actor=signed_in_user(request),
                obj=obj,
                organisation=obj.organisation,
                request=request,
            )
        super().delete_queryset(request, queryset)
