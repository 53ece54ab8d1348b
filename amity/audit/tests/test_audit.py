from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.test import TestCase

from amity.audit.models import ObjectChange
from amity.core.context import Source, change_context
from amity.core.services import ConflictError, model_create, model_delete, model_restore, model_update
from amity.registry.models import Organisation
from amity.units.testing import make_unit_tree, make_user


class AuditTrailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.user = make_user("editor", unit=cls.u["hai_phong"])

    def changes(self, obj):
        ct = ContentType.objects.get_for_model(Organisation)
        return list(ObjectChange.objects.filter(content_type=ct, object_id=str(obj.pk)).order_by("pk"))

    def test_create_update_delete_restore_are_logged_with_before_and_after(self):
        with change_context(actor=self.user, source=Source.IMPORT):
            org = model_create(model=Organisation, data={"unit": self.u["hai_phong"], "kind": "other", "name": "Hội A"})
            model_update(instance=org, data={"name": "Hội B"}, expected_version=org.version)
            model_delete(instance=org)
            model_restore(actor=self.user, instance=org)
        log = self.changes(org)
        self.assertEqual([c.action for c in log], ["create", "update", "delete", "restore"])
        self.assertEqual(log[1].diff, [("name", "Hội A", "Hội B")])
        self.assertEqual({c.actor_name for c in log}, {"editor"})
        self.assertEqual({c.source for c in log}, {"import"})
        self.assertEqual(log[0].unit, self.u["hai_phong"])
        self.assertTrue(Organisation.objects.filter(pk=org.pk).exists())

    def test_change_without_context_is_logged_as_system(self):
        org = Organisation.objects.create(unit=self.u["hai_phong"], kind="other", name="X")
        (change,) = self.changes(org)
        self.assertEqual((change.source, change.actor), ("system", None))

    def test_second_of_two_concurrent_edits_is_refused(self):
        org = Organisation.objects.create(unit=self.u["hai_phong"], kind="other", name="Original")
        loaded_version = org.version
        first = Organisation.objects.get(pk=org.pk)
        second = Organisation.objects.get(pk=org.pk)
        model_update(instance=first, data={"name": "First"}, expected_version=loaded_version)
        with self.assertRaises(ConflictError):
            model_update(instance=second, data={"name": "Second"}, expected_version=loaded_version)
        self.assertEqual(Organisation.objects.get(pk=org.pk).name, "First")

    def test_audit_log_cannot_be_changed_or_deleted(self):
        org = Organisation.objects.create(unit=self.u["hai_phong"], kind="other", name="X")
        change = self.changes(org)[0]
        change.message = "tampered"
        with self.assertRaises(PermissionDenied):
            change.save()
        with self.assertRaises(PermissionDenied):
            change.delete()
        with self.assertRaises(PermissionDenied):
            ObjectChange.objects.filter(pk=change.pk).update(message="tampered")
        with self.assertRaises(PermissionDenied):
            ObjectChange.objects.all().delete()
