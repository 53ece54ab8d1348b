"""Provinces before and after 1 July 2025, and countries from CLDR/M49 (loaded by conftest)."""

import csv
from datetime import date

from django.test import SimpleTestCase, TestCase
from django.utils import translation

from amity.core.text import fold
from amity.geo.models import AdminUnit, Country
from amity.geo.selectors import current_province_for, group_by_units_valid_on, place_lineage_ids, province_choices
from amity.geo.services import DATA_DIR, current_province_by_name, province_by_name, provinces_sync

BEFORE = date(2024, 12, 31)
AFTER = date(2025, 7, 1)


def names(units) -> list[str]:
    return sorted(u.name for u in units)


class MergerTests(TestCase):
    def successor_of(self, name: str) -> str:
        return current_province_for(province_by_name(name, on=BEFORE)).name

    def test_seed_mergers_lead_to_the_new_province(self):
        self.assertEqual(self.successor_of("Bắc Giang"), "Bắc Ninh")
        self.assertEqual(self.successor_of("Bắc Ninh"), "Bắc Ninh")
        self.assertEqual(self.successor_of("Hải Dương"), "Hải Phòng")
        self.assertEqual(self.successor_of("Hải Phòng"), "Hải Phòng")
        for old in ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình"):
            self.assertEqual(self.successor_of(old), "Phú Thọ")

    def test_ha_tinh_is_one_unit_valid_throughout(self):
        before, after = province_by_name("Hà Tĩnh", on=BEFORE), province_by_name("Hà Tĩnh", on=AFTER)
        self.assertEqual(before, after)
        self.assertEqual((before.valid_from, before.valid_to), (None, None))
        self.assertEqual(current_province_for(before), before)

    def test_former_province_is_valid_until_30_june_only(self):
        bac_giang = province_by_name("Bắc Giang", on=BEFORE)
        self.assertEqual(bac_giang.valid_to, date(2025, 6, 30))
        with self.assertRaises(AdminUnit.DoesNotExist):
            province_by_name("Bắc Giang", on=AFTER)

    def test_counts_63_before_and_34_after(self):
        self.assertEqual(province_choices(day=BEFORE).count(), 63)
        self.assertEqual(province_choices(day=AFTER).count(), 34)

    def test_sync_is_idempotent(self):
        count = AdminUnit.objects.count()
        self.assertEqual(provinces_sync(), {"former": 52, "current": 23, "unchanged": 11})
        self.assertEqual(AdminUnit.objects.count(), count)


class GroupByUnitsValidOnTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.records = [
            ("exchange 2023", province_by_name("Bắc Giang", on=BEFORE)),
            ("visit 2024", province_by_name("Bắc Ninh", on=BEFORE)),
            ("delegation 2025", province_by_name("Bắc Ninh", on=AFTER)),
            ("aid 2022", province_by_name("Hải Dương", on=BEFORE)),
            ("festival", province_by_name("Hà Tĩnh", on=BEFORE)),
            ("no place", None),
        ]

    def grouped(self, day):
        groups = group_by_units_valid_on(self.records, day=day, unit_of=lambda r: r[1])
        return {tuple(p.name for p in key): sorted(r[0] for r in items) for key, items in groups.items()}

    def test_after_the_merger_records_gather_under_the_new_provinces(self):
        self.assertEqual(
            self.grouped(date(2026, 1, 1)),
            {
                ("Bắc Ninh",): ["delegation 2025", "exchange 2023", "visit 2024"],
                ("Hải Phòng",): ["aid 2022"],
                ("Hà Tĩnh",): ["festival"],
                (): ["no place"],
            },
        )

    def test_before_the_merger_a_record_of_the_merged_province_cannot_be_split(self):
        grouped = self.grouped(date(2024, 6, 1))
        self.assertEqual(grouped[("Bắc Giang", "Bắc Ninh")], ["delegation 2025"])
        self.assertEqual(grouped[("Bắc Giang",)], ["exchange 2023"])
        self.assertEqual(grouped[("Bắc Ninh",)], ["visit 2024"])
        self.assertEqual(grouped[("Hải Dương",)], ["aid 2022"])
        self.assertEqual(grouped[("Hà Tĩnh",)], ["festival"])

    def test_reverse_of_a_three_way_merger_names_all_three(self):
        phu_tho = province_by_name("Phú Thọ", on=AFTER)
        groups = group_by_units_valid_on([phu_tho], day=BEFORE, unit_of=lambda u: u)
        (key,) = groups
        self.assertEqual([p.name for p in key], ["Hòa Bình", "Phú Thọ", "Vĩnh Phúc"])
        self.assertTrue(all(p.valid_to == date(2025, 6, 30) for p in key))


