"""The REST API as a client meets it: schema and docs, tokens, paging, errors, conflicts, audit."""

import re
from unittest import mock

from django.test import TestCase
from django.urls import reverse
from rest_framework.pagination import PageNumberPagination

from amity.audit.models import ObjectChange
from amity.core.roles import Role
from amity.core.testing import APIClient, checked_api_schema
from amity.geo.models import Country
from amity.registry.models import Organisation
from amity.units.testing import make_unit_tree, make_user

FOUNDATION_API = ("/api/registry/", "/api/units/", "/api/geo/")


class SchemaAndDocsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_user("reader")

    def test_schema_of_the_whole_api_generates_without_warnings_and_validates(self):
        paths = set(checked_api_schema()["paths"])  # every app's endpoints and filters typed for integrators
        for path in ("/api/registry/organisations/", "/api/registry/agreements/{id}/", "/api/units/units/"):
            self.assertIn(path, paths)

    def test_schema_endpoint_answers(self):
        self.client.force_login(self.user)
        response = self.client.get(reverse("api-schema"), {"format": "json"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("/api/registry/organisations/", response.json()["paths"])

    def test_docs_page_uses_local_assets_only(self):
        self.client.force_login(self.user)
        html = self.client.get(reverse("api-docs")).content.decode()
        external = re.findall(r"""(?:src|href)=["'](https?:)?//[^"']+""", html)
        self.assertEqual(external, [])
        self.assertRegex(html, r"/static/drf_spectacular_sidecar/")
        self.assertNotIn("cdn.jsdelivr", html)
        self.assertNotRegex(html, r"<script>[^<]", "inline script would be blocked by the CSP")


class ApiBehaviourTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.laos = Country.objects.get(iso_alpha2="LA")
        cls.orgs = [
            Organisation.objects.create(unit=cls.u["hai_phong"], kind=kind, name=name, country=country)
            for kind, name, country in [
                ("friendship_association", "Hội hữu nghị Việt Nam – Lào", None),
                ("foreign_locality", "Tỉnh Savannakhet", cls.laos),
                ("foreign_ngo", "Plan International", None),
            ]
        ]

    def setUp(self):
        self.api = APIClient()
        self.api.force_authenticate(self.editor)
        self.url = reverse("registry-api:organisation-list")

    def detail(self, obj) -> str:
        return reverse("registry-api:organisation-detail", args=[obj.pk])

    def test_token_obtained_then_used(self):
        client = APIClient()
        response = client.post(reverse("api-token"), {"username": "hp-editor", "password": "pw-hp-editor"})
        self.assertEqual(response.status_code, 200)
        token = response.json()["token"]
        self.assertEqual(client.get(self.url).status_code, 401)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        self.assertEqual(client.get(self.url).json()["count"], 3)
        bad = APIClient()
        self.assertEqual(bad.post(reverse("api-token"), {"username": "hp-editor", "password": "x"}).status_code, 400)
        bad.credentials(HTTP_AUTHORIZATION="Token not-a-token")
        self.assertEqual(bad.get(self.url).status_code, 401)

    def test_pagination_filtering_ordering(self):
        with mock.patch.object(PageNumberPagination, "page_size", 2):
            page = self.api.get(self.url, {"ordering": "name"}).json()
            second = self.api.get(page["next"]).json()
        self.assertEqual(page["count"], 3)
        self.assertEqual([r["name"] for r in page["results"]], ["Hội hữu nghị Việt Nam – Lào", "Plan International"])
        self.assertEqual([r["name"] for r in second["results"]], ["Tỉnh Savannakhet"])
        names = [r["name"] for r in self.api.get(self.url, {"ordering": "-name"}).json()["results"]]
        self.assertEqual(names, sorted(names, reverse=True))
        filtered = self.api.get(self.url, {"kind": "foreign_locality"}).json()
        self.assertEqual([r["name"] for r in filtered["results"]], ["Tỉnh Savannakhet"])

    def test_invalid_input_names_the_field(self):
        cases = [
            ({"kind": "other"}, "name"),
            ({"kind": "no-such-kind", "name": "A", "unit": self.u["hai_phong"].pk}, "kind"),
            ({"kind": "other", "name": "A", "unit": "abc"}, "unit"),
            ({"kind": "other", "name": "A", "unit": self.u["hai_phong"].pk, "founded_on": "31/02/2020"}, "founded_on"),
            ({"kind": "other", "name": "A", "unit": self.u["hai_phong"].pk, "member_count": -4}, "member_count"),
            ({"kind": "other", "name": "A", "unit": self.u["hai_phong"].pk, "country": 999999}, "country"),
            ({"kind": "other", "name": "A", "unit": self.u["bac_giang"].pk}, "unit"),
            ({"kind": "other", "name": ["x"], "unit": self.u["hai_phong"].pk}, "name"),
            ({"kind": "other", "name": "A", "unit": self.u["hai_phong"].pk, "website": "not a url"}, "website"),
        ]
        for payload, field in cases:
            with self.subTest(field=field, payload=payload):
                response = self.api.post(self.url, payload, format="json")
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn(field, response.json())
        self.assertEqual(Organisation.objects.count(), 3)

    def test_model_validation_errors_come_back_as_400_by_field(self):
        org = self.orgs[0]
        response = self.api.patch(self.detail(org), {"parent": org.pk}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("parent", response.json())

    def test_garbage_never_gives_a_server_error(self):
        requests = [
            ("post", self.url, "{not json", "application/json"),
            ("post", self.url, "[1, 2, 3]", "application/json"),
            ("post", self.url, '"just a string"', "application/json"),
            ("post", self.url, "null", "application/json"),
            ("post", self.url, "\x00\xff", "application/json"),
            ("post", self.url, "<xml/>", "application/xml"),
            ("patch", self.detail(self.orgs[0]), "{bad", "application/json"),
            ("put", self.detail(self.orgs[0]), "[]", "application/json"),
        ]
        for method, url, body, content_type in requests:
            with self.subTest(method=method, body=body):
                response = getattr(self.api, method)(url, body, content_type=content_type)
                self.assertIn(response.status_code, {400, 415}, response.content)
                self.assertEqual(response["Content-Type"], "application/json")
        for url in (
            reverse("registry-api:organisation-detail", args=[999999]),
            self.url + "?ordering=no_such_field",
            self.url + "?page=999",
            self.url + "?kind=bogus",
            self.url + "?country=abc",
        ):
            with self.subTest(url=url):
                self.assertLess(self.api.get(url).status_code, 500)
        self.assertEqual(self.api.get(reverse("registry-api:organisation-detail", args=[999999])).status_code, 404)

    def test_stale_if_match_is_refused_with_412_and_nothing_written(self):
        org = self.orgs[1]
        first = self.api.get(self.detail(org))
        etag = first["ETag"]
        payload = {**{k: v for k, v in first.json().items() if v is not None}, "name": "Tỉnh Savannakhet (1)"}
        self.assertEqual(self.api.put(self.detail(org), payload, format="json", HTTP_IF_MATCH=etag).status_code, 200)
        stale = self.api.put(
            self.detail(org), {**payload, "name": "Tỉnh Savannakhet (2)"}, format="json", HTTP_IF_MATCH=etag
        )
        self.assertEqual(stale.status_code, 412)
        self.assertIn("non_field_errors", stale.json())
        org.refresh_from_db()
        self.assertEqual(org.name, "Tỉnh Savannakhet (1)")
        self.assertEqual(ObjectChange.objects.filter(object_id=str(org.pk), action="update").count(), 1)
        bad = self.api.patch(self.detail(org), {"name": "Z"}, format="json", HTTP_IF_MATCH='"abc"')
        self.assertEqual(bad.status_code, 400)
        self.assertIn("If-Match", bad.json())

    def test_api_writes_are_audited_as_api(self):
        created = self.api.post(
            self.url, {"kind": "business", "name": "Công ty X", "unit": self.u["hai_phong"].pk}, format="json"
        )
        self.assertEqual(created.status_code, 201, created.content)
        pk = created.json()["id"]
        self.api.patch(reverse("registry-api:organisation-detail", args=[pk]), {"city": "Viêng Chăn"}, format="json")
        self.api.delete(reverse("registry-api:organisation-detail", args=[pk]))
        changes = ObjectChange.objects.filter(object_id=str(pk), content_type__model="organisation").order_by("pk")
        self.assertEqual(
            [(c.action, c.source, c.actor_name) for c in changes],
            [
                ("create", "api", "hp-editor"),
                ("update", "api", "hp-editor"),
                ("delete", "api", "hp-editor"),
            ],
        )
        self.assertEqual((changes[1].before["city"], changes[1].after["city"]), ("", "Viêng Chăn"))
        self.assertTrue(Organisation.all_objects.get(pk=pk).is_deleted)


class IfMatchRequiredTests(TestCase):
    """A write without the version the client read is refused (428), so that two clients doing
    read-modify-write cannot silently lose each other's changes."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.org = Organisation.objects.create(unit=cls.u["hai_phong"], kind="foreign_ngo", name="Plan International")

    def setUp(self):
        self.careless = APIClient(send_version=False)
        self.careless.force_authenticate(self.editor)
        self.url = reverse("registry-api:organisation-detail", args=[self.org.pk])

    def test_put_patch_and_delete_without_if_match_get_428_and_nothing_is_written(self):
        body = {"kind": "foreign_ngo", "name": "Changed", "unit": self.u["hai_phong"].pk}
        for method in ("put", "patch", "delete"):
            with self.subTest(method=method):
                response = getattr(self.careless, method)(self.url, body, format="json")
                self.assertEqual(response.status_code, 428, response.content)
                self.assertIn("If-Match", response.json()["detail"])
        fresh = Organisation.all_objects.get(pk=self.org.pk)
        self.assertEqual((fresh.name, fresh.version, fresh.deleted_at), ("Plan International", 1, None))
        self.assertFalse(ObjectChange.objects.filter(object_id=str(self.org.pk), action__in=["update", "delete"]))

    def test_the_record_is_not_found_before_the_version_is_asked_for(self):
        other = make_user("bn-editor", unit=self.u["bac_ninh"], role=Role.EDITOR)
        client = APIClient(send_version=False)
        client.force_authenticate(other)
        self.assertEqual(client.patch(self.url, {"name": "X"}, format="json").status_code, 404)

    def test_twenty_clients_read_modify_write_lose_nothing(self):
        """Each client reads, then writes with what it read: one wins per version, the others
        are told (412) and retry; every change arrives, none is silently overwritten."""
        clients = []
        for _ in range(20):
            client = APIClient(send_version=False)
            client.force_authenticate(self.editor)
            clients.append(client)
        pending = {i: None for i in range(20)}
        applied = refused = 0
        while pending:
            reads = {i: clients[i].get(self.url) for i in pending}  # everyone reads the same version
            for i, read in reads.items():
                notes = read.json()["notes"]
                response = clients[i].patch(
                    self.url, {"notes": f"{notes}{i};"}, format="json", HTTP_IF_MATCH=read["ETag"]
                )
                if response.status_code == 200:
                    applied += 1
                    del pending[i]
                else:
                    self.assertEqual(response.status_code, 412, response.content)
                    refused += 1
        self.org.refresh_from_db()
        self.assertEqual(sorted(int(n) for n in self.org.notes.split(";") if n), list(range(20)))
        self.assertEqual((applied, self.org.version), (20, 21))
        self.assertEqual(refused, sum(range(20)))

    def test_a_stale_delete_gets_412_and_the_record_stays(self):
        read = self.careless.get(self.url)
        self.assertEqual(
            self.careless.patch(self.url, {"name": "A"}, format="json", HTTP_IF_MATCH=read["ETag"]).status_code, 200
        )
        stale = self.careless.delete(self.url, HTTP_IF_MATCH=read["ETag"])
        self.assertEqual(stale.status_code, 412)
        self.assertIsNone(Organisation.all_objects.get(pk=self.org.pk).deleted_at)
        current = self.careless.get(self.url)["ETag"]
        self.assertEqual(self.careless.delete(self.url, HTTP_IF_MATCH=current).status_code, 204)
        self.assertTrue(Organisation.all_objects.get(pk=self.org.pk).is_deleted)

    def test_create_answers_the_etag_a_next_change_sends(self):
        created = self.careless.post(
            reverse("registry-api:organisation-list"),
            {"kind": "business", "name": "Công ty X", "unit": self.u["hai_phong"].pk},
            format="json",
        )
        self.assertEqual(created["ETag"], '"1"')
        url = reverse("registry-api:organisation-detail", args=[created.json()["id"]])
        self.assertEqual(self.careless.patch(url, {"city": "Huế"}, format="json", HTTP_IF_MATCH='"1"').status_code, 200)

    def test_the_schema_says_if_match_is_required_and_documents_412_and_428(self):
        from drf_spectacular.generators import SchemaGenerator

        schema = SchemaGenerator().get_schema(request=None, public=True)
        for path, operations in schema["paths"].items():
            for method in ("put", "patch", "delete"):
                if method not in operations or not path.endswith("/{id}/"):
                    continue
                with self.subTest(path=path, method=method):
                    header = [p for p in operations[method]["parameters"] if p["in"] == "header"]
                    self.assertEqual([(p["name"], p["required"]) for p in header], [("If-Match", True)])
                    self.assertLessEqual({"412", "428"}, set(operations[method]["responses"]))
        self.assertNotIn("428", schema["paths"]["/api/registry/organisations/{id}/"]["get"]["responses"])


class MalformedRequestTests(TestCase):
    """Ids that are not numbers and years no date has are the client's mistake (404, 400), not 500."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)

    def test_a_non_numeric_id_in_every_custom_action_is_not_found(self):
        client = APIClient()
        client.force_authenticate(self.editor)
        for method, url in [
            ("get", "/api/aid/items/abc/transitions/"),
            ("post", "/api/aid/items/abc/transition/"),
            ("post", "/api/aid/items/abc/donor-shares/"),
            ("post", "/api/diaspora/compatriots/abc/erase/"),
            ("post", "/api/reports/reports/abc/render/"),
            ("post", "/api/awards/nominations/abc/approve/"),
            ("post", "/api/awards/nominations/abc/reject/"),
            ("post", "/api/awards/nominations/abc/withdraw/"),
            ("post", "/api/awards/decisions/abc/add-recipients/"),
            ("get", "/api/registry/organisations/1e3/"),
            ("get", "/api/no-such-app/"),
        ]:
            with self.subTest(url=url):
                response = getattr(client, method)(url, {}, format="json")
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response["Content-Type"], "application/json")

    def test_a_year_no_date_has_is_400_in_the_api_and_a_form_error_on_the_screen(self):
        client = APIClient()
        client.force_authenticate(self.editor)
        self.client.force_login(self.editor)
        for api, screen in [
            ("/api/awards/decisions/", reverse("awards:decision_list")),
            ("/api/awards/recipients/", reverse("awards:award_list")),
        ]:
            for year in ("0", "-5", "10000", "99999999999"):
                with self.subTest(url=api, year=year):
                    response = client.get(api, {"year": year})
                    self.assertEqual(response.status_code, 400)
                    self.assertIn("year", response.json())
                    page = self.client.get(screen, {"year": year})
                    self.assertEqual(page.status_code, 200)
                    self.assertTrue(page.context["filter"].errors["year"])
            self.assertEqual(client.get(api, {"year": "2024"}).status_code, 200)
