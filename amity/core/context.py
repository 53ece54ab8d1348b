"""Who is changing things, and through which channel, for the change log.

A web request sets the context in middleware; imports, commands and tasks wrap their work in
``with change_context(actor=..., source="import"):``. With no context, changes are logged as
made by the system.
"""

import contextlib
import contextvars
import uuid
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    COMMAND = "command", _("Management command")
    ADMIN = "admin", _("Admin site")
    TASK = "task", _("Background task")
    SYSTEM = "system", _("System")


@dataclass
class ChangeContext:
    source: str = Source.SYSTEM
    actor: object | None = None
    request: object | None = None
    request_id: uuid.UUID = field(default_factory=uuid.uuid4)
    message: str = ""

    def resolve_actor(self):
        """The acting user; for a request, read late because DRF authenticates in the view."""
        if self.actor is not None:
            return self.actor
        user = getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None


_current: contextvars.ContextVar[ChangeContext | None] = contextvars.ContextVar("amity_change_context", default=None)


def current_context() -> ChangeContext:
    return _current.get() or ChangeContext()


@contextlib.contextmanager
def change_context(*, actor=None, source: str = Source.SYSTEM, request=None, message: str = ""):
    token = _current.set(ChangeContext(source=source, actor=actor, request=request, message=message))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


@contextlib.contextmanager
def actor_context(actor, *, source: str = Source.SYSTEM):
    """The open change context, or one for ``actor`` when none is open: a service called from a
    script or a shell still logs who acted, not an anonymous "system"."""
    active = _current.get()
    if active is not None:
        yield active
        return
    with change_context(actor=actor, source=source) as ctx:
        yield ctx
