"""Units and memberships are the access structure: only a unit's administrators write them.

An editor may add, change and delete the union's records, but not rename or delete the union
itself, create units under it, or hand out roles (which would let them grant themselves admin).
"""

from django.test import TestCase
from django.urls import reverse

from amity.core.roles import Role, UnitKind
from amity.core.testing import APIClient
from amity.units.models import Membership, Unit
from amity.units.testing import make_unit_tree, make_user


class AccessStructureWriteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.viewer = make_user("hp-viewer", unit=cls.u["hai_phong"], role=Role.VIEWER)
        cls.admin = make_user("hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN)
        cls.admin_membership = Membership.objects.get(user=cls.admin)

    def api(self, user):
        client = APIClient()
        client.force_authenticate(type(user).objects.get(pk=user.pk))  # fresh: roles are cached on the user
        return client

    def assert_unchanged(self, obj):
        fresh = type(obj).all_objects.get(pk=obj.pk)
        self.assertEqual((fresh.version, fresh.deleted_at), (obj.version, None))

    def test_editor_cannot_change_or_delete_units_through_the_api(self):
        client = self.api(self.editor)
        for unit in (self.u["hai_phong"], self.u["hp_laos"]):
            url = reverse("units-api:unit-detail", args=[unit.pk])
            self.assertEqual(client.get(url).status_code, 200)  # reading the tree is fine
            self.assertEqual(client.patch(url, {"name": "Renamed"}, format="json").status_code, 404)
            self.assertEqual(client.delete(url).status_code, 404)
            self.assert_unchanged(unit)

    def test_editor_and_viewer_cannot_create_units_through_the_api(self):
        for user in (self.editor, self.viewer):
            response = self.api(user).post(
                reverse("units-api:unit-list"),
                {"name": "Chi hội mới", "kind": UnitKind.BRANCH, "parent": self.u["hp_laos"].pk},
                format="json",
            )
            self.assertEqual(response.status_code, 400, response.content)
            self.assertIn("parent", response.json())
        self.assertFalse(Unit.objects.filter(name="Chi hội mới").exists())

    def test_editor_cannot_delete_or_restore_units_on_screens(self):
        self.client.force_login(self.editor)
        union = self.u["hai_phong"]
        self.assertEqual(self.client.get(reverse("units:unit_delete", args=[union.pk])).status_code, 404)
        self.assertEqual(self.client.post(reverse("units:unit_delete", args=[union.pk])).status_code, 404)
        self.assert_unchanged(union)
        self.assertEqual(self.client.get(reverse("units:unit_add")).status_code, 403)
        deleted = Unit.objects.create(name="Chi hội đã xoá", kind=UnitKind.BRANCH, parent=self.u["hp_laos"])
        deleted.delete()
        self.assertEqual(self.client.post(reverse("units:unit_restore", args=[deleted.pk])).status_code, 404)
        self.assertTrue(Unit.all_objects.get(pk=deleted.pk).is_deleted)
        page = self.client.get(reverse("units:unit_detail", args=[union.pk]))
        self.assertNotContains(page, reverse("units:unit_edit", args=[union.pk]))

    def test_editor_cannot_grant_roles_or_remove_them(self):
        client = self.api(self.editor)
        response = client.post(
            reverse("units-api:membership-list"),
            {"user": self.editor.pk, "unit": self.u["hai_phong"].pk, "role": Role.ADMIN},
            format="json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("unit", response.json())
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(reverse("units:membership_add")).status_code, 403)
        self.client.post(
            reverse("units:membership_add"), {"user": self.editor.pk, "unit": self.u["hai_phong"].pk, "role": "admin"}
        )
        for view in ("membership_delete", "membership_edit"):
            url = reverse(f"units:{view}", args=[self.admin_membership.pk])
            self.assertEqual(self.client.post(url, {"role": Role.VIEWER}).status_code, 404)
        self.assertEqual(set(Membership.objects.filter(user=self.editor).values_list("role", flat=True)), {"editor"})
        self.assert_unchanged(self.admin_membership)

    def test_administrator_manages_units_and_roles_of_the_own_union(self):
        client = self.api(self.admin)
        response = client.post(
            reverse("units-api:unit-list"),
            {"name": "Chi hội Kiến An", "kind": UnitKind.BRANCH, "parent": self.u["hp_laos"].pk},
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        branch = Unit.objects.get(pk=response.json()["id"])
        self.assertTrue(branch.path.startswith(self.u["hp_laos"].path))
        response = self.api(self.admin).post(
            reverse("units-api:membership-list"),
            {"user": self.viewer.pk, "unit": branch.pk, "role": Role.EDITOR},
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.client.force_login(self.admin)
        self.assertEqual(self.client.post(reverse("units:unit_delete", args=[branch.pk])).status_code, 302)
        self.assertTrue(Unit.all_objects.get(pk=branch.pk).is_deleted)
        self.assertEqual(self.client.post(reverse("units:unit_restore", args=[branch.pk])).status_code, 302)
        self.assertFalse(Unit.all_objects.get(pk=branch.pk).is_deleted)
        # but not in another province
        response = client.post(
            reverse("units-api:unit-list"),
            {"name": "Chi hội lạ", "kind": UnitKind.BRANCH, "parent": self.u["bg_japan"].pk},
            format="json",
        )
        self.assertEqual(response.status_code, 400)


class MembershipHistoryRightsTests(TestCase):
    """A membership's history shows who held which role where: it needs the right its detail needs."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.admin = make_user("hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN)
        cls.others = [
            make_user(f"hp-{role}", unit=cls.u["hai_phong"], role=role)
            for role in (Role.EDITOR, Role.VIEWER, Role.AUDITOR)
        ]
        cls.membership = Membership.objects.get(user=cls.admin)

    def test_only_administrators_open_a_membership_history(self):
        detail = reverse("units:membership_detail", args=[self.membership.pk])
        history = reverse("units:membership_changelog", args=[self.membership.pk])
        for user in self.others:
            self.client.force_login(user)
            for url in (detail, history):
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.admin)
        for url in (detail, history):
            self.assertEqual(self.client.get(url).status_code, 200)


class HistoryNeedsTheDetailRightTests(TestCase):
    def test_every_history_screen_needs_the_right_of_its_detail_screen(self):
        from django.urls import get_resolver

        def patterns(resolver, namespace=""):
            for p in resolver.url_patterns:
                if hasattr(p, "url_patterns"):
                    yield from patterns(p, f"{namespace}{p.namespace}:" if p.namespace else namespace)
                elif p.name:
                    yield f"{namespace}{p.name}", p.callback

        views = dict(patterns(get_resolver()))
        histories = {name: view for name, view in views.items() if name.endswith("_changelog")}
        self.assertIn("units:membership_changelog", histories)
        for name, view in histories.items():
            detail = views[name.removesuffix("_changelog") + "_detail"]
            with self.subTest(name):
                self.assertEqual(view.view_initkwargs.get("action", view.view_class.action), detail.view_class.action)
