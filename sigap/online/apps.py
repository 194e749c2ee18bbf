from django.apps import AppConfig


class OnlineConfig(AppConfig):
    name = "sigap.online"
    verbose_name = "Online abuse"

    def ready(self) -> None:
        # The case timeline names this app's events in the user's language (see sigap.consent.apps).
        from sigap.cases.views.case import TIMELINE_LABELS
        from sigap.online.actions import clear_for_retention
        from sigap.online.models import TIMELINE_LABELS as ONLINE_LABELS
        from sigap.privacy.retention import register_case_clearer

        TIMELINE_LABELS.update(ONLINE_LABELS)
        register_case_clearer(clear_for_retention)
