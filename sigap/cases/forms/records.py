"""Forms for notes and attachments. The verbs check everything again; these give early, clear errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.cases.actions.records import DESTROY_REASON_MAX_LENGTH, NOTE_MAX_LENGTH, attachment_max_bytes
from sigap.cases.models import Note
from sigap.lib import filetypes
from sigap.lib.forms import BootstrapMixin, refuse_repeated


class NoteForm(BootstrapMixin, forms.Form):
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), max_length=NOTE_MAX_LENGTH)
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Note.Visibility.choices,
        initial=Note.Visibility.NORMAL,
        help_text=_(
            "A restricted note is read only by you, psychologists/counsellors and supervisors. "
            "Others on the case do not see it at all."
        ),
    )


class CorrectionForm(BootstrapMixin, forms.Form):
    body = forms.CharField(
        label=_("Correction"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=NOTE_MAX_LENGTH,
        help_text=_("The original note stays as it was; this correction is shown with it."),
    )


class AttachmentForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))
    # Needed for every file on an online-abuse case (checked by the verb, on the server).
    no_sexual_image_confirmed = forms.BooleanField(
        label=_("I confirm the file contains no sexual image"),
        required=False,
        help_text=_(
            "Required for every file on an online-abuse case: a document can hold images too. A sexual image is "
            "never stored in Sigap."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        max_mb = attachment_max_bytes() // (1024 * 1024)
        self.fields["file"].help_text = _(
            "PDF, image (PNG, JPEG, GIF, WebP) or office document (Word, Excel, PowerPoint, OpenDocument), "
            "at most %(max)d MB. It is stored encrypted."
        ) % {"max": max_mb}
        # A hint for the file picker only; the type is checked from the content on the server.
        self.fields["file"].widget.attrs["accept"] = ",".join([f".{t.extension}" for t in filetypes.ALL] + [".jpeg"])

    def clean(self) -> dict[str, Any] | None:
        refuse_repeated(self, "no_sexual_image_confirmed")
        return super().clean()


class DestroyFileForm(BootstrapMixin, forms.Form):
    """Confirm destroying a file that shows a sexual image: who it shows, and a short reason."""

    shows = forms.ChoiceField(
        label=_("Who does the image show?"),
        choices=[
            ("child", _("A child (under 18), or I am not sure")),
            ("adult", _("An adult")),
        ],
        initial="child",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Short reason"),
        max_length=DESTROY_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: noticed when reviewing the case. Do not describe the image."),
    )
