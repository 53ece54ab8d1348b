"""Aid converted in the database through the rate book's periods (``core.money.period_cents``) gives,
for every day and currency, the cents and the rate that ``RateBook.convert`` gives in Python."""

from datetime import date, timedelta
from decimal import Decimal

from django.test import TestCase

from amity.aid.models import AidTransaction
from amity.core.money import RateBook, period_cents, period_of
from amity.units.testing import make_unit_tree

from .factories import make_item, make_rate


class RatePeriodTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        unit = make_unit_tree()["hai_phong"]
        # EUR: yearly rates for 2023 and 2024, daily rates inside 2024 (the latest on or before the day
        # wins, in its own year only); none for 2022 and 2025. JPY: only the inverse pair (USD → JPY),
        # for 2022 and 2024 with a daily rate, none for 2023. KRW: no rate at all.
        make_rate("EUR", "USD", "1.10", year=2023)
        make_rate("EUR", "USD", "1.20", year=2024)
        make_rate("EUR", "USD", "1.25", day=date(2024, 3, 15))
        make_rate("EUR", "USD", "1.15", day=date(2024, 11, 1))
        make_rate("USD", "JPY", "150", year=2022)
        make_rate("USD", "JPY", "140", year=2024)
        make_rate("USD", "JPY", "145", day=date(2024, 6, 30))
        make_rate("EUR", "VND", "26000", year=2024)  # another target: not used for USD
        item = make_item(unit, "Every day")
        first, last = date(2021, 12, 30), date(2025, 1, 2)
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        AidTransaction.objects.bulk_create(
            AidTransaction(item=item, kind="commitment", amount=Decimal("1234.57"), currency=currency, date=day)
            for day in days
            for currency in ("EUR", "JPY", "KRW", "USD")
        )

    def test_every_day_converts_as_the_rate_book_does(self):
        book = RateBook.load()
        periods = book.periods("USD")
        rows = AidTransaction.objects.annotate(
            cents=period_cents(periods, "USD"), period=period_of(periods, "USD")
        ).values_list("currency", "date", "amount", "cents", "period")
        found, expected = [], []
        for currency, day, amount, cents, period in rows:
            conversion = book.convert(amount, currency, day, "USD")
            if currency == "USD":
                rate = "same" if period is None else period
            elif period == -1 or periods[period].rate is None:
                rate = None
            else:  # the period names the rate used, so the figures can list it
                rate = (periods[period].rate, periods[period].inverse)
            found.append((currency, day, cents, rate))
            expected.append(
                (
                    currency,
                    day,
                    None if conversion.amount is None else int(conversion.amount * 100),
                    "same" if currency == "USD" else conversion.rate and (conversion.rate, conversion.inverse),
                )
            )
        self.assertEqual(len(found), 4 * 1100)
        self.assertEqual(found, expected)
        self.assertEqual(
            {(p.currency, p.start) for p in periods if p.rate is not None},
            {
                ("EUR", date(2023, 1, 1)),
                ("EUR", date(2024, 1, 1)),
                ("EUR", date(2024, 3, 15)),
                ("EUR", date(2024, 11, 1)),
                ("JPY", date(2022, 1, 1)),
                ("JPY", date(2024, 1, 1)),
                ("JPY", date(2024, 6, 30)),
            },
        )
