"""Building aid records for tests, through the same services the screens use."""

from datetime import date
from decimal import Decimal

from amity.aid.choices import AidStatus
from amity.aid.models import AidDonor, AidItem, AidTransaction, ExchangeRate
from amity.registry.models import Organisation


def make_donor(unit, name: str, *, country=None, kind: str = "foreign_ngo") -> Organisation:
    return Organisation.objects.create(unit=unit, kind=kind, name=name, name_original=name, country=country)


def make_item(
    unit,
    title: str,
    *,
    donors=(),
    committed: tuple | None = None,
    status: str = AidStatus.APPROVED,
    decided: date = date(2020, 6, 1),
    **extra,
) -> AidItem:
    """An item with donors (org or (org, share)) and an optional commitment (amount, currency[, date])."""
    item = AidItem.objects.create(unit=unit, title_vi=title, status=status, decision_date=decided, **extra)
    for donor in donors:
        org, share = donor if isinstance(donor, tuple) else (donor, None)
        AidDonor.objects.create(item=item, organisation=org, share=share)
    if committed:
        amount, currency, *day = committed
        AidTransaction.objects.create(
            item=item, kind="commitment", amount=Decimal(amount), currency=currency, date=day[0] if day else decided
        )
    return item


def make_rate(currency: str, target: str, rate: str, *, year: int | None = None, day: date | None = None):
    return ExchangeRate.objects.create(
        currency=currency, target=target, rate=Decimal(rate), year=year, date=day, source="test"
    )
