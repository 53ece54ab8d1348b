"""Currency conversion through the maintained rate table: explicit about the rate used or missing.

``RateBook`` converts amounts in Python; ``converted_cents`` converts a transaction in the database
by the same rule, so figures over many transactions are summed there (``aid.selectors.aid_figures``).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal
from itertools import pairwise

from django.db.models import BigIntegerField, Case, DecimalField, F, Func, IntegerField, Value, When
from django.db.models.functions import Cast

from .models import ExchangeRate

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Conversion:
    """A converted amount, the rate behind it, or ``missing`` when the table has no rate."""

    amount: Decimal | None
    rate: ExchangeRate | None = None
    inverse: bool = False
    missing: tuple[str, str, int] | None = None  # (currency, target, year) that needs a rate


@dataclass
class RateBook:
    """The rates of the table, loaded once for a report, with lookups that never guess.

    For a day the rule is: the latest daily rate of that currency on or before the day in the
    same year; else the yearly rate of that year; else the same from the inverse pair
    (``VND → USD`` from a ``USD → VND`` rate). Nothing else: no nearby years, no cross rates.
    """

    rates: dict = field(default_factory=dict)
    used: dict = field(default_factory=dict)

    @classmethod
    def load(cls, currencies=None) -> "RateBook":
        qs = ExchangeRate.objects.all()
        book = cls()
        for rate in qs:
            if currencies is not None and rate.currency not in currencies and rate.target not in currencies:
                continue
            book.rates.setdefault((rate.currency, rate.target), []).append(rate)
        for rows in book.rates.values():
            rows.sort(key=lambda r: r.date or date(r.year, 12, 31), reverse=True)
        return book

    def _find(self, currency: str, target: str, day: date) -> ExchangeRate | None:
        rows = self.rates.get((currency, target), [])
        for rate in rows:
            if rate.date is not None and rate.date <= day and rate.date.year == day.year:
                return rate
        for rate in rows:
            if rate.year == day.year and rate.date is None:
                return rate
        return None

    def rate_for(self, currency: str, day: date, target: str) -> tuple[ExchangeRate | None, bool]:
        """The rate that converts ``currency`` into ``target`` on ``day`` and whether it is the
        inverse pair's, by the rule above; (None, False) when there is none. Not counted as used."""
        rate = self._find(currency, target, day)
        if rate is not None:
            return rate, False
        rate = self._find(target, currency, day)
        return rate, rate is not None

    def convert(self, amount: Decimal, currency: str, day: date, target: str) -> Conversion:
        if currency == target:
            return Conversion(amount=amount)
        rate, inverse = self.rate_for(currency, day, target)
        if rate is None:
            return Conversion(amount=None, missing=(currency, target, day.year))
        self.used[rate.pk] = rate
        converted = amount / rate.rate if inverse else amount * rate.rate
        return Conversion(amount=converted.quantize(CENT, ROUND_HALF_UP), rate=rate, inverse=inverse)

    def periods(self, target: str) -> list["RatePeriod"]:
        """Every day this book converts into ``target`` (or says it cannot), as periods of days that
        convert alike: for each currency of its rates, from the first of January of each year it
        has a rate for and from each daily rate's day. A day outside them has no rate. What a
        conversion in the database needs to know of the book, whatever the amounts converted."""
        found: list[RatePeriod] = []
        currencies = {c for c, t in self.rates if t == target} | {t for c, t in self.rates if c == target}
        for code in sorted(currencies - {target}):
            rates = [*self.rates.get((code, target), []), *self.rates.get((target, code), [])]
            years = {r.date.year if r.date else r.year for r in rates}
            starts = {date(y, 1, 1) for y in years} | {date(y + 1, 1, 1) for y in years if y + 1 not in years}
            starts |= {r.date for r in rates if r.date}
            previous = None
            for start in sorted(starts):
                rate, inverse = self.rate_for(code, start, target)
                if previous is not None and (previous.rate, previous.inverse) == (rate, inverse):
                    continue  # converts as the day before: the same period
                previous = RatePeriod(len(found), code, start, rate, inverse)
                found.append(previous)
        return found

    def rates_used(self) -> list[dict]:
        """Every rate a conversion of this book used, for the figures and reports that must say so."""
        return rates_listed(self.used.values())


