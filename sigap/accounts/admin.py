"""Admin for accounts and API tokens.

Secrets never appear here: not the password hash, not a token hash, not a TOTP key or a recovery
code. Passwords are set through the admin's own password form; tokens are created by their owner
and can only be revoked here; two-factor can only be reset (with an audit event).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts import actions, otp
from sigap.accounts.models import ApiToken, User
from sigap.lib.http import signed_in_user


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A user with this email address already exists."))
        return email


class UserChangeAdminForm(forms.ModelForm[User]):
    """No password field at all: the hash is not shown, and a new password has its own form."""

    class Meta:
        model = User
        fields = (
            "email",
            "full_name",
            "phone",
            "language",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A user with this email address already exists."))
        return email


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    list_display = ("email", "full_name", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser", "language")
    search_fields = ("email", "full_name")
    ordering = ("full_name", "email")
    readonly_fields = ("password_status", "two_factor_status", "last_login", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("email", "full_name", "phone", "language")}),
        (_("Sign-in"), {"fields": ("password_status", "two_factor_status", "last_login")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    actions = ["reset_two_factor"]

    @admin.display(description=_("Password"))
    def password_status(self, obj: User) -> str:
        if obj.pk is None:
            return "-"
        status = _("Set") if obj.has_usable_password() else _("Not set: cannot sign in with a password")
        url = reverse("admin:auth_user_password_change", args=[obj.pk])
        return format_html('{} · <a href="{}">{}</a>', status, url, _("Set a new password"))

    @admin.display(description=_("Two-factor authentication"))
    def two_factor_status(self, obj: User) -> str:
        if obj.pk is None or not otp.totp_devices(obj).exists():
            return str(_("Off"))
        return str(_("On (%(count)d recovery codes left)") % {"count": otp.remaining_recovery_codes(obj)})

    @admin.action(description=_("Reset two-factor authentication (lost phone)"), permissions=["change"])
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = 0
        for user in queryset:
            actions.reset_two_factor(user, by=signed_in_user(request), request=request)
            count += 1
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication was reset for %(count)d user.",
                "Two-factor authentication was reset for %(count)d users.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are read-only here; the only change is revoking them (through the verb)."""

    list_display = ("name", "user", "key_prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "key_prefix", "user__email", "user__full_name")
    list_select_related = ("user",)
    fields = ("name", "user", "key_prefix", "created_at", "last_used_at", "expires_at", "revoked_at", "revoked_reason")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Revoke selected tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            actions.revoke_api_token(token, by=signed_in_user(request), request=request)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d token was revoked.", "%(count)d tokens were revoked.", count) % {"count": count},
            messages.SUCCESS,
        )


class _ReadOnlyDeviceAdmin(admin.ModelAdmin[Any]):
    """Devices are listed for support, without their secrets; reset them from the user's page."""

    list_display = ("user", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count")
    list_select_related = ("user",)
    search_fields = ("user__email", "user__full_name")
    fields = ("user", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# django-otp's own admin pages show TOTP keys and recovery codes; replace them.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _ReadOnlyDeviceAdmin)
