from django.test import SimpleTestCase

from amity.core.testing import checked_api_schema


class SchemaTests(SimpleTestCase):
    def test_aid_endpoints_are_described_without_warnings(self):
        schema = checked_api_schema("aid")
        paths = schema["paths"]
        figures = {p["name"] for p in paths["/api/aid/items/figures/"]["get"]["parameters"]}
        self.assertLessEqual({"start", "end", "currency", "unit"}, figures)
        items = {p["name"]: p["schema"]["type"] for p in paths["/api/aid/items/"]["get"]["parameters"]}
        self.assertEqual(items["province"], "integer")
        body = paths["/api/aid/items/{id}/transition/"]["post"]["requestBody"]
        ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        self.assertEqual(schema["components"]["schemas"][ref]["required"], ["to_status"])
