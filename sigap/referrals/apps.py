from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "sigap.referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        # The case page shows the referrals and names their timeline events; retention, the person
        # export and the closure of the case cover them.
        from django.utils.translation import gettext_lazy as _

        from sigap.cases.extensions import CaseExtension, Section, counting, register
        from sigap.referrals import closure, privacy
        from sigap.referrals.models import TIMELINE_LABELS
        from sigap.referrals.views import referrals_section

        register(
            CaseExtension(
                "referrals",
                sections=[
                    Section(
                        "referrals",
                        "referrals/section.html",
                        75,
                        title=_("Referrals"),
                        context=referrals_section,
                        count=counting("referrals_list"),
                    )
                ],
                timeline_labels=TIMELINE_LABELS,
                closure=closure.HOOK,
                clear_for_retention=privacy.clear_for_retention,
                exports=privacy.EXPORTS,
            )
        )
