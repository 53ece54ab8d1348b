"""Long lists of the whole table counted from PostgreSQL's statistics, and saying so; filtered lists,
a province's lists and small lists counted exactly."""

from unittest import mock

from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.urls import reverse

from amity.core.pagination import about, table_estimate, unfiltered
from amity.core.roles import Role
from amity.registry.models import Organisation
from amity.registry.tests.factories import OrganisationFactory
from amity.units.testing import make_unit_tree, make_user

ON_POSTGRESQL = connection.vendor == "postgresql"


class HelperTests(TestCase):
    def test_an_estimate_keeps_two_significant_digits(self):
        self.assertEqual(
            [about(n) for n in (7, 99, 1_049_812, 1_050_000, 123_456)], [7, 99, 1_000_000, 1_000_000, 120_000]
        )

    def test_paging_and_sorting_are_not_filters(self):
        self.assertTrue(unfiltered({"page": "3", "sort": "-created", "q": ""}))
        self.assertFalse(unfiltered({"page": "3", "country": "4"}))


class EstimatedCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        u = make_unit_tree()
        cls.province = make_user("pages-editor", unit=u["hai_phong"])
        cls.centre = make_user("pages-centre", unit=u["vufo"], role=Role.VIEWER)
        OrganisationFactory.create_batch(3, unit=u["hai_phong"], name="Hội hữu nghị")
        OrganisationFactory(unit=u["hai_phong"], name="Quỹ nhi đồng")

    def get(self, user, url, **query):
        self.client.force_login(user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return self.client.get(url, query)

    def test_small_lists_are_counted_exactly(self):
        page = self.get(self.centre, reverse("registry:organisation_list"))
        self.assertContains(page, "4 records")
        self.assertNotContains(page, "data-count-estimated")
        body = self.get(self.centre, "/api/registry/organisations/").json()
        self.assertEqual((body["count"], body["count_estimated"]), (4, False))

    def test_the_whole_table_unfiltered_says_its_count_is_an_estimate(self):
        if ON_POSTGRESQL:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE registry_organisation")
        estimate = table_estimate(Organisation.objects.all())
        self.assertEqual(estimate is None, not ON_POSTGRESQL)
        with mock.patch("amity.core.pagination.ESTIMATE_FROM", 1):
            page = self.get(self.centre, reverse("registry:organisation_list"))
            body = self.get(self.centre, "/api/registry/organisations/").json()
            filtered = self.get(self.centre, reverse("registry:organisation_list"), q="Quỹ")
            provincial = self.get(self.province, reverse("registry:organisation_list"))
        self.assertContains(filtered, "1 record")
        self.assertContains(provincial, "4 records")
        for exact in (filtered, provincial):
            self.assertNotContains(exact, "data-count-estimated")
        if not ON_POSTGRESQL:  # SQLite keeps no statistics: always exact
            self.assertContains(page, "4 records")
            self.assertFalse(body["count_estimated"])
            return
        self.assertContains(page, f"<span data-count-estimated>about {about(estimate)} record")
        self.assertEqual((body["count"], body["count_estimated"]), (about(estimate), True))
