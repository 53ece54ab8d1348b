"""Country groups are shared reference data: everyone reads them, national figures group by them,
and only administrators of the central union edit them (not a province's administrators)."""

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
        cls.province_admin = make_user("hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN)
        cls.association_admin = make_user("bg-japan-admin", unit=cls.u["bg_japan"], role=Role.ADMIN)
        cls.vufo_editor = make_user("vufo-editor", unit=cls.u["vufo"], role=Role.EDITOR)

    def api(self, user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    def assert_reads_but_cannot_change(self, user):
        url = reverse("geo-api:countrygroup-detail", args=[self.group.pk])
        client = self.api(user)
        self.assertEqual(client.get(url).status_code, 200)
        for method in ("put", "patch", "delete"):
            with self.subTest(user=user.username, method=method):
                self.assertEqual(getattr(client, method)(url, {"name": "X"}, format="json").status_code, 404)
        created = client.post(reverse("geo-api:countrygroup-list"), {"name": "Lao partners", "countries": []})
        self.assertEqual(created.status_code, 403, created.content)
        self.client.force_login(user)
        detail = self.client.get(reverse("geo:countrygroup_detail", args=[self.group.pk]))
        self.assertEqual(detail.status_code, 200)
        self.assertFalse(detail.context["can_change"])
        self.assertFalse(self.client.get(reverse("geo:countrygroup_list")).context["can_add"])
        for name in ("countrygroup_edit", "countrygroup_delete"):
            with self.subTest(user=user.username, view=name):
                self.assertEqual(self.client.post(reverse(f"geo:{name}", args=[self.group.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("geo:countrygroup_add")).status_code, 403)
        self.assertEqual(self.client.post(reverse("geo:countrygroup_add"), {"name": "Lao partners"}).status_code, 403)
        self.group.refresh_from_db()
        self.assertEqual((self.group.name, self.group.version, self.group.deleted_at), ("Northeast Asia", 1, None))
        self.assertFalse(CountryGroup.all_objects.filter(name="Lao partners").exists())

    def test_editor_reads_but_cannot_change(self):
        self.assert_reads_but_cannot_change(self.editor)
        self.assert_reads_but_cannot_change(self.vufo_editor)

    def test_administrators_of_a_province_or_association_read_but_cannot_change(self):
        self.assert_reads_but_cannot_change(self.province_admin)
        self.assert_reads_but_cannot_change(self.association_admin)

    def test_only_a_central_administrator_restores_a_deleted_group(self):
        from amity.core.services import model_delete

        model_delete(actor=self.admin, instance=self.group)
        url = reverse("geo:countrygroup_restore", args=[self.group.pk])
        self.client.force_login(self.province_admin)
        history = self.client.get(reverse("geo:countrygroup_changelog", args=[self.group.pk]))
        self.assertFalse(history.context["can_restore"])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.group.refresh_from_db()
        self.assertTrue(self.group.is_deleted)
        self.client.force_login(self.admin)
        self.assertTrue(
            self.client.get(reverse("geo:countrygroup_changelog", args=[self.group.pk])).context["can_restore"]
        )
        self.assertEqual(self.client.post(url).status_code, 302)
        self.group.refresh_from_db()
        self.assertFalse(self.group.is_deleted)

    def test_central_administrator_adds_a_group_on_screen_and_through_the_api(self):
        japan, korea = Country.objects.filter(iso_alpha2__in=["JP", "KR"]).order_by("iso_alpha2")
        self.client.force_login(self.admin)
        self.assertTrue(self.client.get(reverse("geo:countrygroup_list")).context["can_add"])
        response = self.client.post(reverse("geo:countrygroup_add"), {"name": "East Asia", "countries": [japan.pk]})
        self.assertEqual(response.status_code, 302)
        response = self.api(self.admin).post(
            reverse("geo-api:countrygroup-list"), {"name": "Korea", "countries": [korea.pk]}, format="json"
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            sorted(CountryGroup.objects.values_list("name", "countries__iso_alpha2")),
            [("East Asia", "JP"), ("Korea", "KR"), ("Northeast Asia", "CN"), ("Northeast Asia", "JP"),
             ("Northeast Asia", "KR"), ("Northeast Asia", "MN")],
        )  # fmt: skip

    def test_administrator_edits_and_the_change_is_audited(self):
        from amity.audit.models import ObjectChange

        url = reverse("geo-api:countrygroup-detail", args=[self.group.pk])
        response = self.api(self.admin).patch(url, {"name": "Đông Bắc Á"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        change = ObjectChange.objects.filter(object_id=str(self.group.pk), content_type__model="countrygroup").first()
        self.assertEqual((change.action, change.source, change.after["name"]), ("update", "api", "Đông Bắc Á"))
