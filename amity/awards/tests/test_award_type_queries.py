"""The award type list, on screen and in the API, reads each type's union with the list: five
types of five unions cost as many queries as one."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from amity.awards.models import AwardType
from amity.core.roles import Role
from amity.core.testing import APIClient
from amity.units.testing import make_unit_tree, make_user

OWNERS = ("hai_phong", "bac_ninh", "bac_giang", "bg_japan", "hp_laos")


class AwardTypeListQueriesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        AwardType.objects.create(unit=cls.u[OWNERS[0]], name="Bằng khen 0", kind="certificate")
        cls.user = make_user("atq-hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)

    def add_the_other_unions_types(self):
        for i, key in enumerate(OWNERS[1:], start=1):
            AwardType.objects.create(unit=self.u[key], name=f"Bằng khen {i}", kind="certificate")

    def assert_count_does_not_grow(self, fetch, rows):
        fetch()  # warm what is cached per process (the user's units)
        with CaptureQueriesContext(connection) as one:
            names = rows(fetch())
        self.assertIn("Bằng khen 0", names)
        self.add_the_other_unions_types()
        with self.assertNumQueries(len(one.captured_queries)):
            names = rows(fetch())
        self.assertLessEqual({f"Bằng khen {i}" for i in range(5)}, set(names))

    def test_list_page(self):
        self.client.force_login(self.user)
        url = reverse("awards:awardtype_list")

        def fetch():
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            return response

        def rows(response):
            shown = {r.record.name: str(r.get_cell("unit")) for r in response.context["table"].page.object_list}
            for i, key in enumerate(OWNERS):
                if f"Bằng khen {i}" in shown:
                    self.assertEqual(shown[f"Bằng khen {i}"], self.u[key].name)
            return shown

        self.assert_count_does_not_grow(fetch, rows)

    def test_api_list(self):
        client = APIClient()
        client.force_authenticate(self.user)

        def fetch():
            response = client.get("/api/awards/types/?page_size=100")
            self.assertEqual(response.status_code, 200)
            return response

        def rows(response):
            return [row["name"] for row in response.json()["results"]]

        self.assert_count_does_not_grow(fetch, rows)
