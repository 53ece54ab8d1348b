"""What every roll-up kept by owning unit shares (``diaspora.tallies``, ``aid.sums``): a state row
per unit that database triggers mark stale in the writing transaction, a refresh that rebuilds a
chunk of units a transaction with their state rows locked, and one refresh queued at a time for
the task worker when a reading met stale units."""

from collections.abc import Callable, Iterable

from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Model, Q
from django.utils import timezone

from .jobs import job_timeout

#: Units refreshed in one transaction: a write to a unit's records waits for the refresh of its
#: own chunk (its state row is locked), not for the whole country's.
REFRESH_CHUNK = 50


def execute(model: type[Model], sql: str, params) -> None:
    """Run ``sql`` on the database ``model`` is written to."""
    database = connections[router.db_for_write(model) or DEFAULT_DB_ALIAS]
    with database.cursor() as cursor:
        cursor.execute(sql, params)


def refresh_units(
    state: type[Model], unit_ids: Iterable[int] | None, rebuild: Callable[[list[int]], None], *, chunk: int
) -> list[int]:
    """Rebuild (``rebuild(ids)``) the roll-up of ``unit_ids`` (every unit with a ``state`` row when
    None) and mark it fresh, ``chunk`` units a transaction. Each chunk's state rows are locked
    first: a write that commits meanwhile waits for its chunk's refresh and marks its unit stale
    again after it."""
    ids = sorted(state.objects.values_list("unit_id", flat=True) if unit_ids is None else set(unit_ids))
    for first in range(0, len(ids), chunk):
        part = ids[first : first + chunk]
        with transaction.atomic(using=router.db_for_write(state) or DEFAULT_DB_ALIAS):
            state.objects.bulk_create([state(unit_id=pk) for pk in part], ignore_conflicts=True)
            list(state.objects.select_for_update().filter(unit_id__in=part).order_by("unit_id").values("unit_id"))
            rebuild(part)
            state.objects.filter(unit_id__in=part).update(fresh=True, queued=None, refreshed=timezone.now())
    return ids


def queue_refresh(state: type[Model], enqueue: Callable[[], object]) -> bool:
    """Queue a refresh of the stale units (``enqueue``, after the reading's transaction commits),
    unless one is queued; a refresh queued longer ago than the jobs' timeout is taken as lost and
    queued again. One UPDATE."""
    now = timezone.now()
    waiting = Q(queued__isnull=True) | Q(queued__lt=now - job_timeout())
    if not state.objects.filter(waiting, fresh=False).update(queued=now):
        return False
    transaction.on_commit(enqueue, using=router.db_for_write(state) or DEFAULT_DB_ALIAS)
    return True
