from django.apps import AppConfig


class OnlineConfig(AppConfig):
    name = "sigap.online"
    verbose_name = "Online abuse"

    def ready(self) -> None:
        # The case page shows the online incidents, the timeline names this app's events, retention
        # and the person export cover its records, and a destroyed file marks the evidence it was.
        from django.utils.translation import gettext_lazy as _

        from sigap.cases.extensions import CaseExtension, Section, counting, register
        from sigap.online import privacy
        from sigap.online.destroyed import evidence_file_destroyed
        from sigap.online.models import TIMELINE_LABELS
        from sigap.online.views import online_section

        register(
            CaseExtension(
                "online",
                sections=[
                    Section(
                        "online",
                        "online/section.html",
                        45,
                        "side",
                        title=_("Online abuse"),
                        context=online_section,
                        count=counting("online_incidents"),
                    )
                ],
                timeline_labels=TIMELINE_LABELS,
                clear_for_retention=privacy.clear_for_retention,
                exports=privacy.EXPORTS,
                attachment_destroyed=evidence_file_destroyed,
            )
        )
