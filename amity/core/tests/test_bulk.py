"""Bulk inserts for imports: every record gets its own key back, its values as saved, and the
defaults and times a save() would have given it."""

from datetime import date
from decimal import Decimal

from django.test import TestCase

from amity.aid.models import AidTransaction
from amity.aid.tests.factories import make_item
from amity.audit.snapshots import snapshot_json
from amity.core.bulk import Inserter
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
            self.assertIsNotNone(saved.created)
            self.assertEqual(saved.created, saved.updated)
            # the completed record is what the change log's snapshot reads: the same as the saved row's
            self.assertEqual(snapshot_json(AidTransaction, record), snapshot_json(AidTransaction, saved.__dict__))
        self.assertEqual(AidTransaction.objects.count(), 4)
        self.assertEqual(len({r["id"] for r in [*first, *second]}), 3)

    def test_nothing_to_insert_writes_nothing(self):
        self.assertEqual(Inserter(AidTransaction).insert([]), [])
        self.assertFalse(AidTransaction.objects.exists())
