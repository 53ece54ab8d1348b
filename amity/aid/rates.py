"""Currency conversion through the maintained rate table: explicit about the rate used or missing."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

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

    def convert(self, amount: Decimal, currency: str, day: date, target: str) -> Conversion:
        if currency == target:
            return Conversion(amount=amount)
        rate = self._find(currency, target, day)
        if rate is not None:
            self.used[rate.pk] = rate
            return Conversion(amount=(amount * rate.rate).quantize(CENT, ROUND_HALF_UP), rate=rate)
        rate = self._find(target, currency, day)
        if rate is not None:
            self.used[rate.pk] = rate
            return Conversion(amount=(amount / rate.rate).quantize(CENT, ROUND_HALF_UP), rate=rate, inverse=True)
        return Conversion(amount=None, missing=(currency, target, day.year))

    def rates_used(self) -> list[dict]:
        """Every rate a conversion of this book used, for the figures and reports that must say so."""
        return [
            {
                "currency": r.currency,
                "target": r.target,
                "rate": r.rate,
                "date": r.date,
                "year": r.year,
                "source": r.source,
            }
            for r in sorted(self.used.values(), key=lambda r: (r.currency, r.target, r.date or date(r.year, 1, 1)))
        ]


def convert(*, amount: Decimal, currency: str, on: date, target: str) -> Conversion:
    """Convert one amount; for many, load a ``RateBook`` once."""
    return RateBook.load({currency, target}).convert(amount, currency, on, target)
