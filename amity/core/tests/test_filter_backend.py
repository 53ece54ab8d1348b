"""API lists build their filter set only when the request names one of its filters
(``core.filtersets.FilterBackend``): the answer is the same as with it, and a bad value is still
refused."""

from decimal import Decimal

from django.test import TestCase

from amity.core.models import ExchangeRate
from amity.core.testing import APIClient
from amity.units.testing import make_user

RATES = "/api/core/rates/"


class FilterBackendTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for year, rate in ((2023, "24000"), (2024, "25000"), (2025, "26000")):
            ExchangeRate.objects.create(currency="USD", target="VND", rate=Decimal(rate), year=year, source="test")

    def setUp(self):
        self.api = APIClient()
        self.api.force_authenticate(make_user("rates-reader"))

    def years(self, query: str = "") -> list[int]:
        response = self.api.get(RATES + query)
        self.assertEqual(response.status_code, 200, response.content)
        return sorted(row["year"] for row in response.json()["results"])

    def test_a_named_filter_filters(self):
        self.assertEqual(self.years("?year=2024"), [2024])
        self.assertEqual(self.years("?year=2024&page=1"), [2024])

    def test_without_a_filter_the_list_is_whole_and_paging_or_ordering_still_apply(self):
        self.assertEqual(self.years(), [2023, 2024, 2025])
        self.assertEqual(self.years("?page=1&unknown=7"), [2023, 2024, 2025])
        response = self.api.get(RATES + "?ordering=-year")
        self.assertEqual([row["year"] for row in response.json()["results"]], [2025, 2024, 2023])

    def test_a_bad_value_of_a_named_filter_is_refused(self):
        response = self.api.get(RATES + "?target=XYZ")  # not a reporting currency
        self.assertEqual(response.status_code, 400)
        self.assertIn("target", response.json())
