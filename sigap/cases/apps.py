from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sigap.cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        # The case page's own sections and timeline labels, registered the way every app adds its own.
        from sigap.cases.extensions import CaseExtension, register
        from sigap.cases.sections import CASE_SECTIONS
        from sigap.cases.views.case import TIMELINE_LABELS

        register(CaseExtension("cases", sections=CASE_SECTIONS, timeline_labels=TIMELINE_LABELS))
