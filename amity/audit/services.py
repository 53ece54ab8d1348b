"""Writes to the audit trail other than the automatic change log."""

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction
from django.db.models import QuerySet

from amity.core.access import member_unit_ids
from amity.core.compiled import prepared_cursor
from amity.core.context import current_context
from amity.core.querysets import owning_unit_ids

from .models import ExportLog, ObjectChange
from .signals import record_change

#: Marks, in the export log, personal data a superuser saw in clear: intended (the operators'
#: technical account sees every unit's data, see README "Security"), and traceable as such.
SUPERUSER_NOTE = "[superuser: personal data of every unit in clear]"


def event_record(*, instance, event: str, message: str = "", data: dict | None = None) -> ObjectChange:
    """A typed business event on a record, e.g. ``aid.approved`` with the decision number."""
    return record_change(
        instance, action=ObjectChange.Action.EVENT, before=None, after=data, event=event, message=message
    )


def export_record(
    *,
    actor,
    model,
    format: str,
    row_count: int,
    query: str = "",
    personal: bool = False,
    records=None,
    unit_ids: set[int] | None = None,
) -> ExportLog:
    """Log an export (or a listing of personal data); ``records`` (queryset or instances) are what
    was exported: the log is shown to the auditors of the units owning them (``unit_ids``, where
    the caller has them already). Without either, or for shared reference data, it goes to the
    auditors of the units where the actor may export. Personal data always name their records:
    that wider fallback would show the log to the auditors of every unit of a user with roles in
    several. The log and its units are written together (two inserts) or not at all."""
    if personal and records is None and unit_ids is None:
        raise TypeError("export_record(personal=True) needs the records whose personal data were shown")
    actor = actor or current_context().resolve_actor()
    if personal and getattr(actor, "is_superuser", False):
        query = f"{SUPERUSER_NOTE} {query}".strip()
    if unit_ids is None:
        unit_ids = owning_unit_ids(records) if records is not None else set()
    if not unit_ids and actor is not None and not personal:
        unit_ids = member_unit_ids(actor, "export")
    log = ExportLog(
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        content_type=ContentType.objects.get_for_model(model),
        format=format,
        row_count=row_count,
        query=query[:2000],
        personal=personal,
    )
    _log_insert(log, sorted(unit_ids))
    return log


def _log_insert(log: ExportLog, unit_ids: list[int]) -> None:
    """Write a new ``log`` and its units, together or not at all. On PostgreSQL one statement
    inserts both (the log's row, and its units' from the id it returns, in a ``WITH``): the API's
    compatriot list logs every page it answers, and a transaction of two ORM inserts cost it ~2 ms
    of CPU in four round trips; its text is the same for every log, so it is prepared on the
    connection. Elsewhere the two inserts in a transaction."""
    alias = router.db_for_write(ExportLog, instance=log)
    connection = connections[alias]
    through = ExportLog.units.through
    if connection.vendor != "postgresql":
        with transaction.atomic(using=alias):
            log.save(using=alias)
            # a new log has no units yet: one insert (``units.set()`` reads the none there are first)
            through.objects.using(alias).bulk_create(
                [through(exportlog_id=log.pk, unit_id=unit_id) for unit_id in unit_ids]
            )
        return
    meta, name = ExportLog._meta, connection.ops.quote_name
    fields = [field for field in meta.local_concrete_fields if field is not meta.auto_field]
    values = [field.get_db_prep_save(field.pre_save(log, add=True), connection) for field in fields]
    pk = name(meta.pk.column)
    sql = (
        f"WITH log AS (INSERT INTO {name(meta.db_table)} ({', '.join(name(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {pk}), "
        f"units AS (INSERT INTO {name(through._meta.db_table)} "
        f"({name(through._meta.get_field('exportlog').column)}, {name(through._meta.get_field('unit').column)}) "
        f"SELECT log.{pk}, unit FROM log, unnest(%s::bigint[]) WITH ORDINALITY AS units(unit, place) ORDER BY place) "
        f"SELECT {pk} FROM log"
    )
    with prepared_cursor(alias) as cursor:  # the same text every time: PostgreSQL keeps its plan
        cursor.execute(sql, [*values, unit_ids])
        log.pk = cursor.fetchone()[0]
    log._state.adding, log._state.db = False, alias


def personal_access_record(
    *, actor, model, kind: str, records=None, query: str = "", shown: dict[int, int | None] | None = None
) -> ExportLog:
    """Log that ``actor`` saw personal data of ``records`` on a screen (a list, a detail, a
    history page): an entry of the export log, seen by the auditors of the records' units.
    A list whose rows name their unit gives them as ``shown`` ({record id: unit id}) instead."""
    if shown is not None:
        return export_record(
            actor=actor,
            model=model,
            format=kind,
            row_count=len(shown),
            query=query,
            personal=True,
            unit_ids={unit_id for unit_id in shown.values() if unit_id is not None},
        )
    if isinstance(records, QuerySet):  # counted and its units read in two queries, whatever its size
        row_count = records.count()
    else:
        records = list(records)
        row_count = len(records)
    return export_record(
        actor=actor, model=model, format=kind, row_count=row_count, query=query, personal=True, records=records
    )


def names_shown_record(*, actor, people, kind: str = "detail", query: str = "") -> ExportLog | None:
    """Log the people (instances of one person model) whose names a screen showed; nothing when
    it showed none."""
    people = list(people)
    if not people:
        return None
    return personal_access_record(actor=actor, model=type(people[0]), kind=kind, records=people, query=query)
