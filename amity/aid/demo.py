"""Demo aid: the headline figures of the seed articles, spread over illustrative items.

- Hải Phòng, term 2018–2023: "52 foreign non-governmental projects and non-project aid, USD 9.5
  million", focused on women, disadvantaged children, people with HIV/AIDS, Agent Orange/dioxin
  victims and people with disabilities (seed 003).
- Phú Thọ: "68 foreign NGOs, international organisations and agencies fund 146 projects worth
  USD 14.5 million" (seed 004).

The count and the USD total of each come out exactly in the dashboard; the individual items,
donors, certificates, amounts, currencies and exchange rates are illustrative and say so in
their notes.
"""

import random
from datetime import date
from decimal import Decimal

from amity.core.demo import DemoContext, upsert
from amity.core.models import ExchangeRate
from amity.geo.models import Country
from amity.geo.services import province_by_name
from amity.registry.choices import NGORegistrationKind, OrganisationKind
from amity.registry.models import NGORegistration, Organisation

from .choices import AidKind, AidStatus, TransactionKind
from .models import AidDonor, AidItem, AidTransaction, BeneficiaryGroup, Sector
from .services import sectors_load

ORDER = 40
ILLUSTRATIVE = (
    "Illustrative demo record: the total and count of the set come from the seed article, this item does not."
)
RATE_SOURCE = "Illustrative approximate annual average (demo); replace with the State Bank of Vietnam's published rates"
BEFORE_MERGER = date(2025, 1, 1)

#: year → (VND per USD, USD per EUR); illustrative round values so that the demo totals are exact.
RATES = {
    2018: (23000, Decimal("1.18")),
    2019: (23200, Decimal("1.12")),
    2020: (23200, Decimal("1.14")),
    2021: (23000, Decimal("1.18")),
    2022: (23400, Decimal("1.05")),
    2023: (23800, Decimal("1.08")),
    # later years, so that aid entered in the current term converts in the demo too
    2024: (25000, Decimal("1.08")),
    2025: (26000, Decimal("1.13")),
    2026: (26300, Decimal("1.16")),
}
SECTORS = ["12220", "11220", "16010", "15170", "13040", "72010", "16050", "14030", "11330", "31120"]
HP_GROUPS = ["women", "children", "hiv", "agent-orange", "disabilities"]
PT_GROUPS = ["disabilities", "children", "ethnic-minorities", "elderly", "women", "others"]
HP_TITLES = [
    "Hỗ trợ sinh kế cho phụ nữ nghèo",
    "Học bổng cho trẻ em có hoàn cảnh khó khăn",
    "Chăm sóc, điều trị người nhiễm HIV/AIDS tại cộng đồng",
    "Phục hồi chức năng cho nạn nhân chất độc da cam/dioxin",
    "Xe lăn và dụng cụ trợ giúp cho người khuyết tật",
    "Nâng cấp phòng học mầm non",
    "Hỗ trợ khẩn cấp sau bão",
]
PT_TITLES = [
    "Dạy nghề và tạo việc làm cho người khuyết tật",
    "Xây dựng trường mầm non vùng cao",
    "Nâng cấp trạm y tế xã",
    "Nông nghiệp bền vững cho hộ nghèo",
    "Nước sạch cho đồng bào dân tộc thiểu số",
    "Chăm sóc trẻ em có hoàn cảnh khó khăn",
    "Hỗ trợ người cao tuổi cô đơn",
]
COUNTRIES = ["JP", "KR", "US", "DE", "FR", "GB", "AU", "NL", "CH", "SE", "NO", "BE", "CA", "IT", "DK", "NZ"]


def _rates() -> None:
    for year, (vnd, eur) in RATES.items():
        for currency, target, rate in (("USD", "VND", Decimal(vnd)), ("EUR", "USD", eur), ("EUR", "VND", eur * vnd)):
            upsert(
                ExchangeRate,
                lookup={"currency": currency, "target": target, "year": year, "date": None},
                values={"rate": rate, "source": RATE_SOURCE},
            )


def _donor(unit, number: int, prefix: str, *, registered_in=None) -> Organisation:
    country = Country.objects.get(iso_alpha2=COUNTRIES[number % len(COUNTRIES)])
    org = upsert(
        Organisation,
        lookup={"name": f"Tổ chức tài trợ minh họa {prefix}-{number:02d}"},
        values={
            "unit": unit,
            "kind": OrganisationKind.FOREIGN_NGO if number % 5 else OrganisationKind.INTERNATIONAL_ORGANISATION,
            "name_original": f"Illustrative donor {prefix}-{number:02d}",
            "country": country,
            "notes": ILLUSTRATIVE,
        },
    )
    if registered_in is not None and org.kind == OrganisationKind.FOREIGN_NGO:
        upsert(
            NGORegistration,
            lookup={"organisation": org, "number": f"DEMO-{prefix}-{number:02d}/GĐK"},
            values={
                "kind": NGORegistrationKind.OPERATION,
                "issued_on": date(2017, 1, 1),
                "valid_from": date(2017, 1, 1),
                # a few expire soon after today's demo so the deadline widgets have something to show
                "valid_until": date(2026, 12, 31) if number % 3 else date(2027, 6, 30),
                "fields_of_work": "12\n11\n16",
            },
            m2m={"provinces": registered_in},
        )
    return org


