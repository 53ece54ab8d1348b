"""Change-log rows for records an import writes in bulk (``core.bulk``), where no signal runs: the
same entries ``signals.record_change`` would store, one "create" per record and the business
events, gathered while the rows are written and inserted together."""

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from amity.core.bulk import insert_rows
from amity.core.context import current_context

from .models import ObjectChange
from .snapshots import snapshot_json

#: What ``json.dumps(data, cls=DjangoJSONEncoder)`` (the JSON field) writes, one encoder for every event.
_ENCODER = DjangoJSONEncoder()


class ChangeRows:
    """Collects change-log rows in the open change context (its actor, source, request and message),
    all stamped with the time it was made."""

    COLUMNS = [
        "time",
        "actor_id",
        "actor_name",
        "request_id",
        "source",
        "message",
        "unit_id",
        "action",
        "event",
        "content_type_id",
        "object_id",
        "object_repr",
        "before",
        "after",
    ]

    def __init__(self, *, models=()):
        """``models``: those whose records the rows will name, their content types read now (an
        import that writes in a second thread reads nothing while it writes)."""
        ctx = current_context()
        actor = ctx.resolve_actor()
        connection = connections[DEFAULT_DB_ALIAS]
        request_id = ObjectChange._meta.get_field("request_id").get_db_prep_value(ctx.request_id, connection)
        stamp = ObjectChange._meta.get_field("time").get_db_prep_save(timezone.now(), connection)
        self.context = [
            stamp,
            actor.pk if actor else None,
            actor.get_username() if actor else "",
            request_id,
            ctx.source,
        ]
        self.message = ctx.message
        self.rows: list[list] = []
        self.content_types: dict = {}
        for model in models:
            self._content_type_id(model)

    def created(self, model, values: dict, *, unit_id: int | None, text: str, related: dict | None = None) -> None:
        """A "create" entry for the record ``values`` (every field by attname, and its ``id``), owned
        by ``unit_id`` and shown as ``text`` (its ``str()``); ``related``: its many-to-many ids by name."""
        self.rows.append(
            [
                *self.context,
                self.message,
                unit_id,
                ObjectChange.Action.CREATE,
                "",
                self._content_type_id(model),
                str(values["id"]),
                text[:255],
                None,
                snapshot_json(model, values, related),
            ]
        )

    def event(
        self, model, pk: int, *, unit_id: int | None, text: str, event: str, data: dict | None, message: str = ""
    ) -> None:
        """A business event (``aid.approved``) on a record, as ``audit.services.event_record`` writes it."""
        self.rows.append(
            [
                *self.context,
                message or self.message,
                unit_id,
                ObjectChange.Action.EVENT,
                event,
                self._content_type_id(model),
                str(pk),
                text[:255],
                None,
                None if data is None else _ENCODER.encode(data),
            ]
        )

    def take(self) -> list[list]:
        """The collected rows, ready for ``write``; start again."""
        rows, self.rows = self.rows, []
        return rows

    def write(self, rows: list[list] | None = None, *, connection=None) -> None:
        """Insert ``rows`` (``take()``'s; by default all the collected rows), on ``connection`` as
        ``core.bulk.insert_rows`` takes it."""
        insert_rows(ObjectChange, self.COLUMNS, self.take() if rows is None else rows, connection=connection)

    def _content_type_id(self, model) -> int:
        if model not in self.content_types:
            self.content_types[model] = ContentType.objects.get_for_model(model, for_concrete_model=False).pk
        return self.content_types[model]
