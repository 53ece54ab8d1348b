"""Every page of a list read in turn, as a user pages through it while others edit the records:
each record the user may see shows on exactly one page, however many share the list's order (a
day's activities, partners of one name, compatriots born the same year), in the list's own order
and in a column the user sorts by, both ways (``core.pagination.in_total_order``)."""

from datetime import date
from unittest import mock

from django.db.models import F
from django.test import TestCase
from rest_framework.test import APIClient

from amity.activities.models import Activity
from amity.activities.tests.factories import ActivityFactory
from amity.aid.models import AidItem
from amity.aid.tests.factories import AidItemFactory
from amity.audit.models import ObjectChange
from amity.core.pagination import EstimatingPagination, in_total_order, is_total
from amity.core.roles import Role
from amity.diaspora.models import Compatriot
from amity.diaspora.tests.factories import compatriot
from amity.registry.models import Agreement, Organisation
from amity.registry.tests.factories import AgreementFactory, OrganisationFactory
from amity.units.models import Unit
from amity.units.testing import make_unit_tree, make_user

#: Records that tie on every key of a list's order but the key, and the rows of a page: three pages' worth.
TIED, PAGE = 24, 10
DAY = date(2025, 9, 2)


def touched(model, ids) -> None:
    """The records ``ids`` written again unchanged, as another user's save rewrites a row: PostgreSQL
    puts the new row elsewhere in the table, and rows that tie come back in another order."""
    model._base_manager.filter(pk__in=ids).update(**{model._meta.pk.attname: F(model._meta.pk.attname)})


class PagingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        u = make_unit_tree()
        hai_phong, bac_ninh = u["hai_phong"], u["bac_ninh"]
        cls.editor = make_user("pages-hp", unit=hai_phong)
        cls.central = make_user("pages-centre", unit=u["vufo"], role=Role.ADMIN)
        for unit, count in ((hai_phong, TIED), (bac_ninh, 3)):  # Bắc Ninh's: outside the editor's reach
            ActivityFactory.create_batch(count, unit=unit, start_date=DAY, title="Đón đoàn hữu nghị")
            AidItemFactory.create_batch(count, unit=unit, decision_date=DAY, title_vi="Xe lăn")
            OrganisationFactory.create_batch(count, unit=unit, name="Hội hữu nghị")
            AgreementFactory.create_batch(count, unit=unit, signed_on=DAY, title="Biên bản ghi nhớ")
            for _ in range(count):
                compatriot(unit, "Nguyễn Văn An", birth_year=1990)

    def visible(self, model, user) -> set[int]:
        return set(model.objects.restrict(user, "view").values_list("pk", flat=True))

    def screen_pages(self, user, url: str, query: str, model) -> list[list[int]]:
        """The records of each page of a screen's list, read in turn; the ones just read touched
        before the next page is read."""
        self.client.force_login(user)
        pages, number = [], 1
        while True:
            response = self.client.get(f"{url}?per_page={PAGE}&page={number}&{query}")
            self.assertEqual(response.status_code, 200, (url, query))
            page = response.context["table"].page
            pages.append([row.record.pk for row in page.object_list])
            if not page.has_next():
                return pages
            touched(model, pages[-1])
            number += 1

    def api_pages(self, user, url: str, query: str, model) -> list[list[int]]:
        client = APIClient()
        client.force_authenticate(user)
        pages, number = [], 1
        with mock.patch.object(EstimatingPagination, "page_size", PAGE):
            while True:
                response = client.get(f"{url}?page={number}&{query}")
                self.assertEqual(response.status_code, 200, (url, query))
                pages.append([row["id"] for row in response.json()["results"]])
                if not response.json()["next"]:
                    return pages
                touched(model, pages[-1])
                number += 1

    def assertEachOnce(self, pages: list[list[int]], expected: set[int], label) -> None:
        seen = [pk for page in pages for pk in page]
        self.assertEqual(len(seen), len(set(seen)), f"{label}: a record on two pages")
        self.assertEqual(set(seen), expected, f"{label}: records never shown, or not the user's")
        self.assertGreater(len(pages), 2, label)

    def test_screens(self):
        for model, url, sorts in (
            (Activity, "/activities/activities/", ("", "sort=start_date", "sort=-start_date", "sort=type")),
            (AidItem, "/aid/items/", ("", "sort=decision_date", "sort=-decision_date", "sort=-status")),
            (Organisation, "/registry/organisations/", ("", "sort=member_total", "sort=-member_total")),
            (Agreement, "/registry/agreements/", ("", "sort=signed_on", "sort=-signed_on")),
            (Compatriot, "/diaspora/compatriots/", ("", "sort=birth_year", "sort=-birth_year", "sort=-full_name")),
        ):
            for query in sorts:
                with self.subTest(url=url, query=query):
                    pages = self.screen_pages(self.editor, url, query, model)
                    self.assertEachOnce(pages, self.visible(model, self.editor), (url, query))

    def test_api_lists(self):
        for model, url, sorts in (
            (Activity, "/api/activities/activities/", ("", "ordering=start_date", "ordering=-start_date")),
            (AidItem, "/api/aid/items/", ("", "ordering=decision_date", "ordering=-decision_date")),
            (Organisation, "/api/registry/organisations/", ("", "ordering=kind", "ordering=-kind")),
            (Agreement, "/api/registry/agreements/", ("",)),  # serialized the DRF way, not as rows
            (Compatriot, "/api/diaspora/compatriots/", ("", "ordering=birth_year", "ordering=-birth_year")),
        ):
            for query in sorts:
                with self.subTest(url=url, query=query):
                    pages = self.api_pages(self.editor, url, query, model)
                    self.assertEachOnce(pages, self.visible(model, self.editor), (url, query))

    def test_the_central_unions_lists(self):
        """Names hidden from the central union: its compatriots in the order of addition, or of a
        column it may sort by; the change log (a list of the audit app's own) by its action."""
        pages = self.screen_pages(self.central, "/diaspora/compatriots/", "sort=-birth_year", Compatriot)
        self.assertEachOnce(pages, self.visible(Compatriot, self.central), "compatriots")
        pages = self.api_pages(self.central, "/api/diaspora/compatriots/", "ordering=birth_year", Compatriot)
        self.assertEachOnce(pages, self.visible(Compatriot, self.central), "compatriots API")
        logged = set(ObjectChange.objects.restrict(self.central).values_list("pk", flat=True))
        for query in ("sort=action", "sort=-source"):
            pages = self.screen_pages(self.central, "/audit/changes/", query, ObjectChange)
            self.assertEachOnce(pages, logged, ("change log", query))


class TotalOrderTests(TestCase):
    def test_the_key_ends_an_order_that_does_not_tell_records_apart(self):
        orders = {
            ("-start_date", "title"): ["-start_date", "title", "pk"],
            ("-start_date",): ["-start_date", "-pk"],
            (F("title").desc(),): [F("title").desc(), "-pk"],
            (): ["pk"],
        }
        for order, total in orders.items():
            with self.subTest(order=order):
                self.assertEqual(in_total_order(Activity.objects.order_by(*order)).query.order_by, tuple(total))
        self.assertEqual(in_total_order(Activity.objects.all()).query.order_by, ("-start_date", "title", "pk"))

    def test_an_order_that_already_tells_records_apart_is_kept(self):
        for queryset in (
            Compatriot.objects.order_by("search_name", "pk"),
            Compatriot.objects.order_by("-created", "-id"),
            Unit.objects.order_by("path"),  # unique
            Activity.objects.order_by("?"),
            Organisation.objects.values("kind").distinct().order_by("kind"),  # rows that are not records
        ):
            with self.subTest(order=queryset.query.order_by):
                self.assertIs(in_total_order(queryset), queryset)

    def test_a_foreign_key_sorts_by_its_models_order_not_its_column(self):
        self.assertFalse(is_total(["unit"], Unit))
        self.assertFalse(is_total(["parent", "name"], Unit))
        self.assertTrue(is_total(["parent_id", "-pk"], Unit))
