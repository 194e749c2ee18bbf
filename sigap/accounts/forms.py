from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sigap.lib.forms import BootstrapMixin


class EmailAuthenticationForm(BootstrapMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        "invalid_login": _("The email address or password is not correct."),
        "inactive": _("This account is not active."),
    }


class QueuedPasswordResetForm(BootstrapMixin, PasswordResetForm):
    """Password reset whose email goes through the background worker."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from sigap.core.actions import queue_email

        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        queue_email(to=[to_email], subject=subject, body=body)


class BootstrapSetPasswordForm(BootstrapMixin, SetPasswordForm):
    pass


class BootstrapPasswordChangeForm(BootstrapMixin, PasswordChangeForm):
    pass


class OtpCodeForm(BootstrapMixin, forms.Form):
    """One field for a 6-digit authenticator code or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false", "autofocus": True}
        ),
    )


class OtpEnrolForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        min_length=6,
        max_length=7,
        help_text=_("Enter the 6-digit code the app shows now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*", "autofocus": True}
        ),
    )


TOKEN_LIFETIMES = (7, 30, 90, 180, 365)


class ApiTokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, for example the name of a script or a reporting tool."),
    )
    lifetime = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("The token stops working then; create a new one when it does. The shorter, the safer."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        default, longest = settings.SIGAP_API_TOKEN_DAYS, settings.SIGAP_API_TOKEN_MAX_DAYS
        days = sorted({d for d in TOKEN_LIFETIMES if d <= longest} | {min(default, longest)})
        field: Any = self.fields["lifetime"]
        field.choices = [(d, ngettext("%(days)d day", "%(days)d days", d) % {"days": d}) for d in days]
        field.initial = min(default, longest)
