from __future__ import annotations

from typing import Any

from django import forms

from sigap.notifications.actions import preferences_of
from sigap.notifications.models import Kind


class PreferencesForm(forms.Form):
    """Two checkboxes per kind of notification: in the app, by email."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        current = preferences_of(user)
        for kind in Kind:
            in_app, email = current[kind.value]
            self.fields[f"{kind.value}-in_app"] = forms.BooleanField(required=False, initial=in_app)
            self.fields[f"{kind.value}-email"] = forms.BooleanField(required=False, initial=email)
            self.rows.append((kind, self[f"{kind.value}-in_app"], self[f"{kind.value}-email"]))

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {kind.value: (data[f"{kind.value}-in_app"], data[f"{kind.value}-email"]) for kind in Kind}
