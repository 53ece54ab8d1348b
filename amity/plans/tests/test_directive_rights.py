"""Who writes a directive: the central union the national ones (12-CT/TW), a province its own."""

from datetime import date

from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from amity.audit.models import ObjectChange
from amity.core.roles import Role
from amity.core.testing import APIClient
from amity.plans.forms import NATIONAL_REFUSED
from amity.plans.models import Directive
from amity.units.testing import make_unit_tree, make_user


class DirectiveRightsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.national = Directive.objects.create(
            number="12-CT/TW",
            issued_on=date(2022, 1, 5),
            issuing_body="Ban Bí thư",
            title="Về tăng cường công tác đối ngoại nhân dân",
        )
        cls.bn_resolution = Directive.objects.create(
            unit=cls.u["bac_ninh"],
            number="05-NQ/TU",
            issued_on=date(2023, 3, 1),
            issuing_body="Tỉnh ủy Bắc Ninh",
            title="Nghị quyết về đối ngoại nhân dân của tỉnh",
        )
        cls.central_admin = make_user("dir-vufo-admin", unit=cls.u["vufo"], role=Role.ADMIN)
        cls.central_editor = make_user("dir-vufo-editor", unit=cls.u["vufo"], role=Role.EDITOR)
        cls.hp_admin = make_user("dir-hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN)
        cls.hp_editor = make_user("dir-hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.hp_viewer = make_user("dir-hp-viewer", unit=cls.u["hai_phong"], role=Role.VIEWER)
        cls.bn_admin = make_user("dir-bn-admin", unit=cls.u["bac_ninh"], role=Role.ADMIN)
        cls.association_admin = make_user("dir-bg-japan-admin", unit=cls.u["bg_japan"], role=Role.ADMIN)

    # helpers -------------------------------------------------------------------------------
    def api(self, user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    def api_create(self, user, **values):
        data = {"number": "1-NQ/TU", "issued_on": "2024-01-01", "issuing_body": "Tỉnh ủy", "title": "Nghị quyết"}
        return self.api(user).post("/api/plans/directives/", {**data, **values}, format="json")

    def screen_data(self, directive=None, **values) -> dict:
        data = {"number": "17-NQ/TU", "issued_on": "2024-06-01", "issuing_body": "Thành ủy", "title": "Nghị quyết"}
        if directive is not None:
            data = {
                "unit": directive.unit_id or "",
                "number": directive.number,
                "issued_on": directive.issued_on.isoformat(),
                "issuing_body": directive.issuing_body,
                "title": directive.title,
                "version": directive.version,
            }
        data.update(values)
        return {k: v for k, v in data.items() if v is not None}

    def assert_untouched(self, directive):
        fresh = Directive.all_objects.get(pk=directive.pk)
        self.assertEqual((fresh.version, fresh.deleted_at, fresh.title), (directive.version, None, directive.title))

    def assert_reads_but_cannot_write(self, user, directive):
        client = self.api(user)
        self.assertEqual(client.get(f"/api/plans/directives/{directive.pk}/").status_code, 200)
        self.assertIn(directive.pk, {row["id"] for row in client.get("/api/plans/directives/").json()["results"]})
        for method in ("put", "patch", "delete"):
            with self.subTest(user=user.username, method=method):
                response = getattr(client, method)(
                    f"/api/plans/directives/{directive.pk}/", {"title": "Sửa trái phép"}, format="json"
                )
                self.assertEqual(response.status_code, 404)
        self.client.force_login(user)
        detail = self.client.get(reverse("plans:directive_detail", args=[directive.pk]))
        self.assertEqual(detail.status_code, 200)
        self.assertFalse(detail.context["can_change"])
        self.assertContains(self.client.get(reverse("plans:directive_list")), directive.number)
        for method, view in [("get", "edit"), ("post", "edit"), ("get", "delete"), ("post", "delete")]:
            with self.subTest(user=user.username, method=method, view=view):
                data = self.screen_data(directive, title="Sửa trái phép") if method == "post" else {}
                url = reverse(f"plans:directive_{view}", args=[directive.pk])
                self.assertEqual(getattr(self.client, method)(url, data).status_code, 404)
        self.assertEqual(self.client.post(reverse("plans:directive_restore", args=[directive.pk])).status_code, 404)
        self.assert_untouched(directive)

    def assert_cannot_create_national(self, user):
        count = Directive.all_objects.count()
        client = self.api(user)
        data = {"number": "99-CT/TW", "issued_on": "2024-01-01", "issuing_body": "Ban Bí thư", "title": "Giả"}
        for payload in (data, {**data, "unit": None}):
            with self.subTest(user=user.username, payload=payload):
                response = client.post("/api/plans/directives/", payload, format="json")
                self.assertEqual(response.status_code, 400, response.content)
                with translation.override("vi"):  # the default language answers
                    self.assertEqual(response.json()["unit"], [str(NATIONAL_REFUSED)])
        self.client.force_login(user)
        form = self.client.get(reverse("plans:directive_add")).context["form"]
        self.assertNotIn("", [str(value) for value, _label in form.fields["unit"].choices])
        response = self.client.post(reverse("plans:directive_add"), self.screen_data(number="99-CT/TW", unit=""))
        self.assertEqual(response.status_code, 400)
        self.assertIn("unit", response.context["form"].errors)
        self.assertEqual(Directive.all_objects.count(), count)

    # the national directive ----------------------------------------------------------------
    def test_province_and_association_administrators_read_the_national_directive_but_cannot_write_it(self):
        for user in (self.hp_admin, self.association_admin, self.hp_editor, self.central_editor):
            self.assert_reads_but_cannot_write(user, self.national)

    def test_nobody_but_a_central_administrator_creates_a_national_directive(self):
        for user in (self.hp_admin, self.association_admin, self.central_editor):
            self.assert_cannot_create_national(user)

    def test_central_administrator_edits_the_national_directive_on_screen_and_through_the_api(self):
        self.client.force_login(self.central_admin)
        self.assertTrue(
            self.client.get(reverse("plans:directive_detail", args=[self.national.pk])).context["can_change"]
        )
        url = reverse("plans:directive_edit", args=[self.national.pk])
        response = self.client.post(url, self.screen_data(self.national, title="Chỉ thị 12 (sửa)"))
        self.assertEqual(response.status_code, 302, response.status_code == 400 and response.context["form"].errors)
        self.national.refresh_from_db()
        self.assertEqual((self.national.title, self.national.unit), ("Chỉ thị 12 (sửa)", None))
        response = self.api(self.central_admin).patch(
            f"/api/plans/directives/{self.national.pk}/", {"issuing_body": "Ban Chấp hành Trung ương"}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        change = ObjectChange.objects.filter(object_id=str(self.national.pk), action="update").first()
        self.assertEqual((change.actor, change.source), (self.central_admin, "api"))

    def test_central_administrator_is_offered_national_and_adds_one(self):
        self.client.force_login(self.central_admin)
        form = self.client.get(reverse("plans:directive_add")).context["form"]
        self.assertIn("", [str(value) for value, _label in form.fields["unit"].choices])
        response = self.client.post(reverse("plans:directive_add"), self.screen_data(number="33-CT/TW", unit=""))
        self.assertEqual(response.status_code, 302)
        self.assertIsNone(Directive.objects.get(number="33-CT/TW").unit)
        response = self.api(self.central_admin).post(
            "/api/plans/directives/",
            {"number": "34-CT/TW", "issued_on": "2024-02-01", "issuing_body": "Bộ Chính trị", "title": "Chỉ thị"},
            format="json",
        )
        self.assertEqual((response.status_code, response.json()["unit"]), (201, None))

    # a province's own resolution -----------------------------------------------------------
    def test_province_administrator_creates_and_edits_own_resolution(self):
        self.client.force_login(self.hp_admin)
        form = self.client.get(reverse("plans:directive_add")).context["form"]
        offered = {value for value, _label in form.fields["unit"].choices}
        self.assertEqual({int(str(v)) for v in offered}, {self.u["hai_phong"].pk, self.u["hp_laos"].pk})
        response = self.client.post(reverse("plans:directive_add"), self.screen_data(unit=self.u["hai_phong"].pk))
        self.assertEqual(response.status_code, 302, response.status_code == 400 and response.context["form"].errors)
        resolution = Directive.objects.get(number="17-NQ/TU")
        self.assertEqual(resolution.unit, self.u["hai_phong"])
        response = self.client.post(
            reverse("plans:directive_edit", args=[resolution.pk]), self.screen_data(resolution, title="Nghị quyết 17")
        )
        self.assertEqual(response.status_code, 302)
        resolution.refresh_from_db()
        self.assertEqual(resolution.title, "Nghị quyết 17")
        client = self.api(self.hp_admin)
        response = client.patch(f"/api/plans/directives/{resolution.pk}/", {"title": "NQ 17"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        # nor can the province turn its resolution into a national directive
        response = client.patch(f"/api/plans/directives/{resolution.pk}/", {"unit": None}, format="json")
        self.assertEqual(response.status_code, 400)
        resolution.refresh_from_db()
        self.assertEqual((resolution.unit, resolution.title), (self.u["hai_phong"], "NQ 17"))
        # an editor of the province writes it too; it can be deleted there
        response = self.api(self.hp_editor).delete(f"/api/plans/directives/{resolution.pk}/")
        self.assertEqual(response.status_code, 204)
        self.assertTrue(Directive.all_objects.get(pk=resolution.pk).is_deleted)

    def test_another_province_reads_the_resolution_but_cannot_write_it(self):
        self.assert_reads_but_cannot_write(self.hp_admin, self.bn_resolution)
        self.assert_reads_but_cannot_write(self.association_admin, self.bn_resolution)
        response = self.api(self.bn_admin).patch(
            f"/api/plans/directives/{self.bn_resolution.pk}/", {"title": "Nghị quyết 05"}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)

    def test_province_cannot_file_a_resolution_under_another_province(self):
        response = self.api_create(self.hp_admin, unit=self.u["bac_ninh"].pk, number="1-NQ/TU")
        self.assertEqual(response.status_code, 400)
        self.assertIn("unit", response.json())
        self.assertFalse(Directive.objects.filter(number="1-NQ/TU").exists())

    def test_viewer_reads_but_is_refused_any_write(self):
        self.assert_reads_but_cannot_write(self.hp_viewer, self.national)
        response = self.api_create(self.hp_viewer, unit=self.u["hai_phong"].pk, number="2-NQ/TU")
        self.assertEqual(response.status_code, 403)
        self.client.force_login(self.hp_viewer)
        self.assertEqual(self.client.get(reverse("plans:directive_add")).status_code, 403)

    def test_list_shows_every_directive_and_filters_national_or_by_unit(self):
        self.client.force_login(self.hp_admin)
        response = self.client.get(reverse("plans:directive_list"))
        self.assertContains(response, "12-CT/TW")
        self.assertContains(response, "05-NQ/TU")
        client = self.api(self.bn_admin)
        for query, expected in [
            (f"?unit={self.u['bac_ninh'].pk}", {self.bn_resolution.pk}),
            ("?national=true", {self.national.pk}),
            ("?national=false", {self.bn_resolution.pk}),
        ]:
            with self.subTest(query=query):
                ids = {row["id"] for row in client.get("/api/plans/directives/" + query).json()["results"]}
                self.assertEqual(ids, expected)
