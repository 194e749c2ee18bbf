"""The break-glass form: the reason for opening a case outside one's normal access."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.audit.access import BREAK_GLASS_MIN_REASON
from sigap.cases.actions.access_log import BREAK_GLASS_MAX_REASON
from sigap.lib.forms import BootstrapMixin


class BreakGlassForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=BREAK_GLASS_MIN_REASON,
        max_length=BREAK_GLASS_MAX_REASON,
        help_text=_("Why you need to open this case now. The case manager and the data protection officer see it."),
    )
