from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "amity.core"
    verbose_name = _("Core")

    def ready(self):
        from amity.core import tables  # noqa: F401  registers the number column for decimal fields (tables2's library)
        from amity.core.money import register_sqlite_functions  # reads the rate table's model: after app loading

        connection_created.connect(register_sqlite_functions, dispatch_uid="amity.core.sqlite_functions")
