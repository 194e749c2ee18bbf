from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "sigap.learning"
    verbose_name = _("Capacity building")

    def ready(self) -> None:
        # Giving a case to a worker without the case-management competency warns whoever assigned it.
        from sigap.cases.extensions import CaseExtension, register
        from sigap.learning.competency import case_management_warning

        register(CaseExtension("learning", assignment_warning=case_management_warning))
