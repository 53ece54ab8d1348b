"""Loading reference geography from the libraries that maintain it (idempotent)."""

import csv
import re
import unicodedata
from collections import defaultdict
from datetime import date
from pathlib import Path

import pycountry
import vietnam_provinces
from babel import Locale
from django.db import transaction
from tqdm import tqdm
from vietnam_address_converter import data as converter

from amity.audit.models import ObjectChange
from amity.audit.signals import change_entry
from amity.audit.snapshots import snapshot
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


class SyncLog:
    """What one sync of reference data changed, for the change log.

    A first load writes tens of thousands of rows: they are counted (created, updated, retired,
    unchanged per model) in one ``geo.synced`` event instead of one change row each. A row that
    an existing load had and the sync changes gets its own change row with before and after;
    a sync that changes nothing writes nothing.
    """

    def __init__(self, dataset: str, model):
        self.dataset, self.model = dataset, model
        self.counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.entries: list[ObjectChange] = []
        self.created_ids: set[int] = set()

    def count(self, model, outcome: str, n: int = 1) -> None:
        self.counts[model._meta.model_name][outcome] += n

    def changed(self, instance, before: dict, after: dict) -> None:
        retired = before.get("valid_to") is None and after.get("valid_to") is not None
        self.count(type(instance), "retired" if retired else "updated")
        self.entries.append(change_entry(instance, action=ObjectChange.Action.UPDATE, before=before, after=after))

    def write(self) -> None:
        ObjectChange.objects.bulk_create(self.entries, batch_size=1000)
        counts = {model: {k: n for k, n in outcomes.items() if n} for model, outcomes in self.counts.items()}
        if any(n for outcomes in counts.values() for key, n in outcomes.items() if key != "unchanged"):
            summary = change_entry(self.model(), action=ObjectChange.Action.EVENT, before=None, after=counts)
            summary.event, summary.object_id = "geo.synced", ""
            summary.object_repr = str(self.model._meta.verbose_name_plural)
            summary.message = summary.message or self.dataset
            summary.save()