@dataclass(frozen=True)
class RatePeriod:
    """Days of ``currency`` from ``start`` (to the next period's start) that ``rate`` converts
    (``inverse``: dividing by the inverse pair's rate), or none does (``rate`` None)."""

    index: int
    currency: str
    start: date
    rate: ExchangeRate | None
    inverse: bool


def rates_listed(rates) -> list[dict]:
    """Rates as figures and reports list them: by pair, then by day."""
    return [
        {
            "currency": r.currency,
            "target": r.target,
            "rate": r.rate,
            "date": r.date,
            "year": r.year,
            "source": r.source,
        }
        for r in sorted(rates, key=lambda r: (r.currency, r.target, r.date or date(r.year, 1, 1)))
    ]


def convert(*, amount: Decimal, currency: str, on: date, target: str) -> Conversion:
    """Convert one amount; for many, load a ``RateBook`` once."""
    return RateBook.load({currency, target}).convert(amount, currency, on, target)


# --- in the database ---------------------------------------------------------------------------


class _Cents(Func):
    """``amount × rate`` (or ``amount ÷ rate``) rounded half up to the cent, in whole cents: exact
    decimal arithmetic on PostgreSQL; on SQLite, whose numbers are floats, through
    ``amity_cents`` (``_sqlite_cents``, registered on every connection), which computes as
    ``RateBook.convert`` does."""

    output_field = BigIntegerField()

    def __init__(self, amount, rate: Decimal, *, divide: bool):
        self.divide = divide
        super().__init__(amount, Value(rate, output_field=DecimalField(max_digits=20, decimal_places=8)))

    def _compiled(self, compiler):
        (amount, amount_params), (rate, rate_params) = (compiler.compile(e) for e in self.source_expressions)
        return amount, rate, [*amount_params, *rate_params]

    def as_sql(self, compiler, connection, **extra):
        amount, rate, params = self._compiled(compiler)
        return f"CAST(ROUND({amount} {'/' if self.divide else '*'} {rate}, 2) * 100 AS BIGINT)", params

    def as_sqlite(self, compiler, connection, **extra):
        amount, rate, params = self._compiled(compiler)
        return f"amity_cents({amount}, {rate}, {int(self.divide)})", params


#: What a transaction without a rate converts to (typed: PostgreSQL's CASE needs it so).
_NO_RATE = Cast(Value(None), output_field=BigIntegerField())
_READ_AS_DJANGO = Context(prec=15)  # how Django reads a decimal that SQLite stored as a float


def _sqlite_cents(amount, rate, divide):
    if amount is None or rate is None:
        return None
    amount = (
        Decimal(amount) if isinstance(amount, str) else _READ_AS_DJANGO.create_decimal_from_float(amount)
    ).quantize(CENT)
    rate = Decimal(rate) if isinstance(rate, str) else _READ_AS_DJANGO.create_decimal_from_float(rate)
    converted = amount / rate if divide else amount * rate
    return int(converted.quantize(CENT, ROUND_HALF_UP) * 100)


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: SQLite's ``amity_cents`` for ``converted_cents``."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("amity_cents", 3, _sqlite_cents, deterministic=True)


def whole_cents(amount="amount") -> Func:
    """An amount (a field or an aggregate's name) in whole cents, rounded half up as
    ``converted_cents`` rounds, unconverted."""
    return _Cents(F(amount), Decimal(1), divide=False)


