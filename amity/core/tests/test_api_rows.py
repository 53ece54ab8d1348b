"""API lists read as rows of values (``core.api.RowPlan``): the same JSON as DRF's serialization of
the records, the same records for each user, personal data masked as on the record's own page."""

from datetime import date
from unittest import mock

from django.db.models.sql import Query
from django.test import TestCase
from rest_framework import serializers

from amity.activities.api.serializers import ActivitySerializer
from amity.activities.models import Activity
from amity.activities.tests.factories import ActivityFactory
from amity.aid.api.serializers import AidItemSerializer, AidTransactionSerializer
from amity.aid.tests.factories import SectorFactory, make_item
from amity.core import compiled
from amity.core.api import row_plan
from amity.core.pagination import EstimatingPagination
from amity.core.personal import names_hidden
from amity.core.roles import Role
from amity.core.services import model_delete
from amity.core.testing import APIClient
from amity.diaspora.api.serializers import CompatriotSerializer
from amity.diaspora.models import Compatriot
from amity.diaspora.selectors import MASK
from amity.diaspora.tests.factories import compatriot
from amity.geo.services import current_province_by_name
from amity.units.models import Membership, Unit
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


class KeptListStatementsTests(TestCase):
    """A list's count and page run by statements compiled once per shape of its query
    (``core.compiled.list_rows``): the next request of another shape — a filter, an order, a
    reach changed by a membership — reads its own rows, and a change of the rows is read at once."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.central = make_user("central-admin", unit=cls.u["vufo"], role=Role.ADMIN)
        cls.hp_editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        cls.hai_phong = ActivityFactory.create_batch(3, unit=cls.u["hai_phong"])
        cls.bac_ninh = ActivityFactory(unit=cls.u["bac_ninh"], title="Giao lưu Bắc Ninh")

    def setUp(self):
        compiled._KEPT.clear()

    def listed(self, user, query: str = "") -> tuple[list[int], int]:
        """The ids a request lists for ``user`` and its count; the user read anew, as each
        request reads it (a request's reach is kept on its user object)."""
        client = APIClient()
        client.force_authenticate(type(user).objects.get(pk=user.pk))
        response = client.get(f"/api/activities/activities/{query}")
        self.assertEqual(response.status_code, 200)
        return [row["id"] for row in response.json()["results"]], response.json()["count"]

    def test_the_next_request_of_another_shape_reads_its_own_rows(self):
        every = {a.pk for a in (*self.hai_phong, self.bac_ninh)}
        for _ in range(2):  # the second time from the kept statements
            ids, count = self.listed(self.central)
            self.assertEqual((set(ids), count), (every, 4))
            ids, count = self.listed(self.hp_editor)
            self.assertEqual((set(ids), count), ({a.pk for a in self.hai_phong}, 3))
        self.assertEqual(self.listed(self.central, "?q=Bắc Ninh"), ([self.bac_ninh.pk], 1))
        by_title = sorted(every, key=lambda pk: Activity.objects.get(pk=pk).title)
        self.assertEqual(self.listed(self.central, "?ordering=title")[0], by_title)
        self.assertEqual(self.listed(self.central, "?ordering=-title")[0], by_title[::-1])
        with mock.patch.object(EstimatingPagination, "page_size", 1):  # a page of one: its limit and offset
            self.assertEqual(self.listed(self.central, "?ordering=title&page=2"), (by_title[1:2], 4))
            self.assertEqual(self.listed(self.central, "?ordering=title&page=4"), (by_title[3:], 4))
        # a membership given and taken back: the reach, hence the shape, changes with it
        membership = Membership.objects.create(user=self.hp_editor, unit=self.u["bac_ninh"], role=Role.VIEWER)
        self.assertEqual(set(self.listed(self.hp_editor)[0]), every)
        model_delete(actor=self.central, instance=membership)
        self.assertEqual(set(self.listed(self.hp_editor)[0]), {a.pk for a in self.hai_phong})
        # the same shape reads rows added and deleted since
        added = ActivityFactory(unit=self.u["hai_phong"])
        model_delete(actor=self.central, instance=self.hai_phong[0])
        ids, count = self.listed(self.hp_editor)
        self.assertEqual((set(ids), count), ({added.pk, self.hai_phong[1].pk, self.hai_phong[2].pk}, 3))

    def test_a_shape_is_compiled_once_and_its_answer_is_the_orms(self):
        with mock.patch.object(compiled, "_list_statements", wraps=compiled._list_statements) as compiling:
            first, again = self.listed(self.hp_editor), self.listed(self.hp_editor)
            self.assertEqual((first, compiling.call_count), (again, 1))
            self.listed(self.hp_editor, "?ordering=title")
            self.assertEqual(compiling.call_count, 2)
        client = APIClient()
        client.force_authenticate(self.central)
        for query in ("", "?ordering=-start_date&page=2", "?q=Bắc"):
            with mock.patch.object(EstimatingPagination, "page_size", 2):
                kept = client.get(f"/api/activities/activities/{query}").json()
                with mock.patch("amity.core.pagination.list_rows", side_effect=lambda rows: rows):
                    by_the_orm = client.get(f"/api/activities/activities/{query}").json()
            self.assertEqual(kept, by_the_orm, query)
            self.assertTrue(kept["results"], query)

    def test_a_query_not_comparable_by_value_is_left_to_the_orm(self):
        for rows in (
            Unit.objects.filter(pk__in=Unit.objects.filter(parent=None).values("pk")).values("pk"),
            Unit.objects.none().values("pk"),
            Unit.objects.values("pk").distinct(),
        ):
            self.assertIs(compiled.list_rows(rows), rows)
        kept = compiled.list_rows(Unit.objects.filter(parent=None).values("pk", "name"))
        self.assertEqual(kept.count(), Unit.objects.filter(parent=None).count())
        self.assertEqual(kept[0:10], list(Unit.objects.filter(parent=None).values("pk", "name")[0:10]))

    def test_whether_a_list_hides_names_is_asked_anew_by_its_kept_statement(self):
        def hidden() -> bool:
            user = type(self.central).objects.get(pk=self.central.pk)
            return names_hidden(user=user, queryset=Compatriot.objects.restrict(user, "view"))

        compatriot(self.u["vufo"], "Lê Văn Cường")  # the central union's own: in its sight
        with mock.patch.object(Query, "exists", autospec=True, side_effect=Query.exists) as building:
            self.assertFalse(hidden())
            self.assertTrue(building.called)
            building.reset_mock()
            self.assertFalse(hidden())
            self.assertFalse(building.called)  # asked by the statement kept from the first
        province = compatriot(self.u["hai_phong"], "Phạm Thị Dung")
        self.assertTrue(hidden())
        model_delete(actor=self.central, instance=province)
        self.assertFalse(hidden())

    def test_a_list_of_no_units_reads_nothing(self):
        rows = Unit.objects.filter(pk__in=[]).values("pk")
        for _ in range(2):
            kept = compiled.list_rows(rows)
            with self.assertNumQueries(0):
                self.assertEqual((kept.count(), kept[0:50]), (0, []))
        nobody = make_user("nobody")
        self.assertEqual(self.listed(nobody), ([], 0))
        self.assertFalse(names_hidden(user=nobody, queryset=Compatriot.objects.restrict(nobody, "view")))


class PageByKeysTests(TestCase):
    """A list of one table whose order is total (ending with the key) reads its page's keys first,
    then their rows (``core.compiled._page_by_keys``): the same rows in the same order, page by page,
    as the ORM's query, with names that tie, a deleted record and another province's records around."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.central = make_user("central-admin", unit=cls.u["vufo"], role=Role.ADMIN)
        cls.hp_editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        for name in ("Nguyễn Văn An", "Nguyễn Văn An", "Lê Thị Hoa", "Trần Văn Bình", "Đỗ Minh"):
            compatriot(cls.u["hai_phong"], name)
            compatriot(cls.u["bac_ninh"], name)
        gone = compatriot(cls.u["hai_phong"], "Bùi Văn Cường")
        model_delete(actor=cls.central, instance=gone)

    def setUp(self):
        compiled._KEPT.clear()

    def pages(self, user, query: str) -> list[dict]:
        client = APIClient()
        client.force_authenticate(user)
        with mock.patch.object(EstimatingPagination, "page_size", 3):
            return [client.get(f"/api/diaspora/compatriots/?page={page}{query}").json() for page in (1, 2, 3, 4)]

    def test_a_page_read_by_its_keys_is_the_orms(self):
        for user, query in (
            (self.hp_editor, ""),  # by name, then id: a total order
            (self.central, ""),  # names hidden: in the order of addition, newest first, then id
            (self.hp_editor, "&q=Nguyễn"),
            (self.hp_editor, "&ordering=-search_name"),  # then by id, backwards (core.pagination)
        ):
            kept = self.pages(user, query)
            with mock.patch("amity.core.pagination.list_rows", side_effect=lambda rows: rows):
                by_the_orm = self.pages(user, query)
            self.assertEqual(kept, by_the_orm, (user, query))
            self.assertTrue(kept[0]["results"], (user, query))
        statements = [found for found in compiled._KEPT.values() if isinstance(found, compiled.ListStatements)]
        self.assertTrue(statements)
        self.assertTrue(all(found.rows_after is not None for found in statements))  # every one read by keys
        listed = [row["id"] for page in self.pages(self.hp_editor, "") for row in page.get("results", [])]
        in_order = Compatriot.objects.filter(unit__path__startswith=self.u["hai_phong"].path)
        self.assertEqual(listed, list(in_order.order_by("search_name", "pk").values_list("pk", flat=True)))

    def test_only_a_total_order_over_one_table_is_read_by_its_keys(self):
        people = Compatriot.objects.values("pk", "full_name")
        self.assertIsNotNone(compiled._page_by_keys(people.order_by("search_name", "pk")))
        self.assertIsNotNone(compiled._page_by_keys(people.order_by("-created", "-id")))
        self.assertIsNone(compiled._page_by_keys(people.order_by("search_name")))
        self.assertIsNone(compiled._page_by_keys(people.order_by("unit__name", "pk")))  # a join
        self.assertIsNone(compiled._page_by_keys(Activity.objects.values("pk")))  # by date and title
