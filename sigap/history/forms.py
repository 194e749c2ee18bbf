from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.lib.forms import BootstrapMixin

REASON_MAX_LENGTH = 500


class CorrectionReasonForm(BootstrapMixin, forms.Form):
    """Why a record is corrected (the data subject's right to correction); kept with the change set."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional. For example: the client asked for it and showed their KTP. Kept in the change history."),
    )
