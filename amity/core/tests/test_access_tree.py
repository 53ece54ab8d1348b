"""The unit table a process keeps between requests (``core.access.unit_table``): any change of a
unit is read at the next request, even one made without the models (no signal to hear it), and
the tree costs one query whether the process has it already or not (query counts stay the same)."""

from django.db import connection, transaction
from django.test import TestCase

from amity.core.access import _read_unit_table, forget_unit_cache, is_central, unit_ids_for_user
from amity.core.roles import Role, UnitKind
from amity.units.models import Unit
from amity.units.testing import make_unit_tree, make_user


class KeptTreeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.hai_phong_editor = make_user("tree-hp", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.bac_ninh_editor = make_user("tree-bn", unit=cls.u["bac_ninh"], role=Role.EDITOR)

    def reach(self, user) -> set[int]:
        forget_unit_cache(user)  # as a new request: a new user object
        return unit_ids_for_user(user, "view")

    def test_a_merge_written_without_the_models_is_read_at_the_next_request(self):
        self.assertNotIn(self.u["hp_laos"].pk, self.reach(self.bac_ninh_editor))
        Unit.all_objects.filter(pk=self.u["hai_phong"].pk).update(successor=self.u["bac_ninh"])
        # Hải Phòng and its association are now reached through Bắc Ninh
        self.assertTrue({self.u["hai_phong"].pk, self.u["hp_laos"].pk} <= self.reach(self.bac_ninh_editor))

    def test_two_changes_of_one_unit_in_one_transaction_are_both_read(self):
        hai_phong = Unit.all_objects.filter(pk=self.u["hai_phong"].pk)
        hai_phong.update(successor=self.u["bac_ninh"])
        self.assertIn(self.u["hai_phong"].pk, self.reach(self.bac_ninh_editor))
        hai_phong.update(successor=None)  # the same row again, by the same transaction
        self.assertNotIn(self.u["hai_phong"].pk, self.reach(self.bac_ninh_editor))

    def test_a_new_unit_is_reached_at_once_and_a_new_root_is_central(self):
        self.reach(self.hai_phong_editor)
        branch = Unit.objects.create(name="Chi hội Đồ Sơn", kind=UnitKind.BRANCH, parent=self.u["hai_phong"])
        self.assertIn(branch.pk, self.reach(self.hai_phong_editor))
        self.assertFalse(is_central(self.hai_phong_editor, "view"))
        Unit.all_objects.filter(pk=self.u["hai_phong"].pk).update(parent=None)
        forget_unit_cache(self.hai_phong_editor)
        self.assertTrue(is_central(self.hai_phong_editor, "view"))

    def test_a_reach_handed_out_is_the_callers_own(self):
        self.reach(self.hai_phong_editor).clear()
        self.assertIn(self.u["hp_laos"].pk, self.reach(self.hai_phong_editor))

    def test_the_tree_costs_one_query_kept_or_not(self):
        with self.assertNumQueries(1):
            rows = _read_unit_table().tree()
        with self.assertNumQueries(1):
            self.assertEqual(_read_unit_table().tree(), rows)
        Unit.objects.create(name="Chi hội Cát Bà", kind=UnitKind.BRANCH, parent=self.u["hai_phong"])
        with self.assertNumQueries(1):
            self.assertEqual(len(_read_unit_table().tree()), len(rows) + 1)

    def test_a_deleted_unit_a_provinces_change_and_a_change_rolled_back_are_read_at_the_next_request(self):
        hai_phong = self.u["hai_phong"]
        branch = Unit.objects.create(name="Chi hội Kiến Thụy", kind=UnitKind.BRANCH, parent=hai_phong)
        self.assertIn(branch.pk, self.reach(self.hai_phong_editor))
        with connection.cursor() as cursor:  # the row gone, not soft-deleted (a deleted unit is still reached)
            cursor.execute("DELETE FROM units_unit WHERE id = %s", [branch.pk])
        self.assertNotIn(branch.pk, self.reach(self.hai_phong_editor))
        type(hai_phong.province).objects.filter(pk=hai_phong.province_id).update(name="Tên mới")  # geography
        table = _read_unit_table()
        name, unit_id = table.columns.index("province.name"), table.columns.index("unit.id")
        self.assertEqual({row[name] for row in table.rows if row[unit_id] == hai_phong.pk}, {"Tên mới"})
        before = _read_unit_table()
        try:
            with transaction.atomic():
                Unit.all_objects.filter(pk=hai_phong.pk).update(successor=self.u["bac_ninh"])
                self.assertIn(hai_phong.pk, self.reach(self.bac_ninh_editor))
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        self.assertNotIn(hai_phong.pk, self.reach(self.bac_ninh_editor))  # the rows as they were
        self.assertEqual(_read_unit_table().rows, before.rows)
