"""Bulk inserts for imports: every record gets its own key back, its values as saved, and the
defaults and times a save() would have given it."""

import json
import sys
import threading
from datetime import date
from decimal import Decimal
from unittest import mock

from django.db import connection, connections, transaction
from django.test import SimpleTestCase, TestCase
from django.utils import timezone
from psycopg import Copy

from amity.aid.models import AidTransaction
from amity.aid.tests.factories import make_item
from amity.audit.bulk import ChangeRows
from amity.audit.models import ObjectChange
from amity.audit.snapshots import snapshot_json
from amity.core.bulk import (
    Encoded,
    Inserter,
    Pipeline,
    RowEncoder,
    foreign_keys_by_index,
    insert_rows,
    next_ids,
    sqlite_write_cache,
)
from amity.units.testing import make_unit_tree


class InserterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.item = make_item(make_unit_tree()["hai_phong"], "Giếng nước")

    def records(self, amounts):
        return [
            {
                "item_id": self.item.pk,
                "kind": "commitment",
                "amount": amount,
                "currency": "EUR",
                "date": date(2024, 5, n),
            }
            for n, amount in enumerate(amounts, start=1)
        ]

    def test_each_record_gets_its_key_its_values_and_the_defaults(self):
        AidTransaction.objects.create(
            item=self.item, kind="disbursement", amount=Decimal("1"), currency="USD", date=date(2024, 1, 1)
        )
        first = Inserter(AidTransaction).insert(self.records([Decimal("10.50"), Decimal("20.00")]))
        second = Inserter(AidTransaction).insert(self.records([Decimal("30.00")]))
        for record in [*first, *second]:
            saved = AidTransaction.objects.get(pk=record["id"])
            self.assertEqual(
                (saved.amount, saved.date, saved.version, saved.deleted_at, saved.description, saved.donor_id),
                (record["amount"], record["date"], 1, None, "", None),
            )
            # the time stamped once for every row is the record's, to the microsecond
            self.assertEqual((saved.created, saved.updated), (record["created"], record["created"]))
            # the completed record is what the change log's snapshot reads: the same as the saved row's
            self.assertEqual(snapshot_json(AidTransaction, record), snapshot_json(AidTransaction, saved.__dict__))
        self.assertEqual(AidTransaction.objects.count(), 4)
        self.assertEqual(len({r["id"] for r in [*first, *second]}), 3)

    def test_nothing_to_insert_writes_nothing(self):
        self.assertEqual(Inserter(AidTransaction).insert([]), [])
        self.assertFalse(AidTransaction.objects.exists())


