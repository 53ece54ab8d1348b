"""Demo data for Bắc Giang's natives abroad, reproducing the figures of the seed article.

The article gives: about 4,000 natives of Bắc Giang in 42 countries and territories, 60.2% in
Northeast Asia and 34.2% in Europe; COVID-19 donations of the hometown associations (Czech
Republic: 10 tonnes of rice worth VND 150 million; Cyprus VND 30 million; Ukraine VND 80
million; Lai Châu VND 64 million; Đồng Nai VND 80 million; Hải Phòng VND 80 million); and
remittances of USD 595.75 million in 2016–2021. The 4,000 persons are illustrative (generated
names, marked in their notes) spread over 42 countries so that the shares come out exactly.
"""

import random
from datetime import date
from decimal import Decimal

from amity.core.demo import DemoContext, upsert
from amity.geo.models import Country, CountryGroup
from amity.geo.services import province_by_name
from amity.registry.choices import OrganisationKind
from amity.registry.models import Organisation

from . import imports
from .choices import ContributionKind, Purpose
from .models import Compatriot, Contribution, RemittanceStat

ORDER = 70
ILLUSTRATIVE = "Illustrative demo record (generated; the seed article gives only the totals)."
NORTHEAST_ASIA = ["JP", "KR", "TW", "CN", "HK", "MO", "MN"]

#: Persons per country: 2,408 in Northeast Asia (60.2%), 1,368 in Europe (34.2%), 224 elsewhere.
PERSONS = {
    **{"JP": 1100, "KR": 700, "TW": 450, "CN": 90, "HK": 30, "MO": 20, "MN": 18},
    **{"CZ": 420, "DE": 230, "PL": 130, "RU": 160, "UA": 120, "FR": 60, "GB": 50, "IT": 30, "SK": 40, "HU": 25},
    **{"BG": 15, "RO": 10, "NL": 12, "BE": 8, "SE": 10, "NO": 6, "FI": 5, "DK": 5, "AT": 8, "CH": 5, "ES": 5},
    **{"PT": 3, "LT": 4, "BY": 5, "IE": 2},
    **{"US": 80, "CA": 20, "AU": 40, "LA": 25, "KH": 10, "TH": 15, "MY": 10, "SG": 8, "AE": 6, "CY": 10},
}

#: Hometown associations and what each gave to the COVID-19 fund in 2021 (seed article).
ASSOCIATIONS = [
    # name, country, kind, goods (item, tonnes) or None, VND
    ("Hội đồng hương Bắc Giang tại Cộng hòa Séc", "CZ", ("Gạo", 10), 150_000_000),
    ("Hội đồng hương Bắc Giang và cộng đồng người Việt tại Síp", "CY", None, 30_000_000),
    ("Hội đồng hương người Việt Nam tại Ukraina", "UA", None, 80_000_000),
    ("Hội đồng hương Bắc Giang tại Lai Châu", "VN", None, 64_000_000),
    ("Hội đồng hương Hà Bắc tại Đồng Nai", "VN", None, 80_000_000),
    ("Hội đồng hương Bắc Giang tại Hải Phòng", "VN", None, 80_000_000),
]
CAMPAIGN = "Ủng hộ phòng, chống dịch COVID-19 và Quỹ vắc-xin phòng COVID-19 (2021)"

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Ngô", "Dương", "Bùi", "Đặng", "Thân", "Giáp"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quang", "Thanh", "Ngọc", "Hữu", "Xuân", "Thu", "Kim"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Lan", "Linh", "Long",
         "Mai", "Nam", "Nga", "Phong", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Thủy", "Trang", "Tuấn", "Yến"]  # fmt: skip


def load(ctx: DemoContext) -> None:
    bac_giang = ctx.units["bac_giang"]
    countries = {c.iso_alpha2: c for c in Country.objects.filter(iso_alpha2__in=[*PERSONS, "VN"])}
    upsert(
        CountryGroup,
        lookup={"name": "Đông Bắc Á"},
        values={"description": "Northeast Asia, as the provinces report it (Japan, Korea, Taiwan, China…)."},
        m2m={"countries": [countries[c] for c in NORTHEAST_ASIA]},
    )
    organisations = {}
    for name, code, _goods, _vnd in ASSOCIATIONS:
        org = Organisation.objects.filter(name=name).first() or upsert(
            Organisation,
            lookup={"name": name},
            values={"unit": bac_giang, "kind": OrganisationKind.OTHER, "country": countries[code]},
        )
        organisations[name] = org
    _persons(ctx, countries, organisations[ASSOCIATIONS[0][0]])
    for name, _code, goods, vnd in ASSOCIATIONS:
        values = {
            "unit": bac_giang,
            "kind": ContributionKind.IN_KIND if goods else ContributionKind.CASH,
            "amount": Decimal(vnd),
            "currency": "VND",
            "purpose": Purpose.COVID_VACCINE,
            "received_on": date(2021, 6, 1),
            "notes": "Amount from the seed article; the day is illustrative (the article gives the year).",
        }
        if goods:
            values |= {"item": goods[0], "quantity": Decimal(goods[1]), "quantity_unit": "tấn"}
        upsert(Contribution, lookup={"organisation": organisations[name], "campaign": CAMPAIGN}, values=values)
    upsert(
        RemittanceStat,
        lookup={"unit": bac_giang, "year_from": 2016, "year_to": 2021},
        values={
            "source": "Hệ thống ngân hàng thương mại trên địa bàn tỉnh",
            "amount": Decimal("595750000"),
            "currency": "USD",
            "notes": "Seed article: USD 595.75 million remitted through the province's commercial banks in 2016–2021.",
        },
    )


def _persons(ctx: DemoContext, countries: dict, czech_association) -> None:
    """4,000 illustrative natives, written once through the bulk importer."""
    unit = ctx.units["bac_giang"]
    existing = Compatriot.all_objects.filter(unit=unit, notes=ILLUSTRATIVE)
    if existing.count() == sum(PERSONS.values()):
        return
    for person in existing:
        person.hard_delete()
    home = province_by_name("Bắc Giang", on=date(2022, 1, 1))
    rng = random.Random(2021)
    rows = []
    for code, count in PERSONS.items():
        for i in range(count):
            year = rng.randint(1955, 2002)
            rows.append(
                {
                    "full_name": f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                    "sex": rng.choice(["male", "female"]),
                    "birth_year": year,
                    "home_unit_id": home.pk,
                    "country_id": countries[code].pk,
                    "resident_since": rng.randint(max(year + 18, 1985), 2024),
                    "organisation_id": czech_association.pk if code == "CZ" and i < 60 else None,
                    "notes": ILLUSTRATIVE,
                    "consent_on": date(2024, 3, 1),
                    "retain_until": date(2030, 12, 31),
                }
            )
    imports.commit(imports.CheckResult(total=len(rows), rows=rows), unit=unit, actor=ctx.actor, filename=ILLUSTRATIVE)
