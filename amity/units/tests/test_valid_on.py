"""The one "standing on a day" filter every figure and form uses (``RestrictedQuerySet.valid_on``)."""

from datetime import date

from django.test import TestCase

from amity.core.roles import UnitKind
from amity.geo.models import AdminUnit
from amity.units.models import Unit
from amity.units.testing import make_unit_tree


class ValidOnTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()  # Bắc Giang until 30/06/2025, Bắc Ninh's union from 01/07/2025

    def provincial_on(self, day):
        return set(Unit.objects.filter(kind=UnitKind.PROVINCIAL).valid_on(day).values_list("pk", flat=True))

    def test_a_unit_stands_from_its_first_day_to_its_last(self):
        hp, bn, bg = (self.u[k].pk for k in ("hai_phong", "bac_ninh", "bac_giang"))
        self.assertEqual(self.provincial_on(date(2025, 6, 30)), {hp, bg})
        self.assertEqual(self.provincial_on(date(2025, 7, 1)), {hp, bn})
        self.assertEqual(self.provincial_on(date(1990, 1, 1)), {hp, bg})

    def test_provinces_of_a_day(self):
        before = AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE).valid_on(date(2025, 6, 30))
        after = AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE).valid_on(date(2025, 7, 1))
        self.assertEqual((before.count(), after.count()), (63, 34))
        self.assertTrue(before.filter(full_name__contains="Bắc Giang").exists())
        self.assertFalse(after.filter(full_name__contains="Bắc Giang").exists())
