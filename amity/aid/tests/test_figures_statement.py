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
                    if atomic:  # within the caller's transaction too, the next statement compiles again
                        self.assertEqual(self.jit(), before)
                self.assertEqual(rows, [("off", 7)])
                if not atomic:
                    self.assertEqual(len(captured.captured_queries), 1)  # no begin, set, commit of its own
                self.assertEqual(self.jit(), before)

    def test_inside_the_callers_transaction_its_writes_stay_and_one_query_is_sent(self):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("CREATE TEMPORARY TABLE kept (n integer) ON COMMIT DROP")
                cursor.execute("INSERT INTO kept VALUES (1)")
            with CaptureQueriesContext(connection) as captured:
                rows = _rows_without_jit("SELECT n FROM kept", [])
            self.assertEqual((rows, len(captured.captured_queries)), ([(1,)], 1))
            with connection.cursor() as cursor:
                cursor.execute("SELECT n FROM kept")
                self.assertEqual(cursor.fetchall(), [(1,)])  # the savepoint rolled back the setting alone
