"""The synthetic country's foreign non-governmental aid: 50,000 items at scale 1 with their donors,
sectors, provinces and 500,000 commitments and disbursements in six currencies, and yearly
exchange rates for twenty years."""

from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from amity.core.country import FIRST_DAY, LAST_DAY, CountryContext
from amity.core.models import ExchangeRate
from amity.core.text import fold

from .choices import AidKind, AidStatus, TransactionKind
from .models import AidDonor, AidItem, AidTransaction, Sector

ORDER = 40
ITEMS = 50_000
TRANSACTIONS_PER_ITEM = 10
#: Currencies of the items (share) and their yearly value in USD, first and last year (linear between).
CURRENCIES = {"USD": 40, "EUR": 20, "JPY": 12, "KRW": 10, "AUD": 6, "VND": 12}
IN_USD = {
    "EUR": (Decimal("1.37"), Decimal("1.08")),
    "JPY": (Decimal("0.0085"), Decimal("0.0066")),
    "KRW": (Decimal("0.00107"), Decimal("0.00073")),
    "AUD": (Decimal("0.84"), Decimal("0.65")),
}
USD_IN_VND = (Decimal("16100"), Decimal("25400"))
TYPICAL_AMOUNT_USD = 40_000
STATUSES = {
    AidStatus.PROPOSED: 5,
    AidStatus.APPRAISAL: 5,
    AidStatus.APPROVED: 10,
    AidStatus.IMPLEMENTATION: 25,
    AidStatus.COMPLETED: 40,
    AidStatus.CLOSED: 10,
    AidStatus.REJECTED: 3,
    AidStatus.SUSPENDED: 2,
}
TITLES = ["Nước sạch cho", "Trường học cho", "Học bổng cho", "Nhà tình nghĩa cho", "Y tế cộng đồng cho"]
PLACES = ["xã vùng cao", "trẻ em khuyết tật", "phụ nữ nông thôn", "người cao tuổi", "vùng lũ"]


def _yearly(first: Decimal, last: Decimal, year: int) -> Decimal:
    years = LAST_DAY.year - FIRST_DAY.year
    return (first + (last - first) * (year - FIRST_DAY.year) / years).quantize(Decimal("0.00000001"))


def rates() -> list[ExchangeRate]:
    """Yearly rates of every currency in USD and VND (VND in USD comes from the inverse pair)."""
    made = []
    for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
        vnd = _yearly(*USD_IN_VND, year)
        made.append(ExchangeRate(currency="USD", target="VND", rate=vnd, year=year, source="synthetic"))
        for currency, span in IN_USD.items():
            usd = _yearly(*span, year)
            made.append(ExchangeRate(currency=currency, target="USD", rate=usd, year=year, source="synthetic"))
            made.append(ExchangeRate(currency=currency, target="VND", rate=usd * vnd, year=year, source="synthetic"))
    return made


def fill(ctx: CountryContext) -> None:
    rng = ctx.rng
    made = rates()
    ctx.bulk(ExchangeRate, made, total=len(made))
    sectors = list(Sector.objects.order_by("code").values_list("pk", flat=True)[:60])
    ngos = ctx.records["ngos"] or ctx.records["organisations"]
    unit_province = ctx.records["unit_province"]
    provinces = sorted(set(unit_province.values()))
    currencies, currency_weights = list(CURRENCIES), list(CURRENCIES.values())
    statuses, status_weights = list(STATUSES), list(STATUSES.values())
    plans: list[tuple] = []  # (currency, start, donor, province) of each item, in order

    def item(i: int) -> AidItem:
        unit_id, last = ctx.owner()
        start = ctx.day(last=last)
        currency = rng.choices(currencies, currency_weights)[0]
        donor = rng.choice(ngos)
        province = unit_province.get(unit_id) or rng.choice(provinces)
        plans.append((currency, start, donor, province))
        title = f"{rng.choice(TITLES)} {rng.choice(PLACES)} ({i + 1})"
        reference = f"AID-{i + 1:06d}"
        return AidItem(
            unit_id=unit_id,
            reference=reference,
            kind=AidKind.PROJECT if rng.random() < 0.8 else AidKind.NON_PROJECT,
            title_vi=title,
            status=rng.choices(statuses, status_weights)[0],
            start_date=start,
            end_date=start + timedelta(days=rng.randint(90, 1100)),
            decision_date=start - timedelta(days=rng.randint(10, 60)),
            search_name=fold(f"{reference} {title}"),
        )

    n = ctx.count(ITEMS)
    ids = ctx.bulk(AidItem, (item(i) for i in range(n)), total=n, ids=True)
    ctx.bulk(
        AidDonor,
        (AidDonor(item_id=a, organisation_id=p[2]) for a, p in zip(ids, plans, strict=True)),
        total=n,
    )
    if sectors:
        ctx.bulk(
            AidItem.sectors.through,
            (AidItem.sectors.through(aiditem_id=a, sector_id=rng.choice(sectors)) for a in ids),
            total=n,
            label="aid item sectors",
        )
    ctx.bulk(
        AidItem.locations.through,
        (AidItem.locations.through(aiditem_id=a, adminunit_id=p[3]) for a, p in zip(ids, plans, strict=True)),
        total=n,
        label="aid item locations",
    )

    def transactions():
        for item_id, (currency, start, donor, _province) in zip(ids, plans, strict=True):
            usd = Decimal(rng.lognormvariate(0, 1) * TYPICAL_AMOUNT_USD).quantize(Decimal("0.01"))
            factor = Decimal(1) if currency == "USD" else (_in_usd(currency, start.year))
            committed = max((usd / factor).quantize(Decimal("0.01")), Decimal("1.00"))
            yield AidTransaction(
                item_id=item_id, kind=TransactionKind.COMMITMENT, date=start, amount=committed, currency=currency,
                donor_id=donor,
            )  # fmt: skip
            paid = committed / (TRANSACTIONS_PER_ITEM - 1)
            for k in range(1, TRANSACTIONS_PER_ITEM):
                day = min(start + timedelta(days=30 * k + rng.randint(0, 20)), LAST_DAY)
                yield AidTransaction(
                    item_id=item_id, kind=TransactionKind.DISBURSEMENT, date=day,
                    amount=max(paid.quantize(Decimal("0.01"), ROUND_DOWN), Decimal("0.01")), currency=currency, donor_id=donor,
                )  # fmt: skip

    ctx.bulk(AidTransaction, transactions(), total=n * TRANSACTIONS_PER_ITEM)
    ctx.records["aid_items"] = ids


def _in_usd(currency: str, year: int) -> Decimal:
    if currency == "VND":
        return 1 / _yearly(*USD_IN_VND, year)
    return _yearly(*IN_USD[currency], year)
