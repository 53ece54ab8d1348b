from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "amity.registry"
    verbose_name = _("Partners and network")
