"""Forms of the capacity-building screens. Values go to the verbs in ``actions.py``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.learning.models import Course, EventMode, Lesson, Programme, Quiz
from sigap.lib.forms import BootstrapMixin, model_choice_field
from sigap.organisations.models import Organisation
from sigap.regions.models import Province, Regency


class EventForm(BootstrapMixin, forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    organisation = forms.ModelChoiceField(label=_("Organiser"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Title"), max_length=250)
    start_date = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    mode = forms.ChoiceField(label=_("Mode"), choices=EventMode.choices)
    venue = forms.CharField(label=_("Venue"), max_length=250, required=False)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = organisations
        model_choice_field(self, "programme").queryset = Programme.objects.order_by("title")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        return data


class ParticipantForm(BootstrapMixin, forms.Form):
    """An invited person (a Sigap account can be chosen by its email instead)."""

    email = forms.EmailField(
        label=_("Email of a Sigap account"),
        required=False,
        help_text=_("Leave empty for an invited person without an account and fill in the fields below."),
    )
    full_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    role_title = forms.CharField(label=_("Role"), max_length=120, required=False)
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.order_by("code"), required=False)
    regency = forms.ModelChoiceField(label=_("Regency/city"), queryset=Regency.objects.order_by("code"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("email") and not (data.get("full_name") and data.get("province")):
            raise forms.ValidationError(_("Give the email of a Sigap account, or the name and province of the person."))
        return data


class FeedbackForm(BootstrapMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall rating"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        help_text=_("5 is the best."),
    )
    useful = forms.CharField(label=_("What was most useful?"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    improve = forms.CharField(
        label=_("What should be improved?"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), min_length=10, widget=forms.Textarea(attrs={"rows": 2}))


class MentorForm(BootstrapMixin, forms.Form):
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.order_by("code"))
    regency = forms.ModelChoiceField(label=_("Regency/city"), queryset=Regency.objects.order_by("code"), required=False)
    expertise = forms.CharField(label=_("Expertise"), max_length=300, help_text=_("For example: online abuse cases."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        regency, province = data.get("regency"), data.get("province")
        if regency and province and regency.province_id != province.pk:
            self.add_error("regency", _("The regency/city must be in the chosen province."))
        return data


class MentoringSessionForm(BootstrapMixin, forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.CharField(label=_("Topic"), max_length=200)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Private to the pair and the mentee's supervisor."),
    )


# --- Content authoring --------------------------------------------------------------------


class ProgrammeForm(BootstrapMixin, forms.ModelForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    sessions_text = forms.CharField(
        label=_("Sessions"),
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("One session per line: title | minutes | objectives."),
    )

    class Meta:
        model = Programme
        fields = [
            "title",
            "description",
            "competency",
            "required_courses",
            "pre_test",
            "post_test",
            "min_attendance",
            "post_test_pass_mark",
            "validity_months",
        ]

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = organisations
        if not self.instance._state.adding:
            del self.fields["organisation"]
            self.initial["sessions_text"] = "\n".join(
                f"{s.title} | {s.duration_minutes} | {s.objectives}" for s in self.instance.sessions.all()
            )
        quizzes = Quiz.objects.filter(organisation__in=organisations).order_by("title")
        model_choice_field(self, "pre_test").queryset = quizzes
        model_choice_field(self, "post_test").queryset = quizzes
        model_choice_field(self, "required_courses").queryset = Course.objects.filter(is_published=True).order_by(
            "title"
        )

    def clean_sessions_text(self) -> list[tuple[str, int, str]]:
        sessions = []
        for number, line in enumerate(self.cleaned_data["sessions_text"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            minutes = parts[1] if len(parts) > 1 else "90"
            if not parts[0] or not minutes.isdigit() or not 0 < int(minutes) <= 1440:
                raise forms.ValidationError(
                    _("Line %(n)d: write title | minutes | objectives, with the minutes as a number.") % {"n": number}
                )
            sessions.append((parts[0][:200], int(minutes), " | ".join(parts[2:])))
        if not sessions:
            raise forms.ValidationError(_("Give at least one session."))
        return sessions


class CourseForm(BootstrapMixin, forms.ModelForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    class Meta:
        model = Course
        fields = ["title", "summary", "is_published"]

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            del self.fields["organisation"]
        else:
            model_choice_field(self, "organisation").queryset = organisations


class ModuleForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("New module"), max_length=200)


class LessonForm(BootstrapMixin, forms.ModelForm):
    media_url = forms.URLField(label=_("media address"), required=False, assume_scheme="https")
    file = forms.FileField(
        label=_("Image or document file"),
        required=False,
        help_text=_(
            "An image (PNG, JPEG, GIF, WebP) or a document (PDF, Word, Excel, PowerPoint, OpenDocument). "
            "A video stays a link."
        ),
    )
    remove_file = forms.BooleanField(label=_("Remove the uploaded file"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not (self.instance and self.instance.file_path):
            self.fields.pop("remove_file")
        else:
            self.fields["file"].help_text = _("Now: %(name)s. A new file replaces it.") % {
                "name": self.instance.file_name
            }

    class Meta:
        model = Lesson
        fields = ["title", "order", "body", "media_kind", "media_url", "media_title"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {"body": _("Markdown: # heading, **bold**, *italic*, - list, [text](https://…).")}


class QuizForm(BootstrapMixin, forms.ModelForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    questions_text = forms.CharField(
        label=_("Questions"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("? question [single], [multiple] or [true_false] · * right answer · - wrong answer · > feedback"),
    )

    class Meta:
        model = Quiz
        fields = ["title", "pass_mark", "max_attempts", "shuffle"]

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        from sigap.learning.quiztext import to_text

        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            del self.fields["organisation"]
            self.initial["questions_text"] = to_text(list(self.instance.questions.prefetch_related("choices")))
        else:
            model_choice_field(self, "organisation").queryset = organisations

    def clean_questions_text(self) -> str:
        from sigap.learning.quiztext import parse

        text: str = self.cleaned_data["questions_text"]
        parse(text)  # raises a translated ValidationError naming the line
        return text
