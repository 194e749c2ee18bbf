from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "sigap.transfers"
    verbose_name = _("Transfers")

    def ready(self) -> None:
        # The timeline names this app's events; retention and the person export cover its records;
        # approving a case's closure withdraws a proposal still waiting.
        from sigap.cases.extensions import CaseExtension, register
        from sigap.transfers import closure, privacy
        from sigap.transfers.models import TIMELINE_LABELS

        register(
            CaseExtension(
                "transfers",
                timeline_labels=TIMELINE_LABELS,
                closure=closure.HOOK,
                clear_for_retention=privacy.clear_for_retention,
                exports=privacy.EXPORTS,
            )
        )
