"""Loading reference geography from the libraries that maintain it (idempotent)."""

import csv
from datetime import date
from pathlib import Path

import pycountry
from babel import Locale
from django.db import transaction

from amity.core.text import fold

from .models import AdminUnit, Country, Region

DATA_DIR = Path(__file__).parent / "data"
REORGANISATION_DAY = date(2025, 7, 1)
LAST_DAY_BEFORE = date(2025, 6, 30)
LOCALES = {"vi": Locale("vi"), "en": Locale("en"), "zh": Locale.parse("zh_Hans"), "ru": Locale("ru")}
#: M49 continent codes for the continent names used in m49_membership.csv.
CONTINENT_CODES = {
    "Africa": "002",
    "America": "019",
    "Antarctica": "AQ",
    "Asia": "142",
    "Europe": "150",
    "Oceania": "009",
}


def _names(code: str, fallback: str) -> dict:
    return {f"name_{lang}": loc.territories.get(code, fallback) for lang, loc in LOCALES.items()}


def _m49_code_by_english_name() -> dict[str, str]:
    return {name: code for code, name in LOCALES["en"].territories.items() if code.isdigit()}


@transaction.atomic
def countries_sync() -> int:
    """Countries from ISO 3166 (pycountry) with CLDR names (babel) and M49 sub-regions."""
    m49 = _m49_code_by_english_name()
    membership = {r["iso_alpha2"]: r for r in csv.DictReader(open(DATA_DIR / "m49_membership.csv", encoding="utf-8"))}
    regions: dict[str, Region] = {}

    def region(code: str, english: str, parent=None) -> Region:
        if code not in regions:
            regions[code], _ = Region.objects.update_or_create(
                code=code, defaults={**_names(code, english), "parent": parent}
            )
        return regions[code]

    for c in pycountry.countries:
        row = membership.get(c.alpha_2)
        sub_region = None
        if row and row["sub_region"] in m49 and row["continent"] in CONTINENT_CODES:
            continent_code = CONTINENT_CODES[row["continent"]]
            continent = region(continent_code, row["continent"]) if continent_code.isdigit() else None
            sub_region = region(m49[row["sub_region"]], row["sub_region"], continent)
        Country.objects.update_or_create(
            iso_alpha2=c.alpha_2,
            defaults={
                "iso_alpha3": c.alpha_3,
                "iso_numeric": c.numeric,
                "sub_region": sub_region,
                **_names(c.alpha_2, getattr(c, "common_name", c.name)),
            },
        )
    return Country.objects.count()


def _province_rows():
    """(name, full name, code) of the 63 former and 34 current provinces, from the two libraries."""
    import vietnam_provinces
    from vietnam_address_converter import data as converter

    old = [
        (p["name"], p["name_with_type"].replace("Thành Phố", "Thành phố"), p["slug"])
        for p in converter.oldProvinces.values()
    ]
    new = []
    for p in vietnam_provinces.Province.iter_all():
        short = p.name.removeprefix("Thành phố ").strip()
        full = p.name if p.name.startswith("Thành phố") else f"Tỉnh {p.name}"
        new.append((short, full, f"{p.code.value:02d}"))
    return old, new


@transaction.atomic
def provinces_sync() -> dict[str, int]:
    """The 63 former and 34 current provinces with validity dates and the 2025 successions."""
    old, new = _province_rows()
    mergers = {
        row["new_province"]: row["merged_provinces"].split(";")
        for row in csv.DictReader(open(DATA_DIR / "provinces_2025.csv", encoding="utf-8"))
    }
    merged_old = {name for names in mergers.values() for name in names}
    new_by_name = {name: (full, code) for name, full, code in new}
    result = {"former": 0, "current": 0, "unchanged": 0}
    for name, full, code in new:
        if name in mergers:
            unit, _ = AdminUnit.objects.update_or_create(
                level=AdminUnit.Level.PROVINCE,
                code=code,
                valid_from=REORGANISATION_DAY,
                defaults={"name": name, "full_name": full, "valid_to": None, "search_name": fold(name)},
            )
            result["current"] += 1
        else:
            AdminUnit.objects.update_or_create(
                level=AdminUnit.Level.PROVINCE,
                code=code,
                valid_from=None,
                defaults={"name": name, "full_name": full, "valid_to": None, "search_name": fold(name)},
            )
            result["unchanged"] += 1
    for name, full, slug in old:
        if name not in merged_old:
            if name not in new_by_name:
                raise ValueError(f"Province {name!r} is neither merged nor among the current provinces.")
            continue
        unit, _ = AdminUnit.objects.update_or_create(
            level=AdminUnit.Level.PROVINCE,
            code=f"old-{slug}",
            valid_from=None,
            defaults={"name": name, "full_name": full, "valid_to": LAST_DAY_BEFORE, "search_name": fold(name)},
        )
        successor_name = next(n for n, olds in mergers.items() if name in olds)
        unit.successors.set([current_province_by_name(successor_name)])
        result["former"] += 1
    return result


def current_province_by_name(name: str) -> AdminUnit:
    return AdminUnit.objects.get(level=AdminUnit.Level.PROVINCE, valid_to__isnull=True, search_name=fold(name))


def province_by_name(name: str, *, on: date) -> AdminUnit:
    """The province of that name valid on a day ("Bắc Giang" on 1 Jan 2022 is the former province)."""
    for unit in AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE, search_name=fold(name)):
        if unit.is_valid_on(on):
            return unit
    raise AdminUnit.DoesNotExist(f"No province named {name!r} on {on:%d/%m/%Y}.")
