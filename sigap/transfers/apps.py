from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "sigap.transfers"
    verbose_name = _("Transfers")

    def ready(self) -> None:
        # The case timeline names this app's events in the user's language (as the consent app does).
        from sigap.cases.views.case import TIMELINE_LABELS
        from sigap.transfers import closure, privacy
        from sigap.transfers.models import TIMELINE_LABELS as TRANSFER_LABELS

        TIMELINE_LABELS.update(TRANSFER_LABELS)
        privacy.register()  # retention and the person export cover this app's records
        closure.register()  # approving a case's closure withdraws a proposal still waiting
