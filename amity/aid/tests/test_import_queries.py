"""The aid import reads what its rules need once per file: a union with three times the donors, and
a file with three times the rows, are checked and written with the same number of queries."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from amity.aid.imports import aid_import_commit, aid_import_preview
from amity.aid.models import AidItem
from amity.aid.services import sectors_load
from amity.units.testing import make_unit_tree, make_user

from .factories import make_donor
from .test_import_rules import DECIDED, csv


def rows(count: int, donors: int) -> bytes:
    return csv(
        *(
            f"HP-{n},Dự án {n},approved,Donor {n % donors},Hải Dương,{DECIDED},{100 + n},USD,01/03/2019,50,USD,"
            for n in range(count)
        )
    )


class ImportQueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.unit = make_unit_tree()["hai_phong"]
        cls.admin = make_user("queries-admin", unit=cls.unit, role="admin")

    def setUp(self):
        # what a process keeps once read (content types, the unit tree) is read by a first import
        make_donor(self.unit, "Donor 0")
        self.queries(rows(1, donors=1))

    def queries(self, content) -> tuple[int, int]:
        """The queries of the check, and of the commit that writes what it checked."""
        with translation.override("en"), CaptureQueriesContext(connection) as check:
            preview = aid_import_preview(user=self.admin, unit=self.unit, content=content, filename="list.csv")
        self.assertTrue(preview.ok, preview.errors)
        with translation.override("en"), CaptureQueriesContext(connection) as commit:
            aid_import_commit(actor=self.admin, unit=self.unit, content=content, filename="list.csv", checked=preview)
        AidItem.objects.filter(unit=self.unit).delete()
        return len(check), len(commit)

    def test_three_times_the_donors_the_same_queries(self):
        for n in range(1, 3):
            make_donor(self.unit, f"Donor {n}")
        few = self.queries(rows(9, donors=3))
        for n in range(3, 9):
            make_donor(self.unit, f"Donor {n}")
        self.assertEqual(self.queries(rows(9, donors=9)), few)

    def test_three_times_the_rows_the_same_queries(self):
        for n in range(1, 3):
            make_donor(self.unit, f"Donor {n}")
        self.assertEqual(self.queries(rows(30, donors=3)), self.queries(rows(10, donors=3)))
