from django.test import TestCase

from amity.core.access import forget_unit_cache, unit_ids_for_user
from amity.core.once import reads_once
from amity.core.roles import Role
from amity.registry.models import Organisation
from amity.units.models import Membership, Unit
from amity.units.selectors import primary_unit
from amity.units.testing import make_unit_tree, make_user


class UnitScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        for name, unit in cls.u.items():
            Organisation.objects.create(unit=unit, kind="other", name=f"Org of {name}")

    def visible(self, user, action="view"):
        return set(Organisation.objects.restrict(user, action).values_list("name", flat=True))

    def test_provincial_user_sees_own_subtree_only(self):
        user = make_user("hp", unit=self.u["hai_phong"], role=Role.VIEWER)
        self.assertEqual(self.visible(user), {"Org of hai_phong", "Org of hp_laos"})

    def test_successor_users_see_records_of_merged_unit_and_its_associations(self):
        user = make_user("bn", unit=self.u["bac_ninh"], role=Role.EDITOR)
        self.assertEqual(self.visible(user), {"Org of bac_ninh", "Org of bac_giang", "Org of bg_japan"})

    def test_predecessor_users_do_not_see_the_successor(self):
        user = make_user("bg", unit=self.u["bac_giang"], role=Role.EDITOR)
        self.assertEqual(self.visible(user), {"Org of bac_giang", "Org of bg_japan"})

    def test_central_union_sees_everything_but_not_personal_data_of_provinces(self):
        user = make_user("vufo", unit=self.u["vufo"], role=Role.ADMIN)
        self.assertEqual(len(self.visible(user)), 6)
        personal = unit_ids_for_user(user, "view_personal")
        self.assertEqual(personal, {self.u["vufo"].pk})

    def test_viewer_cannot_change_and_auditor_cannot_see_personal_data(self):
        viewer = make_user("v", unit=self.u["hai_phong"], role=Role.VIEWER)
        auditor = make_user("a", unit=self.u["hai_phong"], role=Role.AUDITOR)
        self.assertEqual(self.visible(viewer, "change"), set())
        self.assertEqual(unit_ids_for_user(auditor, "view_personal"), set())
        self.assertIn(self.u["hp_laos"].pk, unit_ids_for_user(auditor, "audit"))

    def test_user_without_membership_sees_nothing(self):
        self.assertEqual(self.visible(make_user("nobody")), set())


class PrimaryUnitTests(TestCase):
    """The unit new records default to is named by the memberships and units the request reads for
    its reach (no query of its own), and a membership or unit changed is read at the next request."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()

    def primary(self, user):
        forget_unit_cache(user)  # as a new request: a new user object
        with reads_once():
            unit_ids_for_user(user, "view")
            with self.assertNumQueries(0):
                return primary_unit(user)

    def test_the_highest_placed_membership_names_it_and_a_change_is_read_at_the_next_request(self):
        user = make_user("primary-hp", unit=self.u["hp_laos"], role=Role.VIEWER)
        self.assertEqual(self.primary(user), self.u["hp_laos"])
        membership = Membership.objects.create(user=user, unit=self.u["hai_phong"], role=Role.EDITOR)
        self.assertEqual(self.primary(user), self.u["hai_phong"])  # above the association
        Unit.all_objects.filter(pk=self.u["hai_phong"].pk).update(name="Liên hiệp Hải Phòng")
        self.assertEqual(self.primary(user).name, "Liên hiệp Hải Phòng")
        membership.delete()
        self.assertEqual(self.primary(user), self.u["hp_laos"])
        Membership.objects.filter(user=user).delete()
        self.assertIsNone(self.primary(user))

    def test_a_unit_handed_out_is_the_callers_own(self):
        user = make_user("primary-own", unit=self.u["hai_phong"], role=Role.EDITOR)
        self.primary(user).name = "changed by a caller"
        self.assertEqual(self.primary(user).name, self.u["hai_phong"].name)
