from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WellbeingConfig(AppConfig):
    name = "sigap.wellbeing"
    verbose_name = _("Wellbeing")
