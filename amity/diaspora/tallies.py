"""The roll-up of the compatriots and contributions by owning unit: what ``selectors.diaspora_figures``
sums for the units whose roll-up is fresh, instead of grouping a million compatriots and
converting every day's contributions at each reading.

Never stale: triggers (migration 0014) mark a unit's roll-up stale in the transaction of every write
to its compatriots or contributions, whatever writes them (services, imports' bulk inserts, merges,
erasures, deletions and restorations), and every unit's when an exchange rate changes. A reading
sums the roll-up's rows of the fresh units and computes the stale units live, in the same
statement, then queues a refresh of the stale units for the task worker (``refresh_tallies``, a task of this module);
``manage.py diaspora_tallies`` rebuilds every unit's. The rows are per owning unit, so a figure of
any day groups them by the unions of that day (``units.rollup``) as it groups the records.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncMonth, TruncYear
from django_tasks import task

from amity.core import rollups
from amity.core.currencies import ReportingCurrency
from amity.core.money import RateBook, converted_cents, whole_cents

from .models import Compatriot, CompatriotTally, Contribution, ContributionTally, ContributionTallyRate, TallyState

#: What each kind of compatriot count groups by: the compatriot's field.
COUNTED_BY = {
    CompatriotTally.By.COUNTRY: "country_id",
    CompatriotTally.By.HOME: "home_unit_id",
    CompatriotTally.By.ORGANISATION: "organisation_id",
}


def fresh_units() -> QuerySet:
    """The units whose roll-up holds their records (a subquery: read in the statement using it)."""
    return TallyState.objects.filter(fresh=True).values("unit_id")


def stale_units() -> QuerySet:
    """The units whose records are to be counted live (every unit owning records has a state row)."""
    return TallyState.objects.filter(fresh=False).values("unit_id")


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def whole_months(since: date | None, until: date | None) -> tuple[date | None, date | None, bool]:
    """The first and last month (first days; None: open) lying wholly inside ``since``–``until``,
    and whether there is any: the roll-up answers those months, the days outside them are read live."""
    first = None if since is None else (since if since.day == 1 else next_month(since))
    last = None
    if until is not None:
        last = (
            month_start(until)
            if (until + timedelta(days=1)).day == 1
            else month_start(month_start(until) - timedelta(days=1))
        )
    return first, last, first is None or last is None or first <= last


def kept_q(first: date | None, last: date | None) -> Q:
    """The roll-up's rows (``ContributionTally``, ``ContributionTallyRate``) that sum the whole months
    ``first``–``last`` (``whole_months``) once: the years lying wholly inside from their year rows,
    the other months from their month rows."""
    y0 = None if first is None else (first.year if first.month == 1 else first.year + 1)
    y1 = None if last is None else (last.year if last.month == 12 else last.year - 1)
    months = Q(yearly=False)
    if first is not None:
        months &= Q(month__gte=first)
    if last is not None:
        months &= Q(month__lte=last)
    if y0 is not None and y1 is not None and y0 > y1:
        return months
    years, outside = Q(yearly=True), Q()
    if y0 is not None:
        years, outside = years & Q(month__gte=date(y0, 1, 1)), outside | Q(month__lt=date(y0, 1, 1))
    if y1 is not None:
        years, outside = years & Q(month__lte=date(y1, 1, 1)), outside | Q(month__gt=date(y1, 12, 1))
    return years | (months & outside) if outside else years


def _execute(sql: str, params) -> None:
    rollups.execute(TallyState, sql, params)


def _insert_counts(people: QuerySet[Compatriot]) -> None:
    for by, field in COUNTED_BY.items():
        counts = people.order_by().values("unit_id", field).annotate(n=Count("*"), dimension=Value(by.value))
        if by == CompatriotTally.By.ORGANISATION:  # the associations' members only
            counts = counts.filter(**{f"{field}__isnull": False})
        sql, params = counts.query.sql_with_params()
        _execute(f"INSERT INTO diaspora_compatriottally (unit_id, key, count, dimension) {sql}", params)


def day_sums(gifts: QuerySet[Contribution], book: RateBook, pairs, target: str, **period) -> QuerySet:
    """Each day's sum of one unit's contributions of one purpose and currency (``n``, ``s``), with
    ``period`` (the month or year it falls in), converted into ``target`` in the database
    (``cents``, NULL without a rate) and as it stands (``raw``): the sums the roll-up keeps and the
    live figures compute alike, so both round at the same place."""
    return (
        gifts.order_by()
        .values("unit_id", "purpose", "currency", "received_on")
        .annotate(n=Count("*"), s=Sum("amount"))
        .annotate(
            **period,
            cents=converted_cents(book, pairs, target, amount="s", day="received_on"),
            raw=whole_cents("s"),
        )
    )


def _insert_sums(gifts: QuerySet[Contribution], units: list[int]) -> None:
    """Each target's sums by unit, month, purpose, currency and rate found, each day's sum of a unit's
    contributions of one purpose and currency converted (in the database, ``converted_cents``);
    and the rates used by unit, month and target."""
    days = list(gifts.order_by().values_list("unit_id", "currency", "received_on").distinct())
    pairs = {(code, day) for _unit, code, day in days}
    book = RateBook.load()
    for target in ReportingCurrency.values:
        groups = day_sums(gifts, book, pairs, target, month=TruncMonth("received_on"))
        sql, params = groups.query.sql_with_params()
        _execute(
            f"""WITH g (unit_id, purpose, currency, received_on, n, s, month, cents, raw) AS ({sql})
            INSERT INTO diaspora_contributiontally
                (unit_id, target, month, purpose, currency, unrated, count, cents, raw_cents, yearly)
            SELECT unit_id, %s, month, purpose, CASE WHEN cents IS NULL THEN currency ELSE '' END, cents IS NULL,
                SUM(n), COALESCE(SUM(cents), 0), SUM(raw), %s
            FROM g GROUP BY unit_id, month, purpose, CASE WHEN cents IS NULL THEN currency ELSE '' END, cents IS NULL""",
            [*params, target, False],
        )
        rates = {}
        for unit_id, code, day in days:
            if code != target:
                found = book.convert(Decimal(1), code, day, target).rate
                if found is not None:
                    rates[(unit_id, month_start(day), found.pk)] = None
        ContributionTallyRate.objects.bulk_create(
            [ContributionTallyRate(unit_id=u, target=target, month=m, rate_id=r) for u, m, r in rates], batch_size=5000
        )
    _insert_years(ContributionTally.objects.filter(unit_id__in=units))
    _insert_years(ContributionTallyRate.objects.filter(unit_id__in=units))


def _insert_years(months: QuerySet) -> None:
    """Each year's rows of ``months`` (a roll-up's month rows): the sums of its months, or its rates."""
    keys = (
        ["unit_id", "target", "purpose", "currency", "unrated"]
        if months.model is ContributionTally
        else ["unit_id", "target", "rate_id"]
    )
    rows = months.filter(yearly=False).order_by().values(*keys).annotate(year=TruncYear("month"))
    sums = ["count", "cents", "raw_cents"] if months.model is ContributionTally else []
    if sums:
        rows = rows.annotate(**{f"sum_{name}": Sum(name) for name in sums})
    else:
        rows = rows.distinct()
    rows = rows.annotate(one_year=Value(True))
    sql, params = rows.query.sql_with_params()
    columns = ", ".join([*keys, "month", *sums, "yearly"])
    _execute(f"INSERT INTO {months.model._meta.db_table} ({columns}) {sql}", params)


#: Units refreshed in one transaction (``core.rollups.refresh_units``).
REFRESH_CHUNK = rollups.REFRESH_CHUNK


def tallies_refresh(*, unit_ids: Iterable[int] | None = None) -> list[int]:
    """Rebuild the roll-up of ``unit_ids`` (every unit owning records when None) from their records
    and mark it fresh, ``REFRESH_CHUNK`` units a transaction."""
    return rollups.refresh_units(TallyState, unit_ids, _rebuild, chunk=REFRESH_CHUNK)


def _rebuild(ids: list[int]) -> None:
    """The roll-up rows of the units ``ids``, deleted and computed again."""
    for model in (CompatriotTally, ContributionTally, ContributionTallyRate):
        # one statement (a queryset's delete() reads the rows first, for the signals of each)
        placeholders = ", ".join(["%s"] * len(ids))
        _execute(f"DELETE FROM {model._meta.db_table} WHERE unit_id IN ({placeholders})", ids)
    _insert_counts(Compatriot.objects.filter(unit_id__in=ids))
    _insert_sums(Contribution.objects.filter(unit_id__in=ids), ids)


def tallies_refresh_stale() -> list[int]:
    """Refresh every stale unit's roll-up (what the task worker runs)."""
    return tallies_refresh(unit_ids=rollups.stale_unit_ids(TallyState))


def tallies_queue_refresh() -> bool:
    """Queue a refresh of the stale units for the task worker, unless one is queued."""
    return rollups.queue_refresh(TallyState, refresh_tallies.enqueue)


@task()
def refresh_tallies() -> int:
    """Rebuild the roll-up of the units marked stale since their last refresh (what the task worker
    runs; defined here, beside what queues it, so the roll-up needs nothing of the other tasks)."""
    return len(tallies_refresh_stale())
