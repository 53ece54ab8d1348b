"""The aid figures' statement on PostgreSQL: run without JIT, in one round trip, leaving the
connection's settings as they were."""

from unittest import skipUnless

from django.db import connection, transaction
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext

from amity.aid.selectors import _rows_without_jit


@skipUnless(connection.vendor == "postgresql", "JIT is PostgreSQL's")
class StatementWithoutJitTests(SimpleTestCase):
    """Outside a test's transaction, as a request reads: ``SET LOCAL`` ends with the statement's
    (a simple test case: no transaction around it, and no table read or flushed after it)."""

    databases = {"default"}

    def jit(self) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            return cursor.fetchone()[0]

    def test_the_statement_runs_without_jit_in_one_query_and_the_setting_ends_with_it(self):
        for atomic in (False, True):
            with self.subTest(atomic=atomic):
                before = self.jit()
                with transaction.atomic() if atomic else CaptureQueriesContext(connection) as captured:
                    rows = _rows_without_jit("SELECT current_setting('jit'), %s", [7])
                self.assertEqual(rows, [("off", 7)])
                if not atomic:
                    self.assertEqual(len(captured.captured_queries), 1)  # no begin, set, commit of its own
                self.assertEqual(self.jit(), before)
