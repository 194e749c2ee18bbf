from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "sigap.conferences"
    verbose_name = _("Case conferences")

    def ready(self) -> None:
        from sigap.cases.views.case import TIMELINE_LABELS
        from sigap.conferences import privacy
        from sigap.conferences.models import TIMELINE_LABELS as CONFERENCE_LABELS

        TIMELINE_LABELS.update(CONFERENCE_LABELS)
        privacy.register()  # retention and the person export cover this app's records
