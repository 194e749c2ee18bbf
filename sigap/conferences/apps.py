from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "sigap.conferences"
    verbose_name = _("Case conferences")

    def ready(self) -> None:
        # The case page links to the case's conferences and to proposing a transfer; the timeline
        # names this app's events; retention and the person export cover its records.
        from sigap.cases.extensions import CaseExtension, Section, register
        from sigap.conferences import privacy
        from sigap.conferences.models import TIMELINE_LABELS

        register(
            CaseExtension(
                "conferences",
                sections=[
                    Section(
                        "coordination",
                        "conferences/coordination_section.html",
                        47,
                        "side",
                        title=_("Coordination on this case"),
                    )
                ],
                timeline_labels=TIMELINE_LABELS,
                clear_for_retention=privacy.clear_for_retention,
                exports=privacy.EXPORTS,
            )
        )
