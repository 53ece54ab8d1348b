"""Units and role memberships are invisible outside the user's subtree, through screens and API."""

from django.test import TestCase

from amity.core.roles import Role, UnitKind
from amity.core.testing import APIClient
from amity.units.models import Membership, Unit
from amity.units.testing import ScopeMatrixMixin, make_user


class UnitScopeMatrixTests(ScopeMatrixMixin, TestCase):
    model = Unit
    ui, api = "units:unit", "units-api:unit"
    role = Role.ADMIN

    @classmethod
    def make(cls, unit, label):
        return Unit.objects.create(name=label, kind=UnitKind.ASSOCIATION, parent=unit)

    def test_editor_cannot_edit_units(self):
        """Editing the tree is an administrator's right ("manage"), even inside the own province."""
        editor = make_user("hp-unit-editor", unit=self.u["hai_phong"], role=Role.EDITOR)
        self.client.force_login(editor)
        self.assertEqual(self.client.get(self.ui_url("detail", self.hp_obj)).status_code, 200)
        self.assertEqual(self.client.get(self.ui_url("edit", self.hp_obj)).status_code, 404)
        self.assertEqual(self.client.post(self.ui_url("edit", self.hp_obj), {"name": "X"}).status_code, 404)
        self.assert_untouched(self.hp_obj)


class MembershipScopeMatrixTests(ScopeMatrixMixin, TestCase):
    """Memberships are the unit's access list: only administrators of a unit see and manage them."""

    model = Membership
    ui, api = "units:membership", "units-api:membership"
    role = Role.ADMIN

    @classmethod
    def make(cls, unit, label):
        user = make_user(label, unit=unit, role=Role.VIEWER)  # the list shows the user name
        return Membership.objects.get(user=user)

    def test_viewer_reads_but_cannot_edit_or_delete(self):
        """Unlike other records, a viewer does not even read memberships: they are the unit's access list."""
        client = APIClient()
        client.force_authenticate(self.hp_viewer)
        for method in ("get", "put", "patch", "delete"):
            with self.subTest(method=method):
                self.assertEqual(getattr(client, method)(self.api_url(self.hp_obj), {}, format="json").status_code, 404)
        self.assertEqual(client.get(self.api_url()).json()["count"], 0)
        self.client.force_login(self.hp_viewer)
        for method, view in [("get", "detail"), ("get", "edit"), ("post", "edit"), ("post", "delete")]:
            with self.subTest(method=method, view=view):
                self.assertEqual(getattr(self.client, method)(self.ui_url(view, self.hp_obj), {}).status_code, 404)
        self.assertNotContains(self.client.get(self.ui_url("list")), "Scope HP record")
        self.assert_untouched(self.hp_obj)

    def test_admin_cannot_grant_a_role_in_another_province(self):
        client = APIClient()
        client.force_authenticate(self.hp_user)
        someone = make_user("someone")
        response = client.post(
            self.api_url(), {"user": someone.pk, "unit": self.u["bac_giang"].pk, "role": Role.ADMIN}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("unit", response.json())
        self.assertFalse(Membership.objects.filter(user=someone).exists())
