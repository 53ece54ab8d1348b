"""The roll-up of each aid item's transactions converted and summed (``AidItemSum``): what
``selectors.aid_figures`` reads for the items of the units whose roll-up is fresh, instead of reading
and converting every transaction of the period at each reading (188,530 for the central union's
dashboard widget at national scale).

Never stale: triggers (migration 0009) mark a unit stale in the transaction of every write to its
items' transactions, of an item added to, moved into or out of, deleted from or restored to it,
and every unit when an exchange rate changes. A reading takes the fresh units' rows and converts the
stale units' transactions live, in the same statement (``item_sums_sql``), then queues a refresh of
the stale units for the task worker (``refresh_aid_sums``); ``manage.py aid_sums`` rebuilds every
unit's. The rows are per item, so the figures group, split and filter the items as they stand."""

from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django_tasks import task

from amity.core import rollups
from amity.core.currencies import ReportingCurrency
from amity.core.money import RateBook, RatePeriod, period_cents, period_rate

from .choices import TransactionKind
from .models import AidItem, AidItemSum, AidSumState, AidTransaction

#: The currencies the roll-up keeps sums in (the reporting currencies); figures in any other
#: currency convert every transaction at the reading.
TARGETS = tuple(ReportingCurrency.values)


def converted_sums(transactions: QuerySet[AidTransaction], periods: list[RatePeriod], target: str) -> tuple[str, list]:
    """SQL of the rows ``(item_id, rate_id, unrated, committed, disbursed)``: the ``transactions``
    of each item converted into ``target`` (``periods``: the rate book's ``periods(target)``) and
    summed by the rate that converted them (NULL: in ``target`` already, or without a rate, counted
    in ``unrated`` and left out of the sums). What the roll-up keeps and the live figures compute
    alike, so both round at the same place (each transaction to the cent)."""
    sql, params = (
        transactions.order_by()
        .annotate(rate_used=period_rate(periods, target), cents=period_cents(periods, target))
        .values("item_id", "kind", "rate_used", "cents")
        .query.sql_with_params()
    )
    return (
        f"""SELECT item_id, rate_used AS rate_id, SUM(CASE WHEN cents IS NULL THEN 1 ELSE 0 END) AS unrated,
            CAST(COALESCE(SUM(CASE WHEN kind = %s THEN cents END), 0) AS BIGINT) AS committed,
            CAST(COALESCE(SUM(CASE WHEN kind = %s THEN cents END), 0) AS BIGINT) AS disbursed
        FROM ({sql}) converted GROUP BY item_id, rate_used""",
        [TransactionKind.COMMITMENT.value, TransactionKind.DISBURSEMENT.value, *params],
    )


def stale_units_sql() -> str:
    """SQL: the units whose items' transactions are to be converted live."""
    return f"SELECT unit_id FROM {AidSumState._meta.db_table} WHERE NOT fresh"


#: ``item_sums_sql`` already built, by what it is built from: the conversion's CASE holds a branch
#: for every rate period of the book (hundreds), which Django takes tens of milliseconds of CPU to
#: build for each figure; the same rates give the same SQL, whatever the items.
_BUILT: dict[tuple, tuple[str, tuple]] = {}


def item_sums_sql(items: str, periods: list[RatePeriod] | None, target: str) -> tuple[str, list]:
    """SQL of the rows of ``converted_sums`` for the items of ``items`` (a CTE's name, with the
    columns ``item_id`` and ``unit_id``): the roll-up's for the items of fresh units, converted from
    their transactions for the others (all of them when ``target`` is not one the roll-up keeps),
    read in one statement, so a write committing meanwhile is either in both or in neither.

    ``periods`` None (``target`` kept): the roll-up's rows alone, which need no rate book; the items
    of stale units are then left out, and the caller, which counts them in the same statement, reads
    again with the book's periods when there are some."""
    rates = (
        None
        if periods is None
        else tuple(
            (p.currency, p.start, p.inverse, None if p.rate is None else (p.rate.pk, p.rate.rate)) for p in periods
        )
    )
    key = (items, target, connections[DEFAULT_DB_ALIAS].vendor, rates)
    if key not in _BUILT:
        if len(_BUILT) >= 32:  # rates changed many times since the process began
            _BUILT.clear()
        sql, params = _item_sums_sql(items, periods, target)
        _BUILT[key] = (sql, tuple(params))
    sql, params = _BUILT[key]
    return sql, list(params)


def _item_sums_sql(items: str, periods: list[RatePeriod] | None, target: str) -> tuple[str, list]:
    kept = target in TARGETS
    live = f"i.unit_id IN ({stale_units_sql()})" if kept else "1 = 1"
    rows = f"""SELECT s.item_id, s.rate_id, s.unrated, s.committed, s.disbursed
        FROM {AidItemSum._meta.db_table} s JOIN {items} i ON i.item_id = s.item_id
        WHERE s.target = %s AND NOT {live}"""
    if periods is None:
        if not kept:
            raise ValueError(f"{target}: no roll-up is kept in this currency; give the rate book's periods")
        return rows, [target]
    converted, params = converted_sums(
        AidTransaction.objects.filter(item_id__in=RawSQL(f"SELECT item_id FROM {items} i WHERE {live}", ())),
        periods,
        target,
    )
    if not kept:
        return converted, params
    return f"{rows} UNION ALL {converted}", [target, *params]


def _rebuild(ids: list[int]) -> None:
    """The roll-up rows of every item of the units ``ids``, deleted and computed again."""
    placeholders = ", ".join(["%s"] * len(ids))
    items = AidItem._meta.db_table
    rollups.execute(
        AidItemSum,
        f"DELETE FROM {AidItemSum._meta.db_table} WHERE item_id IN (SELECT id FROM {items} WHERE unit_id IN ({placeholders}))",
        ids,
    )
    transactions = AidTransaction.objects.filter(item__in=AidItem.all_objects.filter(unit_id__in=ids).values("pk"))
    book = RateBook.load()
    for target in TARGETS:
        sql, params = converted_sums(transactions, book.periods(target), target)
        rollups.execute(
            AidItemSum,
            f"""INSERT INTO {AidItemSum._meta.db_table} (item_id, target, rate_id, unrated, committed, disbursed)
            SELECT item_id, %s, rate_id, unrated, committed, disbursed FROM ({sql}) s""",
            [target, *params],
        )


def aid_sums_refresh(*, unit_ids: Iterable[int] | None = None) -> list[int]:
    """Rebuild the roll-up of the items of ``unit_ids`` (every unit owning items when None) and
    mark it fresh, ``core.rollups.REFRESH_CHUNK`` units a transaction."""
    return rollups.refresh_units(AidSumState, unit_ids, _rebuild, chunk=rollups.REFRESH_CHUNK)


def aid_sums_refresh_stale() -> list[int]:
    """Refresh every stale unit's roll-up (what the task worker runs)."""
    return aid_sums_refresh(unit_ids=rollups.stale_unit_ids(AidSumState))


def aid_sums_queue_refresh() -> bool:
    """Queue a refresh of the stale units for the task worker, unless one is queued."""
    return rollups.queue_refresh(AidSumState, refresh_aid_sums.enqueue)


@task()
def refresh_aid_sums() -> int:
    """Rebuild the roll-up of the units marked stale since their last refresh (the task worker)."""
    return len(aid_sums_refresh_stale())
