from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "sigap.organisations"
    verbose_name = "Organisations"
