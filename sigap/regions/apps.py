from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "sigap.regions"
    verbose_name = "Regions"
