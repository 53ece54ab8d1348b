"""Changes through the admin site and management commands are audited like web and API changes;
the audit trail itself cannot be changed through the admin or the API."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import TestCase
from django.urls import Resolver404, resolve, reverse
from rest_framework.test import APIClient

from amity.audit.models import ExportLog, ObjectChange
from amity.core.context import Source, change_context
from amity.core.roles import Role
from amity.core.services import model_create, model_delete, model_update
from amity.geo.models import Country
from amity.registry.models import Organisation
from amity.units.models import Membership, Unit
from amity.units.testing import make_unit_tree, make_user


class AdminChangesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.root = make_user("root", is_superuser=True, is_staff=True)
        cls.org = Organisation.objects.create(unit=cls.u["hai_phong"], kind="other", name="Hội cũ")

    def setUp(self):
        self.client.force_login(self.root)

    def changes(self, obj):
        ct = ContentType.objects.get_for_model(type(obj))
        return list(ObjectChange.objects.filter(content_type=ct, object_id=str(obj.pk)).order_by("pk"))

    def test_admin_edit_is_logged_with_the_admin_source_and_user(self):
        url = reverse("admin:registry_organisation_change", args=[self.org.pk])
        page = self.client.get(url)
        data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
        data.update(unit=self.u["hai_phong"].pk, kind="other", name="Hội mới")
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None) and response.context["errors"])
        last = self.changes(self.org)[-1]
        self.assertEqual((last.action, last.source, last.actor_name), ("update", "admin", "root"))
        self.assertIn(("name", "Hội cũ", "Hội mới"), last.diff)

    def test_admin_delete_is_soft_logged_and_restorable(self):
        url = reverse("admin:registry_organisation_delete", args=[self.org.pk])
        self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 302)
        self.assertTrue(Organisation.all_objects.get(pk=self.org.pk).is_deleted)
        last = self.changes(self.org)[-1]
        self.assertEqual((last.action, last.source, last.actor_name), ("delete", "admin", "root"))
        self.client.post(reverse("registry:organisation_restore", args=[self.org.pk]))
        self.assertFalse(Organisation.all_objects.get(pk=self.org.pk).is_deleted)
        self.assertEqual(self.changes(self.org)[-1].action, "restore")

    def test_the_admins_delete_selected_action_deletes_softly_and_logs_each_record(self):
        """The admin's bulk action deletes through the queryset: each record soft, logged, restorable."""
        other = Organisation.objects.create(unit=self.u["hai_phong"], kind="other", name="Hội khác")
        response = self.client.post(
            reverse("admin:registry_organisation_changelist"),
            {"action": "delete_selected", "_selected_action": [self.org.pk, other.pk], "post": "yes"},
        )
        self.assertEqual(response.status_code, 302)
        for org in (self.org, other):
            with self.subTest(org=org.name):
                self.assertTrue(Organisation.all_objects.get(pk=org.pk).is_deleted)
                last = self.changes(org)[-1]
                self.assertEqual((last.action, last.source, last.actor_name), ("delete", "admin", "root"))
        self.assertEqual(Organisation.objects.filter(pk=other.pk).delete(), (0, {"registry.Organisation": 0}))

    def test_the_admin_shows_the_change_log_read_only(self):
        change = self.changes(self.org)[0]
        before = (change.message, change.after)
        change_url = reverse("admin:audit_objectchange_change", args=[change.pk])
        self.assertEqual(self.client.get(change_url).status_code, 200)  # viewing is allowed
        self.assertEqual(self.client.post(change_url, {"message": "tampered"}).status_code, 403)
        delete_url = reverse("admin:audit_objectchange_delete", args=[change.pk])
        self.assertEqual(self.client.post(delete_url, {"post": "yes"}).status_code, 403)
        self.assertEqual(self.client.get(reverse("admin:audit_objectchange_add")).status_code, 403)
        bulk = self.client.post(
            reverse("admin:audit_objectchange_changelist"),
            {"action": "delete_selected", "_selected_action": [change.pk], "post": "yes"},
        )
        self.assertIn(bulk.status_code, (200, 302))
        change.refresh_from_db()
        self.assertEqual((change.message, change.after), before)
        self.assertEqual(self.client.post(reverse("admin:audit_exportlog_add"), {}).status_code, 403)

    def test_no_api_endpoint_reaches_the_audit_trail(self):
        for model in (ObjectChange, ExportLog):
            for prefix in ("/api/audit/", f"/api/audit/{model._meta.verbose_name_plural}/"):
                with self.subTest(path=prefix):
                    with self.assertRaises(Resolver404):
                        resolve(prefix)
        self.assertEqual(self.client.get(reverse("audit:objectchange_list")).status_code, 200)
        change = self.changes(self.org)[0]
        # the screens are read-only: no form takes a POST
        self.assertEqual(self.client.post(reverse("audit:objectchange_detail", args=[change.pk])).status_code, 405)


