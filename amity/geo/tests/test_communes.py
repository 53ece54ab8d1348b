"""Districts and communes before 1 July 2025, today's wards, and the successions between them."""

from datetime import date

from django.db import connection
from django.db.models import Count
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from amity.audit.models import ObjectChange
from amity.core.context import Source, change_context
from amity.geo.models import AdminUnit
from amity.geo.selectors import current_province_for, group_by_units_valid_on, provinces_valid_on, units_valid_on
from amity.geo.services import communes_sync

Level = AdminUnit.Level


class CommunesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        first = ObjectChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        with change_context(source=Source.COMMAND):
            cls.result = communes_sync(progress=False)
        cls.first_sync_changes = list(ObjectChange.objects.filter(pk__gt=first))

    def commune(self, full_name: str) -> AdminUnit:
        return AdminUnit.objects.get(level=Level.COMMUNE, full_name=full_name)

    def test_counts_match_the_libraries(self):
        self.assertEqual(
            {k: self.result[k] for k in ("districts", "former_communes", "current_communes")},
            {"districts": 696, "former_communes": 10147, "current_communes": 3321},
        )
        self.assertEqual(AdminUnit.objects.filter(level=Level.COMMUNE, valid_to=date(2025, 6, 30)).count(), 10147)
        self.assertEqual(AdminUnit.objects.filter(level=Level.COMMUNE, valid_from=date(2025, 7, 1)).count(), 3321)
        # the converter's mapping names about 10,300 former→current pairs; a few hundred are reported, not guessed
        self.assertGreater(self.result["successions"], 10000)
        self.assertLess(self.result["former_without_successor"], 300)
        self.assertEqual(self.result["mapping_rows_new_unmatched"], 0)

    def test_current_wards_carry_official_codes(self):
        ward = AdminUnit.objects.get(level=Level.COMMUNE, code="00196")
        self.assertEqual(ward.full_name, "Phường Văn Miếu - Quốc Tử Giám, Thành phố Hà Nội")
        self.assertEqual(ward.parent.code, "01")

    def test_former_commune_of_bac_giang_now_belongs_to_bac_ninh(self):
        old = self.commune("Phường Bích Động, Thị xã Việt Yên, Tỉnh Bắc Giang")
        self.assertEqual(old.parent.parent.name, "Bắc Giang")
        self.assertEqual([s.full_name for s in old.successors.all()], ["Phường Việt Yên, Tỉnh Bắc Ninh"])
        self.assertEqual(current_province_for(old).name, "Bắc Ninh")

    def test_former_commune_of_unchanged_ha_tinh_stays_in_ha_tinh(self):
        old = self.commune("Phường Trần Phú, Thành phố Hà Tĩnh, Tỉnh Hà Tĩnh")
        self.assertEqual(current_province_for(old).name, "Hà Tĩnh")
        self.assertEqual(units_valid_on(old, date(2024, 1, 1)), [old])

    def test_abolished_district_answers_through_its_province(self):
        district = AdminUnit.objects.get(level=Level.DISTRICT, full_name="Huyện Lục Ngạn, Tỉnh Bắc Giang")
        self.assertEqual(current_province_for(district).name, "Bắc Ninh")
        island = AdminUnit.objects.get(level=Level.DISTRICT, full_name="Huyện Côn Đảo, Tỉnh Bà Rịa-Vũng Tàu")
        self.assertEqual([s.name for s in island.successors.all()], ["Đặc khu Côn Đảo"])
        self.assertEqual(current_province_for(island).name, "Hồ Chí Minh")

    def test_every_former_commune_with_successors_lands_in_the_merged_province(self):
        """Hải Dương's and Hải Phòng's communes all go to Hải Phòng; Phú Thọ takes three provinces."""
        for new, olds in {
            "Hải Phòng": {"Hải Dương", "Hải Phòng"},
            "Phú Thọ": {"Phú Thọ", "Vĩnh Phúc", "Hòa Bình"},
        }.items():
            landed = set(
                AdminUnit.objects.filter(level=Level.COMMUNE, parent__parent__name__in=olds, valid_to__isnull=False)
                .values_list("successors__parent__name", flat=True)
                .distinct()
            )
            self.assertEqual(landed - {None}, {new})

    def test_grouping_commune_records_by_provinces_of_a_date(self):
        old = self.commune("Phường Bích Động, Thị xã Việt Yên, Tỉnh Bắc Giang")
        new = AdminUnit.objects.get(level=Level.COMMUNE, full_name="Phường Việt Yên, Tỉnh Bắc Ninh")
        after = group_by_units_valid_on([old, new], day=date(2026, 1, 1), unit_of=lambda u: u)
        self.assertEqual({tuple(p.name for p in k): len(v) for k, v in after.items()}, {("Bắc Ninh",): 2})
        before = group_by_units_valid_on([new], day=date(2025, 1, 1), unit_of=lambda u: u)
        self.assertEqual([[p.name for p in k] for k in before], [["Bắc Giang"]])

    def test_grouping_many_places_reads_them_ahead_in_a_few_queries(self):
        """Former communes of two merged provinces, districts and today's wards: the groups are those
        the place-by-place answer gives, and 60 places ask no more queries than 6."""
        places = list(
            AdminUnit.objects.filter(
                parent__parent__name__in=["Bắc Giang", "Hải Dương"], valid_to__isnull=False
            ).order_by("code")[:40]
        )
        places += list(AdminUnit.objects.filter(level=Level.DISTRICT, parent__name="Bắc Giang").order_by("code")[:5])
        places += list(AdminUnit.objects.filter(parent__name__in=["Bắc Ninh", "Hải Phòng"], valid_to__isnull=True)[:15])
        for day in (date(2024, 1, 1), date(2026, 1, 1)):
            with self.subTest(day=day):
                grouped = group_by_units_valid_on(places, day=day, unit_of=lambda u: u)
                one_by_one = {}
                for place in places:
                    one_by_one.setdefault(tuple(provinces_valid_on(place, day)), []).append(place)
                self.assertEqual(grouped, one_by_one)
                with CaptureQueriesContext(connection) as six:
                    group_by_units_valid_on(places[::10], day=day, unit_of=lambda u: u)
                with CaptureQueriesContext(connection) as sixty:
                    group_by_units_valid_on(places, day=day, unit_of=lambda u: u)
                self.assertLessEqual(len(sixty), len(six))
                self.assertLessEqual(len(sixty), 8)

    def test_a_first_load_is_one_summary_event_not_one_row_per_unit(self):
        [event] = self.first_sync_changes
        self.assertEqual((event.action, event.event, event.source), ("event", "geo.synced", "command"))
        self.assertEqual(event.after, {"adminunit": {"created": 696 + 10147 + 3321}})

    def test_a_commune_changed_since_the_last_load_is_logged_on_its_own(self):
        ward = AdminUnit.objects.filter(level=Level.COMMUNE, valid_from=date(2025, 7, 1)).order_by("code").first()
        AdminUnit.objects.filter(pk=ward.pk).update(name="Tên sai")
        last = ObjectChange.objects.order_by("-pk").values_list("pk", flat=True).first()
        communes_sync(progress=False)
        [row, event] = ObjectChange.objects.filter(pk__gt=last).order_by("pk")
        self.assertEqual((row.object_id, row.diff), (str(ward.pk), [("name", "Tên sai", ward.name)]))
        self.assertEqual(event.after["adminunit"]["updated"], 1)
        self.assertEqual(event.after["adminunit"]["unchanged"], 696 + 10147 + 3321 - 1)

    def test_second_run_changes_nothing(self):
        counts = dict(AdminUnit.objects.values_list("level").annotate(n=Count("pk")))
        links = AdminUnit.successors.through.objects.count()
        changes = ObjectChange.objects.count()
        self.assertEqual(communes_sync(progress=False), self.result)
        self.assertEqual(ObjectChange.objects.count(), changes)
        self.assertEqual(dict(AdminUnit.objects.values_list("level").annotate(n=Count("pk"))), counts)
        self.assertEqual(AdminUnit.successors.through.objects.count(), links)
