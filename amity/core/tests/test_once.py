"""The unit tree is read once per GET request (``core.once``), and anew outside one."""

from datetime import date

from django.test import TestCase

from amity.core.access import unit_descendant_ids
from amity.core.once import reads_once
from amity.core.roles import UnitKind
from amity.units.models import Unit
from amity.units.rollup import unit_rollup
from amity.units.testing import make_unit_tree


class ReadsOnceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()

    def read_tree(self) -> tuple[set[int], set[int]]:
        """What two sections of a report read: a reach and the roll-ups of two days."""
        reach = unit_descendant_ids(self.u["bac_ninh"])
        before = unit_rollup(day=date(2024, 1, 1)).members_of(self.u["bac_ninh"])
        unit_rollup().members_of(self.u["bac_ninh"])
        unit_descendant_ids(self.u["hai_phong"])
        return reach, before

    def test_a_scope_reads_the_tree_once_with_the_same_figures(self):
        with self.assertNumQueries(4):
            outside = self.read_tree()
        with reads_once(), self.assertNumQueries(1):  # the unit table, for the reaches and the roll-ups
            inside = self.read_tree()
            with reads_once():  # a scope inside another shares it
                self.read_tree()
        self.assertEqual(inside, outside)
        self.assertIn(self.u["bac_giang"].pk, outside[0])  # merged into Bắc Ninh: in its reach

    def test_outside_a_scope_a_new_unit_is_seen_at_once(self):
        unit_descendant_ids(self.u["hai_phong"])
        branch = Unit.objects.create(name="Chi hội mới", kind=UnitKind.BRANCH, parent=self.u["hai_phong"])
        self.assertIn(branch.pk, unit_descendant_ids(self.u["hai_phong"]))

    def test_each_get_request_reads_anew(self):
        from amity.core.roles import Role
        from amity.units.testing import make_user

        self.client.force_login(make_user("once-admin", unit=self.u["hai_phong"], role=Role.ADMIN))
        self.assertEqual(self.client.get("/units/units/").status_code, 200)
        branch = Unit.objects.create(name="Chi hội Kiến An", kind=UnitKind.BRANCH, parent=self.u["hai_phong"])
        self.assertContains(self.client.get("/units/units/"), branch.name)
