from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "sigap.consent"
    verbose_name = "Consent"

    def ready(self) -> None:
        # The case timeline names this app's events in the user's language (the case page keeps the
        # labels of every area in one table; this app adds its own rather than editing the cases app).
        from sigap.cases.views.case import TIMELINE_LABELS
        from sigap.consent.models import TIMELINE_LABELS as CONSENT_LABELS

        TIMELINE_LABELS.update(CONSENT_LABELS)
