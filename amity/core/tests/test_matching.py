"""One search over everything a user may see, and the pickers, share one matching: no diacritics
needed (đ/Đ included), a typo or two tolerated, codes found in part; each user finds only the
records of their units, and a picker's page carries only the options chosen."""

import re
from datetime import date
from unittest import mock

from django.core import signing
from django.db import connection
from django.test import TestCase
from django.urls import reverse

from amity.aid.models import Sector
from amity.aid.tests.factories import make_donor, make_item
from amity.core.matching import match_records, score, words
from amity.core.pickers import SALT
from amity.core.text import fold, search_key
from amity.diaspora.tests.factories import compatriot
from amity.geo.models import AdminUnit, Country
from amity.plans.models import Plan
from amity.registry.models import Agreement, Person
from amity.units.testing import make_unit_tree, make_user


def hrefs(response) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', response.content.decode()))


class ScoreTests(TestCase):
    def test_typos_and_missing_diacritics_score_above_the_cutoff_and_strangers_do_not(self):
        cases = [
            ("Donghea", "Thành phố Donghae", True),
            ("Hai Phongg", "Thành phố Hải Phòng", True),
            ("Tanaka Hirosi", "Tanaka Hiroshi 田中宏", True),
            ("Kinderhilfe Deutchland", "Kinderhilfe Deutschland e.V.", True),
            ("da nang", "Thành phố Đà Nẵng", True),
            ("ĐỨC", "Đức", True),
            ("HP-2026", "HP-2026-014 Xe lăn", True),
            ("Hai Phongg", "Bắc Ninh", False),
            ("Tanaka Hirosi", "Suzuki Ichiro", False),
            ("Donghea", "Hội đồng hương", False),
        ]
        for query, name, found in cases:
            with self.subTest(query=query, name=name):
                self.assertEqual(score(words(fold(query)), fold(name)) > 0, found)

    def test_the_name_in_the_query_order_ranks_first(self):
        query = words(fold("Hai Phong"))
        self.assertGreater(score(query, fold("Hải Phòng")), score(query, fold("Phong Hải")))


class SearchKeyTests(TestCase):
    def test_a_long_name_in_another_script_is_cut_to_its_column(self):
        """Each Russian or Chinese letter folds to one or more Latin letters: the key keeps to the
        column's length, and a short name is kept whole."""
        russian = "Щедрая " + "щ" * 250
        self.assertEqual(len(fold(russian)), len("shchedraia ") + 4 * 250)
        self.assertEqual(search_key(russian, "援助", length=600), fold(f"{russian} 援助")[:600])
        self.assertEqual(len(search_key(russian, length=600)), 600)
        self.assertEqual(search_key("Nguyễn Văn An", None, "Hà Nội", length=600), "nguyen van an ha noi")


class GlobalSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        hp, bn = cls.u["hai_phong"], cls.u["bac_ninh"]
        cls.editor = make_user("hp-editor", unit=hp)
        cls.kinderhilfe = make_donor(hp, "Kinderhilfe Deutschland e.V.")
        cls.donghae = make_donor(hp, "Thành phố Donghae", kind="foreign_locality")
        cls.tanaka = Person.objects.create(unit=hp, full_name="Tanaka Hiroshi", name_original="田中宏")
        cls.wheelchairs = make_item(hp, "Xe lăn cho người khuyết tật", reference="HP-2026-014")
        cls.agreement = Agreement.objects.create(unit=hp, kind="mou", title="Biên bản ghi nhớ hợp tác với Donghae")
        cls.plan = Plan.objects.create(
            unit=hp, number="77-KH/TU", issued_on=date(2026, 2, 1), title="Kế hoạch đối ngoại"
        )
        cls.other = make_donor(bn, "Kinderhilfe Deutschland Bắc Ninh")  # another union's: never shown

    def search(self, query: str):
        self.client.force_login(self.editor)
        return self.client.get(reverse("search"), {"q": query})

    def test_each_kind_is_found_with_typos_and_without_diacritics_and_linked(self):
        cases = [
            ("Donghea", self.donghae),
            ("Kinderhilfe Deutchland", self.kinderhilfe),
            ("Tanaka Hirosi", self.tanaka),
            ("xe lăn", self.wheelchairs),
            ("xe lan", self.wheelchairs),
            ("HP-2026", self.wheelchairs),
            ("bien ban ghi nho", self.agreement),
            ("77-KH", self.plan),
            ("ke hoach doi ngoai", self.plan),
        ]
        for query, record in cases:
            with self.subTest(query=query):
                self.assertIn(record.get_absolute_url(), hrefs(self.search(query)))

    def test_results_are_grouped_by_kind_and_another_unions_records_stay_hidden(self):
        page = self.search("Kinderhilfe Deutchland")
        self.assertContains(page, "<h2", count=1)  # organisations only
        self.assertNotIn(self.other.get_absolute_url(), hrefs(page))
        page = self.search("Donghae")
        self.assertIn(self.donghae.get_absolute_url(), hrefs(page))
        self.assertIn(self.agreement.get_absolute_url(), hrefs(page))
        self.assertContains(page, "<h2", count=2)  # organisations, agreements

    def test_compatriots_are_found_only_by_those_who_may_see_their_names(self):
        person = compatriot(self.u["hai_phong"], "Nguyễn Đức Trọng")
        self.assertIn(person.get_absolute_url(), hrefs(self.search("nguyen duc trong")))
        self.client.force_login(make_user("vufo-admin", unit=self.u["vufo"], role="admin"))
        page = self.client.get(reverse("search"), {"q": "nguyen duc trong"})
        self.assertNotContains(page, "Nguyễn Đức Trọng")

    def test_the_top_bar_offers_the_search_box_on_every_page(self):
        self.client.force_login(self.editor)
        page = self.client.get(reverse("dashboard"))
        self.assertContains(page, f'action="{reverse("search")}"')
        self.assertContains(page, 'name="q"')


class PickerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        cls.mine = make_donor(cls.u["hai_phong"], "Kinderhilfe Deutschland e.V.")
        cls.theirs = make_donor(cls.u["bac_ninh"], "Kinderhilfe Deutschland Bắc Ninh")

    def options(self, label: str, query: str, **params) -> list[str]:
        self.client.force_login(self.editor)
        response = self.client.get(reverse("autocomplete", args=[label]), {"q": query, **params})
        self.assertEqual(response.status_code, 200)
        return [row["text"] for row in response.json()["results"]]

    def test_places_match_without_diacritics_and_with_a_typo_best_first(self):
        self.assertEqual(self.options("geo.adminunit", "Hai Phongg")[0], "Thành phố Hải Phòng")
        self.assertEqual(self.options("geo.adminunit", "da nang")[0], "Thành phố Đà Nẵng")
        self.assertEqual(self.options("geo.country", "duc")[0], Country.objects.get(iso_alpha2="DE").name_vi)

    def test_partners_offered_are_only_the_users_units(self):
        self.assertEqual(self.options("registry.organisation", "Kinderhilfe Deutchland"), [str(self.mine)])

    def test_the_filter_a_page_signed_is_kept_and_a_tampered_one_refused(self):
        token = signing.dumps({"level": "province"}, salt=SALT, compress=True)
        self.assertTrue(self.options("geo.adminunit", "hai phong", f=token))
        levels = set(
            AdminUnit.objects.filter(full_name__in=self.options("geo.adminunit", "hai", f=token)).values_list(
                "level", flat=True
            )
        )
        self.assertEqual(levels, {"province"})
        self.client.force_login(self.editor)
        forged = token[:-2] + "xx"
        response = self.client.get(reverse("autocomplete", args=["geo.adminunit"]), {"q": "hai", "f": forged})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.client.get(reverse("autocomplete", args=["auth.user"]), {"q": "a"}).status_code, 404)

    def test_a_form_renders_only_the_chosen_options_and_where_to_ask(self):
        Sector.objects.create(code="12220", name="Basic health care", category_code="122")
        item = make_item(self.u["hai_phong"], "Xe lăn", donors=[self.mine])
        hai_phong = AdminUnit.objects.get(full_name="Thành phố Hải Phòng", valid_to__isnull=True)
        item.locations.add(hai_phong)
        self.client.force_login(self.editor)
        # the same however many places and sectors there are (1: the session's, written only when
        # its expiry lags; 2: the user's memberships and the unit tree, read once for every action checked)
        with self.assertNumQueries(11):
            page = self.client.get(reverse("aid:aiditem_edit", args=[item.pk]))
        html = page.content.decode()
        self.assertIn(reverse("autocomplete", args=["geo.adminunit"]), html)
        self.assertIn(reverse("autocomplete", args=["aid.sector"]), html)
        locations = re.search(r'<select name="locations".*?</select>', html, re.S).group(0)
        self.assertEqual(re.findall(r"<option[^>]*>([^<]*)</option>", locations), ["Thành phố Hải Phòng"])
        self.assertLess(html.count("<option"), 40)  # not the 3,000 communes of the test database

    def test_the_endpoint_costs_a_few_queries_whatever_the_table(self):
        self.client.force_login(self.editor)
        # session, user; rows with every word, then the similar ones (PostgreSQL: by trigrams; SQLite:
        # sharing every word's first letters, then any word's); the records (the session is not
        # written: its expiry lags by less than SESSION_REFRESH_SECONDS)
        with self.assertNumQueries(5 if connection.vendor == "postgresql" else 6):
            self.client.get(reverse("autocomplete", args=["geo.adminunit"]), {"q": "Hai Phongg"})

    def test_the_matching_is_the_same_piece_for_any_queryset(self):
        found = match_records(AdminUnit.objects.filter(level="province"), "Hai Phongg", limit=1)
        self.assertEqual([str(u) for u in found], ["Thành phố Hải Phòng"])


class ManyCandidatesTests(TestCase):
    def test_past_the_rows_scored_the_newest_records_are_found(self):
        unit = make_unit_tree()["hai_phong"]
        older = Agreement.objects.create(unit=unit, kind="mou", title="Biên bản ghi nhớ hợp tác với Donghae")
        newer = Agreement.objects.create(unit=unit, kind="mou", title="Biên bản ghi nhớ hợp tác với Kurashiki")
        with mock.patch("amity.core.matching.CANDIDATES", 1):
            self.assertEqual(match_records(Agreement.objects.all(), "hop tac kurashiki", fields=("title",)), [newer])
            self.assertEqual(match_records(Agreement.objects.all(), "hop tac donghae", fields=("title",)), [])
        self.assertEqual(match_records(Agreement.objects.all(), "hop tac donghae", fields=("title",)), [older])
