from datetime import date

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from amity.units.testing import make_unit_tree, make_user

from .. import duplicates, selectors, services, tasks
from ..models import Compatriot, Contribution, MergeRecord
from .factories import compatriot


def run_scan(user) -> None:
    """A duplicate search as the screen starts it (the test task backend runs it at once)."""
    tasks.scan_duplicates.enqueue(services.duplicate_scan_request(actor=user).pk)


class DuplicateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("bn-editor", unit=cls.u["bac_ninh"])
        unit = cls.u["bac_giang"]
        people = [
            ("Nguyễn Văn An", 1975, {}),
            ("Trần Thị Hường", 1980, {}),
            ("Lê Quang Minh", 1968, {}),
            ("Phạm Ngọc Lan", 1990, {}),
            ("Đỗ Đức Thắng", 1985, {}),
            ("Nguyễn Văn Anh", 1992, {}),  # a different person: other year
            ("Hoàng Thị Mai", 1979, {}),
            ("Phạm Văn Hải", 1971, {"phone": "+420 777 111 222"}),
            ("Nguyễn Văn Hùng", 1970, {"birth_date": date(1970, 3, 2), "city": "Praha"}),
            ("Lê Văn Tâm", 1966, {"city": "Brno"}),
        ]
        cls.originals = {name: compatriot(unit, name, birth_year=year, **more) for name, year, more in people}
        planted = [
            ("Nguyen Van An", "Nguyễn Văn An", 1975, {}),  # no diacritics
            ("Hường Trần Thị", "Trần Thị Hường", 1980, {}),  # swapped order
            ("Lê Quang Mịnh", "Lê Quang Minh", 1968, {}),  # typo in a diacritic
            ("Pham Ngoc Lann", "Phạm Ngọc Lan", 1990, {}),  # typo + no diacritics
            ("Phạm Hải", "Phạm Văn Hải", 1971, {"phone": "777111222", "home_unit": None}),  # middle name left out
        ]
        cls.truth = set()
        for name, original, year, more in planted:
            dup = compatriot(unit, name, birth_year=year, **more)
            cls.truth.add(frozenset({dup.pk, cls.originals[original].pk}))
        # namesakes: the same name and year, but another date of birth or city
        compatriot(unit, "Nguyễn Văn Hùng", birth_year=1970, birth_date=date(1970, 11, 20), city="Praha")
        compatriot(unit, "Le Van Tam", birth_year=1966, city="Praha")
        cls.hp_thang = compatriot(cls.u["hai_phong"], "Đỗ Đức Thắng", birth_year=1985)  # another union: never offered

    def test_planted_duplicates_are_found_with_reasons_and_nothing_else(self):
        found = duplicates.find_duplicates(Compatriot.objects.all())
        pairs = {frozenset({c.first.pk, c.second.pk}) for c in found}
        self.assertEqual(pairs, self.truth)
        with translation.override("en"):
            reasons = {c.first.full_name: " ".join(map(str, c.reasons)) for c in found}
        self.assertIn("without diacritics", reasons["Nguyễn Văn An"])
        self.assertIn("another order", reasons["Trần Thị Hường"])
        self.assertIn("same year of birth", reasons["Lê Quang Minh"])
        self.assertIn("letter or two", reasons["Phạm Ngọc Lan"])
        self.assertIn("leaves out a middle name", reasons["Phạm Văn Hải"])
        self.assertIn("same phone", reasons["Phạm Văn Hải"])

    def test_a_common_name_needs_more_than_year_and_province(self):
        """Twelve Nguyễn Thị Hương born in 1980 in one union: the same year, province and country
        say nothing; two of them with one phone number are one person."""
        unit = self.u["bac_giang"]
        huong = [compatriot(unit, "Nguyễn Thị Hương", birth_year=1980) for _ in range(12)]
        Compatriot.objects.filter(pk__in=[huong[3].pk, huong[7].pk]).update(phone="+81 90 5555 0101")
        found = {frozenset({c.first.pk, c.second.pk}) for c in duplicates.find_duplicates(Compatriot.objects.all())}
        self.assertEqual(
            {pair for pair in found if pair & {p.pk for p in huong}}, {frozenset({huong[3].pk, huong[7].pk})}
        )

    def test_two_real_names_a_letter_apart_need_a_date_of_birth_and_a_phone(self):
        """An and Anh are two names: the same year and province are not enough, both facts are."""
        unit = self.u["bac_giang"]
        anh = compatriot(unit, "Nguyễn Văn Anh", birth_year=1975)
        found = {frozenset({c.first.pk, c.second.pk}) for c in duplicates.find_duplicates(Compatriot.objects.all())}
        self.assertNotIn(frozenset({anh.pk, self.originals["Nguyễn Văn An"].pk}), found)
        an = self.originals["Nguyễn Văn An"]
        Compatriot.objects.filter(pk__in=[an.pk, anh.pk]).update(birth_date=date(1975, 5, 1), phone="0912 345 678")
        found = {frozenset({c.first.pk, c.second.pk}) for c in duplicates.find_duplicates(Compatriot.objects.all())}
        self.assertIn(frozenset({anh.pk, an.pk}), found)

    def test_a_changed_phone_weighs_against_one_person_but_does_not_rule_it_out(self):
        """People change numbers: the same date of birth and city with two phones is still one
        person; two phones and only the year of birth shared is not enough."""
        unit = self.u["bac_giang"]
        bao = compatriot(unit, "Trần Quốc Bảo", birth_year=1977, birth_date=date(1977, 4, 9), city="Brno",
                         phone="+420 603 111 222")  # fmt: skip
        moved = compatriot(unit, "Tran Quoc Bao", birth_year=1977, birth_date=date(1977, 4, 9), city="Brno",
                           phone="+420 777 999 000")  # fmt: skip
        vinh = compatriot(unit, "Lê Thành Vinh", birth_year=1983, phone="+420 603 333 444")
        other = compatriot(unit, "Le Thanh Vinh", birth_year=1983, phone="+420 777 555 666")
        found = {frozenset({c.first.pk, c.second.pk}) for c in duplicates.find_duplicates(Compatriot.objects.all())}
        self.assertIn(frozenset({bao.pk, moved.pk}), found)
        self.assertNotIn(frozenset({vinh.pk, other.pk}), found)

    def test_merge_moves_contributions_and_undo_restores(self):
        kept = self.originals["Nguyễn Văn An"]
        dup = Compatriot.objects.get(full_name="Nguyen Van An")
        services.compatriot_update(actor=self.editor, instance=dup, data={"phone": "+81 90 1234 5678"})
        gift = Contribution.objects.create(
            unit=dup.unit, compatriot=dup, amount=1_000_000, currency="VND", received_on=date(2021, 6, 1)
        )
        self.client.force_login(self.editor)
        response = self.client.post(reverse("diaspora:merge"), {"kept": kept.pk, "duplicate": dup.pk})
        self.assertRedirects(response, kept.get_absolute_url())
        kept.refresh_from_db()
        gift.refresh_from_db()
        self.assertEqual((gift.compatriot_id, kept.phone), (kept.pk, "+81 90 1234 5678"))
        self.assertFalse(Compatriot.objects.filter(pk=dup.pk).exists())
        self.assertEqual(Compatriot.all_objects.get(pk=dup.pk).merged_into_id, kept.pk)
        record = MergeRecord.objects.get(kept=kept)
        self.assertContains(self.client.get(kept.get_absolute_url()), reverse("diaspora:merge_undo", args=[record.pk]))
        self.client.post(reverse("diaspora:merge_undo", args=[record.pk]))
        gift.refresh_from_db()
        kept.refresh_from_db()
        self.assertEqual((gift.compatriot_id, kept.phone), (dup.pk, ""))
        self.assertTrue(Compatriot.objects.filter(pk=dup.pk).exists())

    def test_duplicates_screen_lists_the_pairs_for_the_owning_union_only(self):
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(reverse("diaspora:duplicates")), 'data-scan="none"')
        self.client.post(reverse("diaspora:duplicates"))
        response = self.client.get(reverse("diaspora:duplicates"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.context["pairs"]), 5)
        self.assertContains(response, "Pham Ngoc Lann")
        self.assertContains(response, 'data-scan="done"')
        self.client.force_login(make_user("vufo", unit=self.u["vufo"], role="admin"))
        self.client.post(reverse("diaspora:duplicates"))
        response = self.client.get(reverse("diaspora:duplicates"))
        self.assertEqual((len(response.context["pairs"]), "Pham Ngoc Lann" in response.content.decode()), (0, False))

    def test_records_inherited_from_a_merged_union_pair_with_the_successors_own(self):
        """Bắc Ninh records a person again whom the Bắc Giang union had recorded before 1 July 2025."""
        again = compatriot(self.u["bac_ninh"], "Hoàng Thị Mai", birth_year=1979)
        kept = self.originals["Hoàng Thị Mai"]
        self.assertEqual(duplicates.find_duplicates(Compatriot.objects.all()), duplicates.find_duplicates(
            Compatriot.objects.exclude(pk=again.pk)))  # fmt: skip
        run_scan(self.editor)
        pairs = [(c.first.pk, c.second.pk) for c in selectors.duplicate_candidates(user=self.editor)]
        self.assertIn((kept.pk, again.pk), pairs)
        self.assertNotIn(self.hp_thang.pk, {pk for pair in pairs for pk in pair})  # another union's person
        self.client.force_login(self.editor)
        self.client.post(reverse("diaspora:merge"), {"kept": kept.pk, "duplicate": again.pk})
        self.assertEqual(Compatriot.all_objects.get(pk=again.pk).merged_into_id, kept.pk)

    def test_merge_refused_when_a_moved_contribution_would_name_a_person_its_unit_does_not_hold(self):
        """The association received a gift from its own record of the person; folding that record
        into the province's would show the province's person to the association's staff."""
        kept = self.originals["Phạm Ngọc Lan"]  # held by the Bắc Giang union
        dup = compatriot(self.u["bg_japan"], "Pham Ngoc Lan", birth_year=1990)
        gift = Contribution.objects.create(
            unit=self.u["bg_japan"], compatriot=dup, amount=5_000_000, currency="VND", received_on=date(2022, 3, 1)
        )
        with self.assertRaises(ValidationError) as refused:
            services.compatriot_merge(actor=self.editor, kept=kept, duplicate=dup)
        self.assertIn("kept", refused.exception.message_dict)
        gift.refresh_from_db()
        dup.refresh_from_db()
        self.assertEqual((gift.compatriot_id, dup.merged_into_id, dup.deleted_at), (dup.pk, None, None))
        self.assertFalse(MergeRecord.objects.filter(merged=dup).exists())
        services.compatriot_merge(actor=self.editor, kept=dup, duplicate=kept)  # the other way round is fine
        self.assertEqual(Compatriot.all_objects.get(pk=kept.pk).merged_into_id, dup.pk)

    def test_other_union_cannot_merge(self):
        self.client.force_login(make_user("hp", unit=self.u["hai_phong"]))
        kept, dup = self.originals["Nguyễn Văn An"], Compatriot.objects.get(full_name="Nguyen Van An")
        response = self.client.post(reverse("diaspora:merge"), {"kept": kept.pk, "duplicate": dup.pk})
        self.assertEqual(response.status_code, 404)


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("bn-editor", unit=cls.u["bac_ninh"])
        cls.an = compatriot(cls.u["bac_giang"], "Nguyễn Văn An", name_original="グエン・ヴァン・アン")
        compatriot(cls.u["bac_giang"], "Trần Văn Bình")
        compatriot(cls.u["hai_phong"], "Nguyễn Văn An")  # another union's

    def names(self, query):
        qs = selectors.compatriot_list(user=self.editor)
        return [(c.pk, c.full_name) for c in selectors.name_search(qs, query)]

    def test_without_diacritics_and_case(self):
        self.assertEqual(self.names("nguyen van an"), [(self.an.pk, "Nguyễn Văn An")])
        self.assertEqual(self.names("NGUYỄN VĂN AN"), [(self.an.pk, "Nguyễn Văn An")])

    def test_one_wrong_letter_still_finds(self):
        self.assertEqual(self.names("nguyen van am"), [(self.an.pk, "Nguyễn Văn An")])
        self.assertEqual(self.names("nguyen vna an"), [(self.an.pk, "Nguyễn Văn An")])

    def test_unrelated_query_finds_nothing(self):
        self.assertEqual(self.names("hoang thi mai"), [])

    def test_global_search_box_shows_only_own_people(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("search"), {"q": "nguyen van an"})
        self.assertContains(response, self.an.get_absolute_url())
        self.client.force_login(make_user("vufo", unit=self.u["vufo"], role="admin"))
        self.assertNotContains(self.client.get(reverse("search"), {"q": "nguyen van an"}), "Nguyễn Văn An")


