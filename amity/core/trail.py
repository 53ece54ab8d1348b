"""The audit trail as core's services and generic screens use it: what they log (exports, personal
data shown, names shown) and what they read (a record's changes, who deleted what).

The audit app is built on core (its log is scoped by core's access rules), so core does not import
it: this module names what core asks of the trail, and ``audit.apps.AuditConfig.ready()`` provides
it (``audit.trail``) as the apps load. Asked for before that, or without the audit app installed, it
fails: nothing is ever shown or exported unlogged."""

from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured


class Trail(Protocol):
    def export_record(
        self, *, actor, model, format: str, row_count: int, query: str = "", personal: bool = False, records=None
    ) -> Any: ...

    def personal_access_record(self, *, actor, model, kind: str, records, query: str = "") -> Any: ...

    def names_shown_record(self, *, actor, people, kind: str = "detail", query: str = "") -> Any: ...

    def object_history(self, *, instance) -> Any: ...

    def redact(self, changes: list, visible: set[int] | None) -> list: ...

    def shows_personal(self, change, visible: set[int] | None) -> bool: ...

    def deletions_of(self, model, pks) -> dict: ...


_provided: list[Trail] = []


def provide(implementation: Trail) -> None:
    """Called once by the audit app when it is ready."""
    _provided[:] = [implementation]


def trail() -> Trail:
    if not _provided:
        raise ImproperlyConfigured("No audit trail: amity.audit must be installed (it provides it when ready).")
    return _provided[0]
