"""Schema fuzzing of the whole API with schemathesis, as a provincial editor: every operation of
the OpenAPI document gets generated requests (bounded: AMITY_FUZZ_EXAMPLES per operation, 4 by
default, derandomised so a failure repeats); no answer may be a server error, and every answer
must match what the schema documents for its status.

    AMITY_FUZZ_EXAMPLES=25 .venv/bin/python -m pytest -q amity/core/tests/test_schema_fuzz.py -s
"""

import os
import time
from collections import Counter

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import TestCase
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings

from amity.accounts.services import api_token_create
from amity.aid.tests.factories import make_donor, make_item
from amity.core.roles import Role
from amity.diaspora.tests.factories import compatriot
from amity.registry.models import Organisation
from amity.units.testing import make_unit_tree, make_user

EXAMPLES = int(os.environ.get("AMITY_FUZZ_EXAMPLES", "4"))
#: Record ids the generated paths use: the first few, so that most requests find a record.
IDS = {"type": "integer", "minimum": 1, "maximum": 4}


def fuzz_schema():
    """The OpenAPI document as served, with path ids narrowed to records that exist."""
    import schemathesis
    from drf_spectacular.generators import SchemaGenerator

    document = SchemaGenerator().get_schema(request=None, public=True)
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter["in"] == "path" and parameter.get("schema", {}).get("type") == "integer":
                    parameter["schema"] = IDS
    schema = schemathesis.openapi.from_dict(document)
    schema.app = get_wsgi_application()
    return schema


class SchemaFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("fuzz-hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)
        donor = make_donor(cls.u["hai_phong"], "KOICA")
        make_item(cls.u["hai_phong"], "Trường học", donors=[donor], committed=("100000", "USD"))
        make_item(cls.u["bac_ninh"], "Giếng nước")
        compatriot(cls.u["hai_phong"], "Nguyễn Văn A")
        compatriot(cls.u["bac_ninh"], "Trần Thị B")
        Organisation.objects.create(unit=cls.u["bac_ninh"], kind="foreign_ngo", name="Bac Ninh NGO")

    def setUp(self):
        # One database connection for the test and the requests, as Django's test client does.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        self.addCleanup(request_started.connect, close_old_connections)
        self.addCleanup(request_finished.connect, close_old_connections)

    def test_no_server_error_and_every_answer_as_documented(self):
        from schemathesis.checks import not_a_server_error
        from schemathesis.specs.openapi.checks import response_schema_conformance

        headers = {"Authorization": f"Token {api_token_create(actor=self.editor)[1]}"}
        failures, operations, statuses = [], 0, Counter()
        started = time.monotonic()
        for result in fuzz_schema().get_all_operations():
            operation = result.ok()
            operations += 1

            @hypothesis_settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy())
            def run(case):
                response = case.call(headers=headers)
                statuses[response.status_code] += 1
                case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

            try:
                run()
            except Exception as exc:  # every operation is tried; all failures are reported together
                failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:600]}")
        elapsed = time.monotonic() - started
        print(f"\nschema fuzzing: {operations} operations, {statuses.total()} requests, {elapsed:.0f} s")
        print("answers by status:", dict(sorted(statuses.items())))
        self.assertGreater(operations, 200)
        self.assertGreater(statuses[200] + statuses[201], statuses.total() // 10)  # requests do reach records
        self.assertEqual(failures, [], "\n\n".join(failures))
