from django.apps import AppConfig


class OnlineConfig(AppConfig):
    name = "sigap.online"
    verbose_name = "Online abuse"

    def ready(self) -> None:
        # The case timeline names this app's events in the user's language (see sigap.consent.apps);
        # retention and the person export cover its records.
        from sigap.cases.views.case import TIMELINE_LABELS
        from sigap.online import privacy
        from sigap.online.models import TIMELINE_LABELS as ONLINE_LABELS

        TIMELINE_LABELS.update(ONLINE_LABELS)
        privacy.register()