def converted_cents(book: RateBook, pairs, target: str, *, amount="amount", currency="currency", day="date") -> Case:
    """An expression of a transaction's amount in ``target`` in whole cents, each amount converted
    and rounded in the database as ``book.convert`` converts it; NULL where the book has no rate.

    ``pairs`` are the (currency, day) of the transactions it will meet: the book resolves each
    once, and the days a rate serves, consecutive for each currency, become one date range, so
    the expression holds one branch per rate used, whatever the number of transactions.
    ``amount``, ``currency`` and ``day`` name the transaction's fields."""
    by_currency: dict[str, list[tuple[date, Conversion]]] = {}
    for code, on in sorted(set(pairs)):
        if code != target:
            by_currency.setdefault(code, []).append((on, book.convert(Decimal(1), code, on, target)))
    branches = [When(**{currency: target}, then=_Cents(F(amount), Decimal(1), divide=False))]
    for code, days in by_currency.items():
        ranges: list[When] = []
        for i, (on, result) in enumerate(days):
            following = days[i + 1][1] if i + 1 < len(days) else None
            if following is not None and (following.rate, following.inverse) == (result.rate, result.inverse):
                continue  # the next day converts alike: one range
            value = _NO_RATE if result.rate is None else _Cents(F(amount), result.rate.rate, divide=result.inverse)
            ranges.append(When(**{f"{day}__lte": on}, then=value))
        branches.append(When(**{currency: code}, then=Case(*ranges, default=_NO_RATE)))
    return Case(*branches, default=_NO_RATE)


def _by_period(periods: list[RatePeriod], target: str, value_of, *, same, currency: str, day: str) -> Case:
    """A CASE over a transaction's currency and day: ``same`` in ``target``, ``value_of(period)``
    in one of ``periods``, else ``value_of(None)``. One branch per period, whatever the rows."""
    by_currency: dict[str, list[RatePeriod]] = {}
    for period in periods:
        by_currency.setdefault(period.currency, []).append(period)
    branches = [When(**{currency: target}, then=same)]
    for code, days in by_currency.items():
        ranges = [When(**{f"{day}__lt": days[0].start}, then=value_of(None))]
        ranges += [When(**{f"{day}__lt": following.start}, then=value_of(p)) for p, following in pairwise(days)]
        branches.append(When(**{currency: code}, then=Case(*ranges, default=value_of(days[-1]))))
    return Case(*branches, default=value_of(None))


def period_cents(periods: list[RatePeriod], target: str, *, amount="amount", currency="currency", day="date") -> Case:
    """A transaction's amount in ``target`` in whole cents, converted and rounded in the database as
    ``RateBook.convert`` does it (``periods``: the book's ``periods(target)``); NULL without a rate.
    ``amount``, ``currency`` and ``day`` name the transaction's fields."""

    def cents(period: RatePeriod | None):
        if period is None or period.rate is None:
            return _NO_RATE
        return _Cents(F(amount), period.rate.rate, divide=period.inverse)

    return _by_period(
        periods, target, cents, same=_Cents(F(amount), Decimal(1), divide=False), currency=currency, day=day
    )


def period_of(periods: list[RatePeriod], target: str, *, currency="currency", day="date") -> Case:
    """The index of the period (of ``periods``) that converts a transaction: which rates a sum used
    and whether it missed one; -1 without a rate for its currency, NULL in ``target`` itself."""
    no_period = Value(-1, output_field=IntegerField())
    return _by_period(
        periods,
        target,
        lambda p: no_period if p is None else Value(p.index, output_field=IntegerField()),
        same=Cast(Value(None), output_field=IntegerField()),
        currency=currency,
        day=day,
    )


def period_rate(periods: list[RatePeriod], target: str, *, currency="currency", day="date") -> Case:
    """The id of the rate that converts a transaction (``periods``: the book's ``periods(target)``);
    NULL in ``target`` itself or without a rate. What a sum kept per rate (``aid.sums``) records."""

    def rate_id(period: RatePeriod | None):
        return Value(
            period.rate.pk if period is not None and period.rate is not None else None, output_field=IntegerField()
        )

    return _by_period(
        periods, target, rate_id, same=Cast(Value(None), output_field=IntegerField()), currency=currency, day=day
    )
