"""API lists read as rows of values (``core.api.RowPlan``): the same JSON as DRF's serialization of
the records, the same records for each user, personal data masked as on the record's own page."""

from datetime import date
from unittest import mock

from django.test import TestCase
from rest_framework import serializers

from amity.activities.api.serializers import ActivitySerializer
from amity.activities.tests.factories import ActivityFactory
from amity.aid.api.serializers import AidItemSerializer, AidTransactionSerializer
from amity.aid.tests.factories import SectorFactory, make_item
from amity.core.api import row_plan
from amity.core.roles import Role
from amity.core.services import model_delete
from amity.core.testing import APIClient
from amity.diaspora.api.serializers import CompatriotSerializer
from amity.diaspora.models import Compatriot
from amity.diaspora.selectors import MASK
from amity.diaspora.tests.factories import compatriot
from amity.geo.services import current_province_by_name
from amity.units.testing import make_unit_tree, make_user

LISTS = ["/api/activities/activities/", "/api/aid/items/", "/api/diaspora/compatriots/"]


class RowListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.central = make_user("central-admin", unit=cls.u["vufo"], role=Role.ADMIN)
        cls.hp_editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        hai_phong = cls.u["hai_phong"]
        cls.activities = ActivityFactory.create_batch(3, unit=hai_phong, participants=12)
        ActivityFactory(unit=cls.u["bac_ninh"])
        cls.gone = cls.activities[0].partners.first()
        model_delete(actor=cls.central, instance=cls.gone)  # a deleted partner is not listed
        sectors = [SectorFactory(), SectorFactory()]
        cls.item = make_item(hai_phong, "Nhà tình nghĩa", committed=("1250.50", "USD"), start_date=date(2020, 3, 1))
        cls.item.sectors.set(sectors)
        cls.item.locations.set([current_province_by_name("Hải Phòng")])
        make_item(cls.u["bac_ninh"], "Giếng nước sạch")
        cls.person = compatriot(hai_phong, "Nguyễn Văn An", phone="+420 777 123 456", birth_date=date(1975, 5, 2))
        compatriot(cls.u["bac_ninh"], "Trần Thị Bình", email="binh@example.cz")

    def answers(self, user, path: str) -> tuple[dict, dict]:
        """The list as the rows give it and as DRF's serialization of the records gives it."""
        client = APIClient()
        client.force_authenticate(user)
        rows = client.get(path)
        with mock.patch("amity.core.api.row_plan", return_value=None):
            records = client.get(path)
        self.assertEqual((rows.status_code, records.status_code), (200, 200))
        return rows.json(), records.json()

    def test_the_three_lists_are_read_as_rows(self):
        for serializer in (ActivitySerializer, AidItemSerializer, CompatriotSerializer):
            self.assertIsNotNone(row_plan(serializer), serializer.__name__)
        # a field that needs the record (a method) lists the DRF way
        self.assertIsNone(row_plan(AidTransactionSerializer))

    def test_every_list_answers_the_same_json_as_the_serializer_for_each_user(self):
        for user in (self.central, self.hp_editor):
            for path in [*LISTS, "/api/activities/activities/?ordering=-title", "/api/aid/items/?page_size=1"]:
                with self.subTest(user=user.username, path=path):
                    rows, records = self.answers(user, path)
                    self.assertEqual(rows, records)
                    self.assertTrue(rows["results"])

    def test_a_province_sees_its_rows_with_their_values(self):
        rows, _ = self.answers(self.hp_editor, "/api/activities/activities/")
        self.assertEqual({r["id"] for r in rows["results"]}, {a.pk for a in self.activities})
        first = next(r for r in rows["results"] if r["id"] == self.activities[0].pk)
        self.assertEqual(first["partners"], [o.pk for o in self.activities[0].partners.exclude(pk=self.gone.pk)])
        self.assertNotIn(self.gone.pk, first["partners"])
        self.assertEqual((first["start_date"], first["participants"]), ("2024-03-01", 12))
        items, _ = self.answers(self.hp_editor, "/api/aid/items/")
        self.assertEqual([r["id"] for r in items["results"]], [self.item.pk])
        self.assertEqual(sorted(items["results"][0]["sectors"]), sorted(s.pk for s in self.item.sectors.all()))

    def test_personal_data_is_masked_outside_the_owning_unit(self):
        own, _ = self.answers(self.hp_editor, "/api/diaspora/compatriots/")
        self.assertEqual(
            [(r["full_name"], r["phone"]) for r in own["results"]], [("Nguyễn Văn An", "+420 777 123 456")]
        )
        central, _ = self.answers(self.central, "/api/diaspora/compatriots/")
        self.assertEqual(len(central["results"]), 2)
        for row in central["results"]:
            self.assertEqual(row["full_name"], MASK)
            self.assertNotIn("777", str(row))
            self.assertNotIn("binh@", str(row))

    def test_a_number_declared_as_text_is_shown_as_the_serializer_shows_it(self):
        class YearAsText(CompatriotSerializer):
            birth_year = serializers.CharField()

            class Meta(CompatriotSerializer.Meta):
                pass

        context = {"personal_ids": None}  # nothing masked
        plan = row_plan(YearAsText)
        rows = plan.represent(
            list(plan.rows(Compatriot.objects.filter(pk=self.person.pk))), YearAsText(context=context)
        )
        self.assertEqual(rows, [YearAsText(self.person, context=context).data])
        self.assertEqual(rows[0]["birth_year"], "1975")