class ApiWorkflowTests(TestCase):
    """Erasure, duplicates, merge and undo through the API, guarded like the screens."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("bn-editor", unit=cls.u["bac_ninh"])
        cls.viewer = make_user("bn-viewer", unit=cls.u["bac_ninh"], role="viewer")
        cls.vufo = make_user("vufo", unit=cls.u["vufo"], role="admin")
        cls.an = compatriot(cls.u["bac_giang"], "Nguyễn Văn An", birth_year=1975, phone="0912345678")
        cls.dup = compatriot(cls.u["bac_giang"], "Nguyen Van An", birth_year=1975, city="Brno")
        cls.gift = Contribution.objects.create(
            unit=cls.u["bac_giang"], compatriot=cls.dup, amount=1_000_000, currency="VND", received_on=date(2021, 6, 1)
        )

    def test_duplicates_merge_and_undo(self):
        url = reverse("diaspora-api:compatriot-duplicates")
        self.client.force_login(self.vufo)  # no personal right: no pairs, no names
        self.assertEqual(self.client.get(url).json(), {"scan": None, "results": []})
        self.assertEqual(self.client.post(url).json()["results"], [])
        self.client.force_login(self.editor)
        started = self.client.post(url)
        self.assertEqual((started.status_code, started.json()["scan"]["status"]), (202, "done"))
        pairs = self.client.get(url).json()["results"]
        self.assertEqual([(p["first"]["id"], p["second"]["id"]) for p in pairs], [(self.an.pk, self.dup.pk)])
        self.assertEqual(pairs[0]["first"]["full_name"], "Nguyễn Văn An")
        merge_url = reverse("diaspora-api:compatriot-merge")
        self.client.force_login(self.vufo)
        self.assertEqual(self.client.post(merge_url, {"kept": self.an.pk, "duplicate": self.dup.pk}).status_code, 404)
        self.client.force_login(self.editor)
        self.assertEqual(self.client.post(merge_url, {"kept": self.an.pk, "duplicate": "x"}).status_code, 400)
        response = self.client.post(merge_url, {"kept": self.an.pk, "duplicate": self.dup.pk})
        self.assertEqual(response.status_code, 201, response.content)
        merge = response.json()
        self.assertEqual((merge["moved_contributions"], merge["filled_fields"]), ([self.gift.pk], ["city"]))
        self.gift.refresh_from_db()
        self.assertEqual(self.gift.compatriot_id, self.an.pk)
        self.assertEqual(self.client.post(merge_url, {"kept": self.an.pk, "duplicate": self.dup.pk}).status_code, 404)
        undo_url = reverse("diaspora-api:compatriot-undo-merge", args=[merge["id"]])
        self.client.force_login(self.viewer)
        self.assertIn(self.client.post(undo_url).status_code, (403, 404))
        self.client.force_login(self.editor)
        self.assertEqual(self.client.post(undo_url).status_code, 200)
        self.gift.refresh_from_db()
        self.assertEqual(self.gift.compatriot_id, self.dup.pk)
        self.assertEqual(self.client.post(undo_url).status_code, 400)  # already undone

    def test_erase_through_the_api(self):
        url = reverse("diaspora-api:compatriot-erase", args=[self.an.pk])
        for user, status in ((self.vufo, 404), (self.viewer, 404)):
            self.client.force_login(user)
            self.assertEqual(self.client.post(url, {"requested_on": "2026-02-10"}).status_code, status)
        self.client.force_login(self.editor)
        self.assertEqual(self.client.post(url, {}).status_code, 400)
        response = self.client.post(url, {"requested_on": "2026-02-10", "reason": "email"})
        self.assertEqual(response.status_code, 202, response.content)  # the worker's job (run at once here)
        self.assertEqual(response.json()["status"], "done")
        person = self.client.get(reverse("diaspora-api:compatriot-detail", args=[self.an.pk])).json()
        self.assertEqual((person["phone"], person["birth_year"]), ("", 1975))
        self.assertIsNotNone(Compatriot.objects.get(pk=self.an.pk).erased_at)
        self.assertEqual(self.client.post(url, {"requested_on": "2026-02-10"}).status_code, 400)  # once only
        figures = self.client.get(reverse("diaspora-api:figures")).json()
        self.assertEqual(figures["total"], 2)
