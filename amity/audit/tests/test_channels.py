"""Changes through the admin site and management commands are audited like web and API changes;
the audit trail itself cannot be changed through the admin or the API."""

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import TestCase
from django.urls import Resolver404, resolve, reverse

from amity.audit.models import ExportLog, ObjectChange
from amity.core.testing import make_unit_tree, make_user
from amity.registry.models import Organisation
from amity.units.models import Unit


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
