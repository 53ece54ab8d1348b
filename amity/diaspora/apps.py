from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiasporaConfig(AppConfig):
    name = "amity.diaspora"
    verbose_name = _("Overseas compatriots")
