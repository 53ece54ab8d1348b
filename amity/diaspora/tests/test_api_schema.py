from django.test import SimpleTestCase

from amity.core.testing import checked_api_schema


class SchemaTests(SimpleTestCase):
    def test_diaspora_endpoints_are_described_without_warnings(self):
        schema = checked_api_schema("diaspora")
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
