from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "sigap.statistics"
    verbose_name = "Statistics"

    def ready(self) -> None:
        # Every verb that writes a timeline event on a case schedules the refresh of its summary rows.
        from sigap.cases.extensions import CaseExtension, register
        from sigap.statistics.refresh import case_changed

        register(CaseExtension("statistics", case_changed=case_changed))
