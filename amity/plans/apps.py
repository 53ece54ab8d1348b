from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "amity.plans"
    verbose_name = _("Directives and plans")
