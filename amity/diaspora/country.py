"""The synthetic country's natives abroad: a million compatriots at scale 1, named as Vietnamese
names really repeat (``core.names``), and 200,000 contributions in their currencies."""

from datetime import date
from decimal import Decimal

from amity.core.country import CountryContext
from amity.core.names import NameDrawer
from amity.core.text import fold
from amity.geo.models import AdminUnit, Country

from .choices import ContributionKind, LegalBasis, Purpose, Sex
from .models import Compatriot, Contribution

ORDER = 70
COMPATRIOTS = 1_000_000
CONTRIBUTIONS = 200_000
CURRENCIES = {"USD": 50, "VND": 20, "EUR": 10, "JPY": 10, "KRW": 10}
TYPICAL = {"USD": 500, "VND": 10_000_000, "EUR": 400, "JPY": 60_000, "KRW": 600_000}


def fill(ctx: CountryContext) -> None:
    rng = ctx.rng
    drawer = NameDrawer(rng)
    codes = dict(Country.objects.values_list("iso_alpha2", "pk"))
    homes = list(
        AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE, valid_from__isnull=True)
        .order_by("code")
        .values_list("pk", flat=True)
    )
    owners: list[tuple[int, date]] = []

    def compatriot(_i: int) -> Compatriot:
        unit_id, last = ctx.owner()
        owners.append((unit_id, last))
        drawn = drawer.person()
        birth = drawn["birth_date"]
        home = drawn["home"]
        consent = ctx.day(last=last)
        return Compatriot(
            unit_id=unit_id,
            full_name=drawn["full_name"],
            sex=Sex.MALE if drawn["sex"] == "Nam" else Sex.FEMALE,
            birth_year=drawn["birth_year"] or (birth.year if birth else None),
            birth_date=birth,
            home_unit_id=homes[(home - 1) % len(homes)] if home else None,
            country_id=codes[drawn["country"]],
            city=drawn["city"],
            resident_since=rng.randint(1990, 2024) if rng.random() < 0.6 else None,
            phone=drawn["phone"],
            email=drawn["email"],
            legal_basis=LegalBasis.CONSENT,
            consent_on=consent,
            retain_until=date(consent.year + 10, 1, 1),
            search_name=fold(drawn["full_name"]),
        )

    n = ctx.count(COMPATRIOTS)
    ids = ctx.bulk(Compatriot, (compatriot(i) for i in range(n)), total=n, ids=True)
    currencies, weights = list(CURRENCIES), list(CURRENCIES.values())
    purposes = Purpose.values

    def contribution(_i: int) -> Contribution:
        k = rng.randrange(len(ids))
        unit_id, last = owners[k]
        currency = rng.choices(currencies, weights)[0]
        amount = Decimal(rng.lognormvariate(0, 1) * TYPICAL[currency]).quantize(Decimal("0.01"))
        return Contribution(
            unit_id=unit_id,
            compatriot_id=ids[k],
            kind=ContributionKind.CASH,
            amount=amount,
            currency=currency,
            purpose=rng.choice(purposes),
            received_on=ctx.day(last=last),
        )

    n = ctx.count(CONTRIBUTIONS)
    ctx.bulk(Contribution, (contribution(i) for i in range(n)), total=n)
