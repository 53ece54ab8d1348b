from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from amity.core import trail as core_trail


class AuditConfig(AppConfig):
    name = "amity.audit"
    verbose_name = _("Audit")

    def ready(self):
        from . import signals, trail  # noqa: F401  (models are loaded only now: receivers connect to them; core logs through the trail)

        core_trail.provide(trail)
