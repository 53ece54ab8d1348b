"""What every roll-up kept by owning unit shares (``diaspora.tallies``, ``aid.sums``): a state row
per unit that database triggers mark stale in the writing transaction, a refresh that rebuilds a
chunk of units a transaction with their state rows locked, and one refresh queued at a time for
the task worker when a reading met stale units."""

import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .jobs import job_timeout
from .querysets import RestrictedQuerySet

#: Units refreshed in one transaction: a write to a unit's records waits for the refresh of its
#: own chunk (its state row is locked), not for the whole country's.
REFRESH_CHUNK = 50


class RollupState(models.Model):
    """Whether the roll-up rows of a unit's records hold them as they stand: database triggers set
    ``fresh`` to false in the transaction of a write they depend on; only the refresh sets it to
    true. Every unit owning records has a row."""

    unit = models.OneToOneField(
        "units.Unit", primary_key=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    fresh = models.BooleanField(_("up to date"), default=False)
    queued = models.DateTimeField(_("refresh queued"), null=True, blank=True)
    refreshed = models.DateTimeField(_("refreshed"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["unit"]

    def __str__(self) -> str:
        return f"{self.unit_id}: {'fresh' if self.fresh else 'stale'}"


class RefreshCommand(BaseCommand):
    """``manage.py`` rebuilding a roll-up: every unit's, the stale ones' or one unit's subtree,
    through ``refresh(unit_ids=...)`` over the units of ``state``."""

    state: type[RollupState]
    refresh: Callable[..., list[int]]

    def add_arguments(self, parser):
        parser.add_argument("--stale", action="store_true", help="Only the units marked stale.")
        parser.add_argument("--unit", type=int, help="Only this unit and the units below it (its id).")

    def handle(self, *args, stale=False, unit=None, **options):
        started, cpu = time.perf_counter(), time.process_time()
        refresh = type(self).refresh
        if unit is not None:
            units: Any = self.state._meta.get_field("unit").related_model
            root = units.objects.get(pk=unit)
            ids = refresh(unit_ids=units.all_objects.filter(path__startswith=root.path).values_list("pk", flat=True))
        elif stale:
            ids = refresh(unit_ids=stale_unit_ids(self.state))
        else:
            ids = refresh()
        self.stdout.write(
            f"{len(ids)} units refreshed in {1000 * (time.perf_counter() - started):.0f} ms "
            f"({1000 * (time.process_time() - cpu):.0f} ms of CPU)"
        )


def stale_unit_ids(state: type[RollupState]):
    """The units whose roll-up is stale (what the task worker refreshes)."""
    return state.objects.filter(fresh=False).values_list("unit_id", flat=True)


def execute(model: type[Model], sql: str, params) -> None:
    """Run ``sql`` on the database ``model`` is written to."""
    database = connections[router.db_for_write(model) or DEFAULT_DB_ALIAS]
    with database.cursor() as cursor:
        cursor.execute(sql, params)


def refresh_units(
    state: type[RollupState], unit_ids: Iterable[int] | None, rebuild: Callable[[list[int]], None], *, chunk: int
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


def queue_refresh(state: type[RollupState], enqueue: Callable[[], object]) -> bool:
    """Queue a refresh of the stale units (``enqueue``, after the reading's transaction commits),
    unless one is queued; a refresh queued longer ago than the jobs' timeout is taken as lost and
    queued again. One UPDATE."""
    now = timezone.now()
    waiting = Q(queued__isnull=True) | Q(queued__lt=now - job_timeout())
    if not state.objects.filter(waiting, fresh=False).update(queued=now):
        return False
    transaction.on_commit(enqueue, using=router.db_for_write(state) or DEFAULT_DB_ALIAS)
    return True