def _amounts(total: int, count: int, rng: random.Random) -> list[int]:
    """``count`` whole-hundred USD amounts; the last one takes what is left so they add up to ``total``."""
    weights = [rng.uniform(0.3, 2.0) for _ in range(count)]
    scale = total / sum(weights)
    amounts = [int(round(w * scale, -2)) for w in weights[:-1]]
    return [*amounts, total - sum(amounts)]


def _items(ctx, *, unit, key: str, count: int, total_usd: int, donors: list, titles, groups, place, kinds, seed):
    rng = random.Random(seed)
    sectors = {s.code: s for s in Sector.objects.filter(code__in=SECTORS)}
    group_objs = {g.code: g for g in BeneficiaryGroup.objects.filter(code__in=groups)}
    targets = _amounts(total_usd, count, rng)
    given = Decimal(0)
    for i in range(count):
        year = 2018 + i * 6 // count
        decided = date(year, 1 + (i * 7) % 12, 1 + (i * 11) % 28)
        vnd_per_usd, usd_per_eur = RATES[year]
        target = Decimal(targets[i]) if i < count - 1 else Decimal(total_usd) - given
        # one item in three in VND, one in four in EUR, the rest (and always the last) in USD
        if i < count - 1 and i % 3 == 1:
            currency, amount = "VND", target * vnd_per_usd
            usd = target
        elif i < count - 1 and i % 4 == 2:
            currency = "EUR"
            amount = (target / usd_per_eur).quantize(Decimal("100"))
            usd = amount * usd_per_eur
        else:
            currency, amount, usd = "USD", target, target
        given += usd
        status = AidStatus.CLOSED if year <= 2020 else AidStatus.COMPLETED if year <= 2021 else AidStatus.IMPLEMENTATION
        item = upsert(
            AidItem,
            lookup={"unit": unit, "reference": f"{key}-{year}-{i + 1:03d}"},
            values={
                "kind": kinds[i % len(kinds)],
                "title_vi": f"{titles[i % len(titles)]} ({key}-{i + 1:03d})",
                "status": status,
                "decision_number": f"{100 + i}/QĐ-UBND",
                "decision_date": decided,
                "approving_body": f"Ủy ban nhân dân {place.full_name}",
                "start_date": decided,
                "end_date": date(year + 2, decided.month, 1),
                "receiving_body": "Hội Chữ thập đỏ" if i % 2 else "Hội Liên hiệp Phụ nữ",
                "notes": ILLUSTRATIVE,
            },
            m2m={
                "sectors": [sectors[SECTORS[i % len(SECTORS)]], sectors[SECTORS[(i * 3 + 1) % len(SECTORS)]]],
                "locations": [place],
                "beneficiary_groups": [group_objs[groups[i % len(groups)]]],
            },
        )
        donor = donors[i % len(donors)]
        upsert(AidDonor, lookup={"item": item, "organisation": donor}, values={"share": None})
        upsert(
            AidTransaction,
            lookup={"item": item, "import_key": "demo:commitment"},
            values={"kind": TransactionKind.COMMITMENT, "date": decided, "amount": amount, "currency": currency},
        )
        paid = amount if status != AidStatus.IMPLEMENTATION else (amount * Decimal("0.6")).quantize(Decimal("0.01"))
        upsert(
            AidTransaction,
            lookup={"item": item, "import_key": "demo:disbursement"},
            values={
                "kind": TransactionKind.DISBURSEMENT,
                "date": date(year, 12, 31),
                "amount": paid,
                "currency": currency,
            },
        )


def load(ctx: DemoContext) -> None:
    sectors_load()
    _rates()
    hp_place = province_by_name("Hải Phòng", on=BEFORE_MERGER)
    pt_place = province_by_name("Phú Thọ", on=BEFORE_MERGER)
    hp_donors = [_donor(ctx.units["hai_phong"], n, "HP", registered_in=[hp_place]) for n in range(1, 13)]
    _items(
        ctx,
        unit=ctx.units["hai_phong"],
        key="HP",
        count=52,
        total_usd=9_500_000,
        donors=hp_donors,
        titles=HP_TITLES,
        groups=HP_GROUPS,
        place=hp_place,
        kinds=[AidKind.PROJECT, AidKind.PROJECT, AidKind.NON_PROJECT],
        seed=2023,
    )
    pt_donors = [_donor(ctx.units["phu_tho"], n, "PT", registered_in=[pt_place]) for n in range(1, 69)]
    _items(
        ctx,
        unit=ctx.units["phu_tho"],
        key="PT",
        count=146,
        total_usd=14_500_000,
        donors=pt_donors,
        titles=PT_TITLES,
        groups=PT_GROUPS,
        place=pt_place,
        kinds=[AidKind.PROJECT],
        seed=146,
    )
    # one item waiting for approval, so the lifecycle can be tried in the demo
    upsert(
        AidItem,
        lookup={"unit": ctx.units["hai_phong"], "reference": "HP-2026-DRAFT"},
        values={
            "title_vi": "Đề xuất: hỗ trợ nạn nhân chất độc da cam/dioxin năm 2026",
            "status": AidStatus.APPRAISAL,
            "notes": ILLUSTRATIVE,
        },
    )
    ctx.records["aid_donors_hai_phong"] = hp_donors
    ctx.records["aid_donors_phu_tho"] = pt_donors