class WriterThreadTests(TestCase):
    """Keys taken before the rows are written, and rows written by a second thread inside the
    caller's transaction."""

    @classmethod
    def setUpTestData(cls):
        cls.item = make_item(make_unit_tree()["hai_phong"], "Giếng nước")

    def row(self, pk: int, amount: str) -> list:
        stamp = connections["default"].ops.adapt_datetimefield_value(timezone.now())
        return [pk, stamp, stamp, 1, self.item.pk, "commitment", date(2024, 5, 1), Decimal(amount), "EUR", "", ""]

    def test_a_deleted_records_key_is_never_given_again(self):
        made = [
            AidTransaction.objects.create(
                item=self.item, kind="commitment", amount=1, currency="EUR", date=date(2024, 1, n)
            )
            for n in (1, 2)
        ]
        AidTransaction.all_objects.filter(pk=made[1].pk).delete()  # the last one, really deleted
        with transaction.atomic():
            self.assertEqual(next_ids(AidTransaction, 3), [made[1].pk + 1, made[1].pk + 2, made[1].pk + 3])
        self.assertEqual(next_ids(AidTransaction, 0), [])

    def test_the_writer_thread_writes_in_the_callers_transaction_and_its_failure_undoes_all(self):
        columns = ["id", "created", "updated", "version", "item_id", "kind", "date", "amount", "currency"]
        columns += ["description", "import_key"]
        written, callers = [], connections["default"]  # this thread's connection (another thread has its own)

        def write(batch):
            if batch == "fail":
                raise RuntimeError("disk full")
            insert_rows(AidTransaction, columns, batch, connection=callers)
            written.append(len(batch))
            return len(batch)

        with self.assertRaises(RuntimeError), transaction.atomic():
            first, second = next_ids(AidTransaction, 2)
            with Pipeline(write) as pipeline:
                self.assertIsNone(pipeline.write([self.row(first, "10.00")]))
                self.assertEqual(pipeline.write([self.row(second, "20.00")]), 1)  # the one before
                self.assertEqual(pipeline.finish(), 1)
                self.assertEqual(AidTransaction.objects.count(), 2)  # seen by this thread's transaction
                pipeline.write("fail")
                pipeline.finish()
        self.assertEqual(written, [1, 1])
        self.assertFalse(AidTransaction.objects.exists())

    def test_batches_made_ahead_wait_for_the_writer_and_none_is_written_after_a_failure(self):
        started, release, written = threading.Event(), threading.Event(), []

        def write(batch):
            if batch == "slow":
                started.set()
                release.wait(5)
            if batch == "fail":
                raise RuntimeError("disk full")
            written.append(batch)
            return batch

        with self.assertRaises(RuntimeError), Pipeline(write, ahead=2) as pipeline:
            self.assertIsNone(pipeline.write("slow"))
            started.wait(5)
            # the writer is busy: one more batch is taken without waiting, the third waits for the first
            self.assertIsNone(pipeline.write("second"))
            self.assertEqual(written, [])
            release.set()
            self.assertEqual(pipeline.write("third"), "slow")
            self.assertEqual(pipeline.finish(), "third")
            pipeline.write("fail")
            pipeline.write("after")
            pipeline.finish()
        self.assertEqual(written, ["slow", "second", "third"])

    def test_rows_encoded_in_the_callers_thread_are_only_sent_by_the_writer_and_saved_as_given(self):
        inserter, changes, callers = (
            Inserter(AidTransaction),
            ChangeRows(models=(AidTransaction,)),
            connections["default"],
        )
        records = [
            {
                "item_id": self.item.pk,
                "kind": "commitment",
                "amount": Decimal(a),
                "currency": "EUR",
                "date": date(2024, 5, 1),
            }
            for a in ("10.50", "20.00")
        ]
        records, rows = inserter.rows(records, next_ids(AidTransaction, 2))
        for record in records:
            changes.created(AidTransaction, record, unit_id=None, text=f"{record['amount']} EUR")
        batch = (
            RowEncoder(AidTransaction, inserter.columns).encode(rows),
            RowEncoder(ObjectChange, ChangeRows.COLUMNS).encode(changes.take()),
        )
        self.assertEqual([isinstance(part, Encoded) for part in batch], [connection.vendor == "postgresql"] * 2)

        def write(batch):
            money, change_rows = batch
            inserter.write(money, connection=callers)
            changes.write(change_rows, connection=callers)

        # the writer formats no row of its own (on PostgreSQL; SQLite's rows go as they are)
        with mock.patch.object(Copy, "write_row", side_effect=AssertionError("formatted by the writer")):
            with Pipeline(write) as pipeline:
                pipeline.write(batch)
        for record in records:
            saved = AidTransaction.objects.get(pk=record["id"])
            self.assertEqual(
                (saved.amount, saved.date, saved.created), (record["amount"], record["date"], record["created"])
            )
            logged = ObjectChange.objects.get(content_type__model="aidtransaction", object_id=str(record["id"]))
            self.assertEqual(logged.after, json.loads(snapshot_json(AidTransaction, record)))
            self.assertEqual(logged.object_repr, f"{record['amount']} EUR")

    def test_the_interpreter_lock_is_handed_over_sooner_while_a_pipeline_writes(self):
        before = sys.getswitchinterval()
        with Pipeline(lambda batch: sys.getswitchinterval()) as pipeline:
            pipeline.write("a")
            self.assertLess(pipeline.finish(), before)
            with Pipeline(lambda batch: batch) as inner:
                inner.write("b")
            self.assertLess(sys.getswitchinterval(), before)  # still kept for the first pipeline
        self.assertEqual(sys.getswitchinterval(), before)


class ColumnTypesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.item = make_item(make_unit_tree()["hai_phong"], "Giếng nước")

    def test_a_tables_column_types_are_read_once_a_connection(self):
        if connection.vendor != "postgresql":
            self.skipTest("SQLite's inserts read no column types")
        records = [
            {"item_id": self.item.pk, "kind": "commitment", "amount": 1, "currency": "EUR", "date": date.today()}
        ]
        inserter = Inserter(AidTransaction)
        inserter.insert(records)
        driver = connection.connection
        statements = []
        real_cursor = driver.cursor

        def cursor(*args, **kwargs):
            made = real_cursor(*args, **kwargs)
            real_execute = made.execute

            def execute(query, *params, **options):
                statements.append(str(query).split()[0])
                return real_execute(query, *params, **options)

            made.execute = execute
            return made

        with mock.patch.object(driver, "cursor", cursor):
            inserter.insert(records)
        self.assertEqual(statements, ["SELECT"])  # the keys; the rows go by COPY, with no catalogue query
        self.assertEqual(AidTransaction.objects.count(), 2)


class WriteCacheTests(TestCase):
    def cache_size(self) -> int | None:
        if connection.vendor != "sqlite":
            return None
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return cursor.fetchone()[0]

    def test_the_cache_holds_an_imports_pages_while_it_writes_then_comes_back(self):
        before = self.cache_size()
        with sqlite_write_cache(mebibytes=64):
            during = self.cache_size()
            Inserter(AidTransaction).insert(
                [
                    {
                        "item_id": make_item(make_unit_tree()["hai_phong"], "Giếng").pk,
                        "kind": "commitment",
                        "amount": Decimal("1"),
                        "currency": "USD",
                        "date": date(2024, 1, 1),
                    }
                ]
            )
        self.assertEqual(AidTransaction.objects.count(), 1)
        with self.assertRaises(ValueError), sqlite_write_cache(mebibytes=64):
            raise ValueError
        if connection.vendor == "sqlite":
            self.assertEqual((during, self.cache_size()), (-64 * 1024, before))


class ForeignKeyLookupTests(SimpleTestCase):
    """Writes nothing, so on the database without a flush after it (which would empty the migrations'
    reference data for the transactional tests that follow)."""

    databases = {"default"}

    def setting(self) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            return cursor.fetchone()[0]

    def test_foreign_keys_are_looked_up_by_index_until_the_transaction_ends(self):
        if connection.vendor != "postgresql":
            with transaction.atomic():
                foreign_keys_by_index()  # nothing to change on SQLite
            return
        with transaction.atomic():
            foreign_keys_by_index()
            with connection.cursor() as cursor:
                # the query PostgreSQL checks a foreign key with, on a table of a few rows
                cursor.execute("EXPLAIN SELECT 1 FROM ONLY geo_country x WHERE id = %s FOR KEY SHARE OF x", [1])
                plan = " ".join(line for (line,) in cursor.fetchall())
            self.assertEqual(self.setting(), "off")
        self.assertIn("Index Scan using geo_country_pkey", plan)
        self.assertEqual(self.setting(), "on")  # the session's other queries are planned as before

    def test_inside_a_larger_transaction_nothing_is_changed_for_the_queries_after_the_import(self):
        if connection.vendor != "postgresql":
            self.skipTest("a setting of PostgreSQL's")
        with transaction.atomic():  # the demo loader's, or a test case's
            with transaction.atomic():  # the import's
                foreign_keys_by_index()
            self.assertEqual(self.setting(), "on")