class CommandChangesTests(TestCase):
    def test_demo_loader_is_logged_as_a_command_and_a_second_run_changes_nothing(self):
        loaded = ObjectChange.objects.count()  # the reference geography the test database starts with
        call_command("load_demo", verbosity=0, stdout=None)
        first = ObjectChange.objects.count()
        self.assertGreater(first - loaded, 100)
        sources = set(ObjectChange.objects.order_by("-pk")[: first - loaded].values_list("source", flat=True))
        self.assertIn("command", sources)
        self.assertLessEqual(sources, {"command", "import"})  # demo imports run as imports inside the command
        units, orgs = Unit.objects.count(), Organisation.objects.count()

        call_command("load_demo", verbosity=0)
        self.assertEqual(
            ObjectChange.objects.count(), first, "a second run wrote changes: the loader is not idempotent"
        )
        self.assertEqual((Unit.objects.count(), Organisation.objects.count()), (units, orgs))


class ChannelActorTests(TestCase):
    """Each channel logs who acted and through which channel. Imports are proven in diaspora's
    import tests, the task channel in the report rendering tests, commands above."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("channel-editor", unit=cls.u["hai_phong"])
        cls.org = Organisation.objects.create(unit=cls.u["hai_phong"], kind="other", name="Hội kênh")

    def last_change(self, obj):
        ct = ContentType.objects.get_for_model(type(obj))
        return ObjectChange.objects.filter(content_type=ct, object_id=str(obj.pk)).latest("pk")

    def test_a_screen_logs_the_signed_in_user_and_the_web(self):
        self.client.force_login(self.editor)
        response = self.client.post(reverse("registry:organisation_delete", args=[self.org.pk]))
        self.assertEqual(response.status_code, 302)
        change = self.last_change(self.org)
        self.assertEqual((change.action, change.source, change.actor), ("delete", "web", self.editor))

    def test_the_api_logs_the_token_user_and_the_api(self):
        client = APIClient()
        client.force_authenticate(self.editor)
        url = reverse("registry-api:organisation-detail", args=[self.org.pk])
        etag = client.get(url)["ETag"]
        response = client.patch(url, {"name": "Hội kênh mới"}, format="json", headers={"If-Match": etag})
        self.assertEqual(response.status_code, 200, response.content)
        change = self.last_change(self.org)
        self.assertEqual((change.action, change.source, change.actor), ("update", "api", self.editor))

    def test_a_service_called_from_a_script_logs_its_actor(self):
        """No request, no change context: the service opens one with the actor it is given."""
        org = model_create(
            model=Organisation,
            data={"unit": self.u["hai_phong"], "kind": "other", "name": "Hội mới"},
            actor=self.editor,
        )
        model_update(instance=org, data={"name": "Hội mới hơn"}, actor=self.editor)
        model_delete(instance=org, actor=self.editor)
        changes = ObjectChange.objects.filter(object_id=str(org.pk), content_type__model="organisation")
        self.assertEqual(
            [(c.action, c.source, c.actor) for c in changes.order_by("pk")],
            [(a, "system", self.editor) for a in ("create", "update", "delete")],
        )

    def test_an_open_context_keeps_its_own_actor_and_channel(self):
        with change_context(actor=self.editor, source=Source.IMPORT):
            model_update(instance=self.org, data={"name": "Hội nhập"}, actor=None)
        change = self.last_change(self.org)
        self.assertEqual((change.source, change.actor), ("import", self.editor))


class AdminAccountsAndReferenceTests(TestCase):
    """Admin edits of user accounts and of reference data outside the audited records are logged."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.root = make_user("root", is_superuser=True, is_staff=True)

    def setUp(self):
        self.client.force_login(self.root)

    def changes(self, obj):
        ct = ContentType.objects.get_for_model(type(obj))
        return list(ObjectChange.objects.filter(content_type=ct, object_id=str(obj.pk)).order_by("pk"))

    def test_account_creation_role_password_and_deactivation_are_logged(self):
        response = self.client.post(
            reverse("admin:auth_user_add"),
            {
                "username": "moi",
                "password1": "Mat-khau-dai-1",
                "password2": "Mat-khau-dai-1",
                "usable_password": "true",
            },
        )
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context.get("errors")
        )
        user = get_user_model().objects.get(username="moi")
        created = self.changes(user)[0]
        self.assertEqual((created.action, created.source, created.actor), ("create", "admin", self.root))
        self.assertNotIn("pbkdf2", str(created.after))  # the hash never reaches the log

        response = self.client.post(
            reverse("admin:auth_user_password_change", args=[user.pk]),
            {"password1": "Mat-khau-moi-2", "password2": "Mat-khau-moi-2", "usable_password": "true"},
        )
        self.assertEqual(response.status_code, 302)
        changed = self.changes(user)[-1]
        self.assertEqual([field for field, _b, _a in changed.diff], ["password"])
        self.assertEqual((changed.source, changed.actor), ("admin", self.root))

        url = reverse("admin:auth_user_change", args=[user.pk])  # deactivation, on the account's own form
        form = self.client.get(url).context["adminform"].form
        data = {k: v for k, v in form.initial.items() if v is not None and k not in ("is_active", "password")}
        data.update(
            date_joined_0=user.date_joined.strftime("%Y-%m-%d"),
            date_joined_1=user.date_joined.strftime("%H:%M:%S"),
            groups=[],
            user_permissions=[],
        )
        response = self.client.post(url, data)
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context.get("errors")
        )
        deactivated = self.changes(user)[-1]
        self.assertEqual((deactivated.source, deactivated.actor), ("admin", self.root))
        self.assertIn(("is_active", True, False), deactivated.diff)

        membership = Membership.objects.create(user=user, unit=self.u["hai_phong"], role=Role.VIEWER)
        url = reverse("admin:units_membership_change", args=[membership.pk])
        response = self.client.post(url, {"user": user.pk, "unit": self.u["hai_phong"].pk, "role": Role.ADMIN})
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context.get("errors")
        )
        role = self.changes(membership)[-1]
        self.assertEqual((role.source, role.actor), ("admin", self.root))
        self.assertIn(("role", Role.VIEWER, Role.ADMIN), role.diff)

    def test_reference_data_edited_in_the_admin_is_logged(self):
        country = Country.objects.get(iso_alpha2="CZ")
        url = reverse("admin:geo_country_change", args=[country.pk])
        data = {k: v for k, v in self.client.get(url).context["adminform"].form.initial.items() if v is not None}
        data["name_en"] = "Czechia (edited)"
        response = self.client.post(url, data)
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context.get("errors")
        )
        change = self.changes(country)[-1]
        self.assertEqual((change.action, change.source, change.actor), ("update", "admin", self.root))
        self.assertIn(("name_en", "Czechia", "Czechia (edited)"), change.diff)
