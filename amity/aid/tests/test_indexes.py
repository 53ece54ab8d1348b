"""The indexes an import writes into: no entry that no lookup reads (aid migration 0014)."""

from django.db import connection
from django.test import TestCase

from amity.aid.models import AidItem, AidTransaction


def indexes(table: str) -> dict[str, dict]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {name: c for name, c in constraints.items() if c["index"] or c["unique"] or c["primary_key"]}


def definition(name: str) -> str:
    sql = (
        "SELECT indexdef FROM pg_indexes WHERE indexname = %s"
        if connection.vendor == "postgresql"
        else "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [name])
        return cursor.fetchone()[0]


class ImportIndexTests(TestCase):
    def test_a_link_table_is_read_by_item_through_its_unique_index_alone(self):
        for name in ("sectors", "locations", "beneficiary_groups"):
            through = AidItem._meta.get_field(name).remote_field.through
            by_item = [c for c in indexes(through._meta.db_table).values() if c["columns"][0] == "aiditem_id"]
            self.assertEqual([(len(c["columns"]), bool(c["unique"])) for c in by_item], [(2, True)], name)

    def test_only_transactions_naming_a_donor_are_in_the_donor_index(self):
        on_donor = [n for n, c in indexes(AidTransaction._meta.db_table).items() if c["columns"] == ["donor_id"]]
        self.assertEqual(on_donor, ["aid_transaction_donor"])
        self.assertIn("IS NOT NULL", definition("aid_transaction_donor"))
