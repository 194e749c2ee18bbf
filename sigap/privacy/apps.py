from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "sigap.privacy"
    verbose_name = "Privacy"
