from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "sigap.referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        # The case page names this app's timeline events and shows its section, and retention and the
        # person export cover its records; the app adds itself rather than editing the other apps' tables.
        from sigap.cases.sections import SECTION_CONTEXT
        from sigap.cases.views.case import TIMELINE_LABELS
        from sigap.referrals import closure, privacy
        from sigap.referrals.models import TIMELINE_LABELS as REFERRAL_LABELS
        from sigap.referrals.views import referrals_section

        TIMELINE_LABELS.update(REFERRAL_LABELS)
        SECTION_CONTEXT["referrals"] = referrals_section
        privacy.register()
        closure.register()
