from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "sigap.referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        # The case page names this app's timeline events and shows its section; the app adds both
        # itself rather than editing the cases app's tables.
        from sigap.cases.sections import SECTION_CONTEXT
        from sigap.cases.views.case import TIMELINE_LABELS
        from sigap.privacy.retention import register_case_clearer
        from sigap.referrals.actions import clear_for_retention
        from sigap.referrals.models import TIMELINE_LABELS as REFERRAL_LABELS
        from sigap.referrals.views import referrals_section

        TIMELINE_LABELS.update(REFERRAL_LABELS)
        SECTION_CONTEXT["referrals"] = referrals_section
        register_case_clearer(clear_for_retention)