class ProvinceTableAgreesWithConverterTests(SimpleTestCase):
    """provinces_2025.csv is typed from DESIGN.md; the converter maps every former ward."""

    def test_every_former_provinces_wards_land_in_the_province_the_csv_names(self):
        from vietnam_address_converter import data as converter

        expected = {}
        with open(DATA_DIR / "provinces_2025.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                for old in row["merged_provinces"].split(";"):
                    expected[fold(old)] = fold(row["new_province"])
        old_names = {code: fold(p["name"]) for code, p in converter.oldProvinces.items()}
        new_names = {code: fold(p["name"]) for code, p in converter.newProvinces.items()}
        landed: dict[str, set[str]] = {}
        for row in converter.mapping["rows"]:
            old = old_names[row["old"]["province_code"]]
            landed.setdefault(old, set()).add(new_names[row["new"]["province_code"]])
        self.assertEqual(len(landed), 63)
        for old, targets in landed.items():
            with self.subTest(province=old):
                self.assertEqual(targets, {expected.get(old, old)})


class CountryTests(TestCase):
    def test_names_in_four_languages_come_from_cldr(self):
        expected = {
            "JP": ("Nhật Bản", "Japan", "日本", "Япония"),
            "LA": ("Lào", "Laos", "老挝", "Лаос"),
            "RU": ("Nga", "Russia", "俄罗斯", "Россия"),
        }
        for code, (vi, en, zh, ru) in expected.items():
            country = Country.objects.get(iso_alpha2=code)
            self.assertEqual((country.name_vi, country.name_en, country.name_zh, country.name_ru), (vi, en, zh, ru))
        with translation.override("zh-hans"):
            self.assertEqual(Country.objects.get(iso_alpha2="LA").name, "老挝")

    def test_m49_sub_regions(self):
        japan = Country.objects.select_related("sub_region__parent").get(iso_alpha2="JP")
        self.assertEqual((japan.sub_region.code, japan.sub_region.name_en), ("030", "Eastern Asia"))
        self.assertEqual(japan.sub_region.parent.code, "142")
        # UN names that CLDR spells differently still find their region
        self.assertEqual(Country.objects.get(iso_alpha2="LA").sub_region.code, "035")
        self.assertEqual(Country.objects.get(iso_alpha2="AU").sub_region.code, "053")
        self.assertEqual(Country.objects.get(iso_alpha2="GB").sub_region.code, "154")

    def test_every_country_but_antarctica_has_a_sub_region(self):
        missing = set(Country.objects.filter(sub_region__isnull=True).values_list("iso_alpha2", flat=True))
        self.assertEqual(missing, {"AQ"})


class PlaceLineageTests(TestCase):
    def test_a_current_province_reaches_every_province_merged_into_it(self):
        def names(place):
            return sorted(
                (u.name, u.valid_to is None) for u in AdminUnit.objects.filter(pk__in=place_lineage_ids(place))
            )

        self.assertEqual(
            names(current_province_by_name("Bắc Ninh")), [("Bắc Giang", False), ("Bắc Ninh", False), ("Bắc Ninh", True)]
        )
        self.assertEqual(
            [n for n, _current in names(current_province_by_name("Phú Thọ"))],
            ["Hòa Bình", "Phú Thọ", "Phú Thọ", "Vĩnh Phúc"],
        )
        self.assertEqual(names(current_province_by_name("Hà Tĩnh")), [("Hà Tĩnh", True)])
        old = province_by_name("Bắc Giang", on=date(2022, 1, 1))
        self.assertEqual(place_lineage_ids(old), {old.pk})  # the lineage looks back, not forward

    def test_it_follows_mergers_of_mergers(self):
        a, b, c = (
            AdminUnit.objects.create(level="commune", code=f"t-{n}", name=n, full_name=n, search_name=n) for n in "abc"
        )
        a.successors.set([b])
        b.successors.set([c])
        with self.assertNumQueries(3):  # one a generation, and one that finds none
            self.assertEqual(place_lineage_ids(c), {a.pk, b.pk, c.pk})
