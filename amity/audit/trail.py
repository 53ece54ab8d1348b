"""The audit trail core's services and generic screens use (``core.trail.Trail``): the audit app
provides this module to core when it is ready (``apps.AuditConfig.ready``)."""

from .selectors import deletions_of, object_history, redact, shows_personal
from .services import export_record, names_shown_record, personal_access_record

__all__ = [
    "deletions_of",
    "export_record",
    "names_shown_record",
    "object_history",
    "personal_access_record",
    "redact",
    "shows_personal",
]
