"""The REST API as a client meets it: schema and docs, tokens, paging, errors, conflicts, audit."""

import re
from unittest import mock

from django.test import TestCase
from django.urls import reverse
from rest_framework.pagination import PageNumberPagination
from rest_framework.test import APIClient

from amity.audit.models import ObjectChange
from amity.core.roles import Role
from amity.core.testing import make_unit_tree, make_user
from amity.geo.models import Country
from amity.registry.models import Organisation

FOUNDATION_API = ("/api/registry/", "/api/units/", "/api/geo/")


class SchemaAndDocsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_user("reader")

    def test_schema_of_the_whole_api_generates_without_warnings_and_validates(self):
        from drf_spectacular.drainage import GENERATOR_STATS
        from drf_spectacular.generators import SchemaGenerator
        from drf_spectacular.validation import validate_schema

        GENERATOR_STATS.reset()
        with GENERATOR_STATS.silence():
            schema = SchemaGenerator().get_schema(request=None, public=True)
        validate_schema(schema)
        warnings = dict(GENERATOR_STATS._warn_cache)
        errors = dict(GENERATOR_STATS._error_cache)
        GENERATOR_STATS.reset()
        self.assertEqual(errors, {})
        self.assertEqual(warnings, {})  # every app's endpoints and filters are typed for integrators
        paths = set(schema["paths"])
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
