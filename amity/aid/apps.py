from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "amity.aid"
    verbose_name = _("Foreign aid")

    def ready(self):
        from django.db.backends.signals import connection_created

        from .rates import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="amity.aid.sqlite_functions")
