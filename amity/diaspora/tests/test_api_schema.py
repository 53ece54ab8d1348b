from django.test import SimpleTestCase
from django.urls import include, path


class SchemaTests(SimpleTestCase):
    def test_diaspora_endpoints_are_described_without_warnings(self):
        from drf_spectacular.drainage import GENERATOR_STATS
        from drf_spectacular.generators import SchemaGenerator
        from drf_spectacular.validation import validate_schema

        patterns = [path("api/diaspora/", include("amity.diaspora.api.urls"))]
        GENERATOR_STATS.reset()
        with GENERATOR_STATS.silence():
            schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
        validate_schema(schema)
        messages = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
        GENERATOR_STATS.reset()
        self.assertEqual(messages, [])
        paths = schema["paths"]
        for name in (
            "/api/diaspora/compatriots/{id}/erase/",
            "/api/diaspora/compatriots/duplicates/",
            "/api/diaspora/compatriots/merge/",
            "/api/diaspora/compatriots/merges/{merge_pk}/undo/",
            "/api/diaspora/figures/",
        ):
            self.assertIn(name, paths)
        figure_params = {p["name"] for p in paths["/api/diaspora/figures/"]["get"]["parameters"]}
        self.assertLessEqual({"by", "day", "since", "until", "currency", "unit"}, figure_params)
        body = paths["/api/diaspora/compatriots/{id}/erase/"]["post"]["requestBody"]
        ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        self.assertEqual(schema["components"]["schemas"][ref]["required"], ["requested_on"])
