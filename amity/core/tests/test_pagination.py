"""Long lists counted from the planner's estimate, and saying so; filtered and small lists exactly."""

import re
from unittest import mock

from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.urls import reverse

from amity.core.pagination import about, planner_estimate, unfiltered
from amity.registry.models import Organisation
from amity.registry.tests.factories import OrganisationFactory
from amity.units.testing import make_unit_tree, make_user

ON_POSTGRESQL = connection.vendor == "postgresql"


class HelperTests(TestCase):
    def test_an_estimate_keeps_two_significant_digits(self):
        self.assertEqual(
            [about(n) for n in (7, 99, 1_049_812, 1_050_000, 123_456)], [7, 99, 1_000_000, 1_000_000, 120_000]
        )

    def test_the_planner_estimate_is_postgresqls_alone(self):
        estimate = planner_estimate(Organisation.objects.all())
        self.assertEqual(estimate is None, not ON_POSTGRESQL)

    def test_paging_and_sorting_are_not_filters(self):
        self.assertTrue(unfiltered({"page": "3", "sort": "-created", "q": ""}))
        self.assertFalse(unfiltered({"page": "3", "country": "4"}))


class EstimatedCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        u = make_unit_tree()
        cls.user = make_user("pages-editor", unit=u["hai_phong"])
        OrganisationFactory.create_batch(3, unit=u["hai_phong"], name="Hội hữu nghị")
        OrganisationFactory(unit=u["hai_phong"], name="Quỹ nhi đồng")

    def setUp(self):
        self.client.force_login(self.user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def test_small_lists_are_counted_exactly(self):
        page = self.client.get(reverse("registry:organisation_list"))
        self.assertContains(page, "4 records")
        self.assertNotContains(page, "data-count-estimated")
        body = self.client.get("/api/registry/organisations/").json()
        self.assertEqual((body["count"], body["count_estimated"]), (4, False))

    def test_a_long_unfiltered_list_says_its_count_is_an_estimate(self):
        with mock.patch("amity.core.pagination.ESTIMATE_FROM", 1):
            page = self.client.get(reverse("registry:organisation_list"))
            body = self.client.get("/api/registry/organisations/").json()
            filtered = self.client.get(reverse("registry:organisation_list"), {"q": "Quỹ"})
        if not ON_POSTGRESQL:  # SQLite has no planner estimate: always exact
            self.assertContains(page, "4 records")
            self.assertFalse(body["count_estimated"])
            return
        shown = re.search(r"<span data-count-estimated>about ([\d,]+) records?</span>", page.content.decode())
        self.assertIsNotNone(shown, "an unfiltered list on PostgreSQL says its count is an estimate")
        number = int(shown[1].replace(",", ""))
        self.assertEqual(number, about(number))  # two significant digits
        self.assertTrue(body["count_estimated"])
        self.assertEqual(body["count"], about(body["count"]))
        self.assertContains(filtered, "1 record")
        self.assertNotContains(filtered, "data-count-estimated")
