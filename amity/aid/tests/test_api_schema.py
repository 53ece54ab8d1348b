from django.test import SimpleTestCase
from django.urls import include, path


class SchemaTests(SimpleTestCase):
    def test_aid_endpoints_are_described_without_warnings(self):
        from drf_spectacular.drainage import GENERATOR_STATS
        from drf_spectacular.generators import SchemaGenerator
        from drf_spectacular.validation import validate_schema

        patterns = [path("api/aid/", include("amity.aid.api.urls"))]
        GENERATOR_STATS.reset()
        with GENERATOR_STATS.silence():
            schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
        validate_schema(schema)
        messages = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
        GENERATOR_STATS.reset()
        self.assertEqual(messages, [])
        paths = schema["paths"]
        figures = {p["name"] for p in paths["/api/aid/items/figures/"]["get"]["parameters"]}
        self.assertLessEqual({"start", "end", "currency", "unit"}, figures)
        items = {p["name"]: p["schema"]["type"] for p in paths["/api/aid/items/"]["get"]["parameters"]}
        self.assertEqual(items["province"], "integer")
        body = paths["/api/aid/items/{id}/transition/"]["post"]["requestBody"]
        ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        self.assertEqual(schema["components"]["schemas"][ref]["required"], ["to_status"])