def _sync_row(log: SyncLog, model, *, defaults: dict, **lookup):
    """``update_or_create`` that tells ``log`` whether the row was created, changed or left alone."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **defaults)
        log.count(model, "created")
        log.created_ids.add(obj.pk)
        return obj
    if all(getattr(obj, name) == value for name, value in defaults.items()):
        log.count(model, "unchanged")
        return obj
    before = snapshot(obj)
    for name, value in defaults.items():
        setattr(obj, name, value)
    obj.save()
    log.changed(obj, before, snapshot(obj))
    return obj


def _sync_successors(log: SyncLog, unit: AdminUnit, successors: list[AdminUnit]) -> None:
    before = sorted(unit.successors.values_list("pk", flat=True))
    after = sorted(s.pk for s in successors)
    if before != after:
        unit.successors.set(successors)
        if unit.pk not in log.created_ids:
            log.changed(unit, {"successors": before}, {"successors": after})


def _names(code: str, fallback: str) -> dict:
    return {f"name_{lang}": loc.territories.get(code, fallback) for lang, loc in LOCALES.items()}


#: UN M49 sub-region names whose CLDR English name differs ("Southeast Asia", "Australasia"…).
M49_NAME_ALIASES = {"South-eastern Asia": "035", "Australia and New Zealand": "053", "Micronesia": "057"}


def _m49_code_by_english_name() -> dict[str, str]:
    codes = {name: code for code, name in LOCALES["en"].territories.items() if code.isdigit()}
    return {**codes, **M49_NAME_ALIASES}


@transaction.atomic
def countries_sync() -> int:
    """Countries from ISO 3166 (pycountry) with CLDR names (babel) and M49 sub-regions."""
    log = SyncLog("countries", Country)
    m49 = _m49_code_by_english_name()
    membership = {r["iso_alpha2"]: r for r in csv.DictReader(open(DATA_DIR / "m49_membership.csv", encoding="utf-8"))}
    regions: dict[str, Region] = {}

    def region(code: str, english: str, parent=None) -> Region:
        if code not in regions:
            regions[code] = _sync_row(log, Region, code=code, defaults={**_names(code, english), "parent": parent})
        return regions[code]

    for c in pycountry.countries:
        row = membership.get(c.alpha_2)
        sub_region = None
        if row and row["sub_region"] in m49 and row["continent"] in CONTINENT_CODES:
            continent_code = CONTINENT_CODES[row["continent"]]
            continent = region(continent_code, row["continent"]) if continent_code.isdigit() else None
            sub_region = region(m49[row["sub_region"]], row["sub_region"], continent)
        _sync_row(
            log,
            Country,
            iso_alpha2=c.alpha_2,
            defaults={
                "iso_alpha3": c.alpha_3,
                "iso_numeric": c.numeric,
                "sub_region": sub_region,
                **_names(c.alpha_2, getattr(c, "common_name", c.name)),
            },
        )
    log.write()
    return Country.objects.count()


def _province_rows():
    """(name, full name, code) of the 63 former and 34 current provinces, from the two libraries."""
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
    log = SyncLog("provinces", AdminUnit)
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
            _sync_row(
                log,
                AdminUnit,
                level=AdminUnit.Level.PROVINCE,
                code=code,
                valid_from=REORGANISATION_DAY,
                defaults={"name": name, "full_name": full, "valid_to": None, "search_name": fold(name)},
            )
            result["current"] += 1
        else:
            _sync_row(
                log,
                AdminUnit,
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
        unit = _sync_row(
            log,
            AdminUnit,
            level=AdminUnit.Level.PROVINCE,
            code=f"old-{slug}",
            valid_from=None,
            defaults={"name": name, "full_name": full, "valid_to": LAST_DAY_BEFORE, "search_name": fold(name)},
        )
        successor_name = next(n for n, olds in mergers.items() if name in olds)
        _sync_successors(log, unit, [current_province_by_name(successor_name)])
        result["former"] += 1
    log.write()
    return result


def current_province_by_name(name: str) -> AdminUnit:
    return AdminUnit.objects.get(level=AdminUnit.Level.PROVINCE, valid_to__isnull=True, search_name=fold(name))


def province_by_name(name: str, *, on: date) -> AdminUnit:
    """The province of that name valid on a day ("Bắc Giang" on 1 Jan 2022 is the former province)."""
    for unit in AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE, search_name=fold(name)):
        if unit.is_valid_on(on):
            return unit
    raise AdminUnit.DoesNotExist(f"No province named {name!r} on {on:%d/%m/%Y}.")


_TYPE_CASE = {"Thành Phố": "Thành phố", "Thị Trấn": "Thị trấn", "Thị Xã": "Thị xã"}
_DASH = re.compile(r"\s*[-–—]\s*")
_TYPE_PREFIX = re.compile(r"^(xa|phuong|thi tran|thi xa|huyen|quan|thanh pho|dac khu) ")


def _typed(name: str) -> str:
    """The converter capitalises unit types ("Thị Trấn"); official spelling is "Thị trấn"."""
    for wrong, right in _TYPE_CASE.items():
        name = name.replace(wrong, right)
    return name


def _exact(name: str) -> str:
    """Case- and dash-insensitive key that keeps diacritics ("Vạn Lang" ≠ "Văn Lang")."""
    return _DASH.sub("-", unicodedata.normalize("NFC", name).lower().strip())


def _folded(name: str) -> str:
    return _DASH.sub("-", fold(name))


def _bare(name: str) -> str:
    return _TYPE_PREFIX.sub("", _folded(name))


def _upsert(level: str, valid_from, rows: dict[str, dict], bar, log: SyncLog) -> dict[str, int]:
    """Create or update the units of one level keyed by code; returns {code: pk}."""
    existing = {u.code: u for u in AdminUnit.objects.filter(level=level, valid_from=valid_from, code__in=list(rows))}
    new, changed = [], []
    fields = ["name", "full_name", "parent_id", "valid_to", "search_name"]
    for code, values in rows.items():
        values = {**values, "search_name": fold(values["name"])}
        unit = existing.get(code)
        if unit is None:
            new.append(AdminUnit(level=level, code=code, valid_from=valid_from, **values))
        elif any(getattr(unit, f) != values[f] for f in fields):
            before = snapshot(unit)
            for f in fields:
                setattr(unit, f, values[f])
            changed.append((unit, before))
        bar.update()
    AdminUnit.objects.bulk_create(new, batch_size=1000)
    AdminUnit.objects.bulk_update([unit for unit, _ in changed], fields, batch_size=1000)
    for unit, before in changed:
        log.changed(unit, before, snapshot(unit))
    ids = dict(
        AdminUnit.objects.filter(level=level, valid_from=valid_from, code__in=list(rows)).values_list("code", "pk")
    )
    log.count(AdminUnit, "created", len(new))
    log.count(AdminUnit, "unchanged", len(rows) - len(new) - len(changed))
    log.created_ids |= {ids[unit.code] for unit in new}
    return ids


def _old_province_ids() -> dict[str, int]:
    """Converter province code → the former province row (merged) or the unchanged province row."""
    result = {}
    for code, p in converter.oldProvinces.items():
        unit = AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE, code=f"old-{p['slug']}").first()
        result[code] = (unit or current_province_by_name(p["name"])).pk
    return result


def _current_ward_index(wards) -> tuple[dict, dict]:
    """Indexes of the current wards by (province code, exact name) and (province code, folded name)."""
    exact: dict[tuple, list] = defaultdict(list)
    folded: dict[tuple, list] = defaultdict(list)
    for w in wards:
        exact[(w.province_code.value, _exact(w.name))].append(w.code.value)
        folded[(w.province_code.value, _folded(w.name))].append(w.code.value)
    return exact, folded


def _unique(index: dict, key) -> object | None:
    found = index.get(key) or []
    return found[0] if len(found) == 1 else None


@transaction.atomic
def communes_sync(progress: bool = False) -> dict[str, int]:
    """Districts and communes valid until 30 June 2025, today's wards, and which ward took over which.

    Old units come from ``vietnam-address-converter`` (its own codes, kept as "old-<code>");
    current wards from ``vietnam-provinces`` (official GSO codes). A former commune's successors
    are the current wards the converter's mapping names, matched by province and name; rows that
    match nothing, or more than one unit, are counted, not guessed.
    """
    log = SyncLog("communes", AdminUnit)
    mapping_rows = converter.mapping["rows"]
    vp_wards = list(vietnam_provinces.Ward.iter_all())
    total = len(converter.oldDistricts) + len(converter.oldWards) + len(vp_wards) + len(mapping_rows)
    result = {"districts": 0, "former_communes": 0, "current_communes": 0, "successions": 0}
    with tqdm(total=total, disable=not progress, unit="row", desc="communes") as bar:
        province_ids = _old_province_ids()
        district_rows = {
            f"old-{code}": {
                "name": _typed(d["name_with_type"]).strip(),
                "full_name": _typed(d["path_with_type"]).strip(),
                "parent_id": province_ids[d["parent_code"]],
                "valid_to": LAST_DAY_BEFORE,
            }
            for code, d in converter.oldDistricts.items()
        }
        district_ids = _upsert(AdminUnit.Level.DISTRICT, None, district_rows, bar, log)
        old_rows = {
            f"old-{code}": {
                "name": _typed(w["name_with_type"]).strip(),
                "full_name": _typed(w["path_with_type"]).strip(),
                "parent_id": district_ids[f"old-{w['parent_code']}"],
                "valid_to": LAST_DAY_BEFORE,
            }
            for code, w in converter.oldWards.items()
        }
        old_ids = _upsert(AdminUnit.Level.COMMUNE, None, old_rows, bar, log)

        current_provinces = {
            int(code): (pk, full)
            for code, pk, full in AdminUnit.objects.filter(
                level=AdminUnit.Level.PROVINCE, valid_to__isnull=True
            ).values_list("code", "pk", "full_name")
        }
        new_rows = {
            f"{w.code.value:05d}": {
                "name": w.name,
                "full_name": f"{w.name}, {current_provinces[w.province_code.value][1]}",
                "parent_id": current_provinces[w.province_code.value][0],
                "valid_to": None,
            }
            for w in vp_wards
        }
        new_ids = _upsert(AdminUnit.Level.COMMUNE, REORGANISATION_DAY, new_rows, bar, log)

        pairs, unmatched = _successions(mapping_rows, district_ids, old_ids, new_ids, vp_wards, bar)
        through = AdminUnit.successors.through
        old_pks = set(old_ids.values())
        existing_from = old_pks | set(district_ids.values())
        existing = {
            (a, b)
            for a, b in through.objects.filter(from_adminunit_id__in=existing_from).values_list(
                "from_adminunit_id", "to_adminunit_id"
            )
        }
        stale = existing - pairs
        for a, b in stale:
            through.objects.filter(from_adminunit_id=a, to_adminunit_id=b).delete()
        through.objects.bulk_create(
            [through(from_adminunit_id=a, to_adminunit_id=b) for a, b in pairs - existing], batch_size=2000
        )
        _log_succession_changes(log, existing, pairs)
    log.write()
    without = len(old_pks - {a for a, _ in pairs})
    result.update(
        districts=len(district_ids),
        former_communes=len(old_ids),
        current_communes=len(new_ids),
        successions=len(pairs),
        former_without_successor=without,
        **unmatched,
    )
    return result


def _log_succession_changes(log: SyncLog, existing: set, pairs: set) -> None:
    """A change row for each unit loaded earlier whose successors this sync changed."""
    touched = {a for a, _ in existing ^ pairs} - log.created_ids
    before: dict[int, list[int]] = defaultdict(list)
    after: dict[int, list[int]] = defaultdict(list)
    for links, by_unit in ((existing, before), (pairs, after)):
        for a, b in links:
            if a in touched:
                by_unit[a].append(b)
    for unit in AdminUnit.objects.filter(pk__in=touched):
        log.changed(unit, {"successors": sorted(before[unit.pk])}, {"successors": sorted(after[unit.pk])})


def _successions(rows, district_ids: dict, old_ids: dict, new_ids: dict, vp_wards, bar) -> tuple[set, dict]:
    """(former commune pk, current ward pk) pairs from the converter's mapping, and what did not match."""
    old_wards, old_districts = converter.oldWards, converter.oldDistricts
    by_district: dict[tuple, list] = defaultdict(list)
    by_names: dict[tuple, list] = defaultdict(list)
    for code, w in old_wards.items():
        district = old_districts[w["parent_code"]]
        by_district[(w["parent_code"], _folded(w["name_with_type"]))].append(code)
        by_names[(district["parent_code"], _bare(district["name_with_type"]), _bare(w["name_with_type"]))].append(code)
    vp_by_name = {fold(p.name.removeprefix("Thành phố ")): p.code.value for p in vietnam_provinces.Province.iter_all()}
    province_of_new = {code: vp_by_name[fold(p["name"])] for code, p in converter.newProvinces.items()}
    exact, folded = _current_ward_index(vp_wards)

    pairs: set[tuple[int, int]] = set()
    unmatched = {"mapping_rows_old_unmatched": 0, "mapping_rows_new_unmatched": 0}
    for row in rows:
        bar.update()
        old, new = row["old"], row["new"]
        code = old["ward_code"]
        province = province_of_new.get(new["province_code"])
        new_code = _unique(exact, (province, _exact(new["ward_name"]))) or _unique(
            folded, (province, _folded(new["ward_name"]))
        )
        if not code and f"old-{old['district_code']}" in district_ids and new_code is not None:
            # an island district without communes (Côn Đảo, Bạch Long Vĩ) became one special zone
            pairs.add((district_ids[f"old-{old['district_code']}"], new_ids[f"{new_code:05d}"]))
            continue
        if not (code in old_wards and _folded(old_wards[code]["name_with_type"]) == _folded(old["ward_name"])):
            code = _unique(by_district, (old["district_code"], _folded(old["ward_name"]))) or _unique(
                by_names, (old["province_code"], _bare(old["district_name"]), _bare(old["ward_name"]))
            )
        if code is None:
            unmatched["mapping_rows_old_unmatched"] += 1
        if new_code is None:
            unmatched["mapping_rows_new_unmatched"] += 1
        if code is not None and new_code is not None:
            pairs.add((old_ids[f"old-{code}"], new_ids[f"{new_code:05d}"]))
    return pairs, unmatched
