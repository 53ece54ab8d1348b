from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "amity.core"
    verbose_name = _("Core")

    def ready(self):
        from amity.core import tables  # noqa: F401  registers the number column for decimal fields (tables2's library)
