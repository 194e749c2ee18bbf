from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "sigap.consent"
    verbose_name = "Consent"

    def ready(self) -> None:
        # The case page shows each client's consent (and its status on the overview card); the
        # timeline names this app's events.
        from django.utils.translation import gettext_lazy as _

        from sigap.cases.extensions import CaseExtension, OverviewItem, Section, register
        from sigap.consent.models import TIMELINE_LABELS
        from sigap.consent.views import consent_section

        section = Section("consent", "consent/section.html", 40, "side", _("Consent"), consent_section)
        status = OverviewItem("consent", _("Consent"), "consent/overview_item.html", 50)
        register(CaseExtension("consent", sections=[section], overview_items=[status], timeline_labels=TIMELINE_LABELS))
