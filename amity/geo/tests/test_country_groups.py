"""Country groups are shared reference data: everyone reads them, only administrators edit them."""

from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from amity.core.testing import make_unit_tree, make_user
from amity.geo.models import Country, CountryGroup
from amity.units.choices import Role


class CountryGroupRightsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.group = CountryGroup.objects.create(name="Northeast Asia")
        cls.group.countries.set(Country.objects.filter(iso_alpha2__in=["JP", "KR", "CN", "MN"]))
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.admin = make_user("vufo-admin", unit=cls.u["vufo"], role=Role.ADMIN)

    def api(self, user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    def test_editor_reads_but_cannot_change(self):
        url = reverse("geo-api:countrygroup-detail", args=[self.group.pk])
        client = self.api(self.editor)
        self.assertEqual(client.get(url).status_code, 200)
        for method in ("put", "patch", "delete"):
            with self.subTest(method=method):
                self.assertEqual(getattr(client, method)(url, {"name": "X"}, format="json").status_code, 404)
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(reverse("geo:countrygroup_detail", args=[self.group.pk])).status_code, 200)
        for name in ("countrygroup_edit", "countrygroup_delete"):
            with self.subTest(view=name):
                self.assertEqual(self.client.post(reverse(f"geo:{name}", args=[self.group.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("geo:countrygroup_add")).status_code, 403)
        self.group.refresh_from_db()
        self.assertEqual((self.group.name, self.group.version, self.group.deleted_at), ("Northeast Asia", 1, None))

    def test_administrator_edits_and_the_change_is_audited(self):
        from amity.audit.models import ObjectChange

        url = reverse("geo-api:countrygroup-detail", args=[self.group.pk])
        response = self.api(self.admin).patch(url, {"name": "Đông Bắc Á"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        change = ObjectChange.objects.filter(object_id=str(self.group.pk), content_type__model="countrygroup").first()
        self.assertEqual((change.action, change.source, change.after["name"]), ("update", "api", "Đông Bắc Á"))
