from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "sigap.history"
    verbose_name = "History"
