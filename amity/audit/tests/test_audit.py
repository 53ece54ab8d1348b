from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import ProtectedError
from django.test import TestCase

from amity.audit.models import ObjectChange
from amity.core.context import Source, change_context
from amity.core.services import ConflictError, model_create, model_delete, model_restore, model_update
from amity.registry.models import Organisation
from amity.units.models import Unit
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


class ChangeLogKeysTests(TestCase):
    """The change log's user, unit and record type have no database constraint (migration 0005):
    the keys it is written with name records, and deleting those does to the log what the
    constraints' ``on_delete`` did."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.user = make_user("editor", unit=cls.u["hai_phong"])

    def changes(self, org):
        return ObjectChange.objects.filter(content_type__model="organisation", object_id=str(org.pk))

    def test_every_change_names_an_existing_user_unit_and_record_type(self):
        with change_context(actor=self.user, source=Source.WEB):
            org = model_create(model=Organisation, data={"unit": self.u["hai_phong"], "kind": "other", "name": "Hội A"})
            model_update(instance=org, data={"name": "Hội B"}, expected_version=org.version)
        log = self.changes(org)
        self.assertEqual(log.count(), 2)
        for keys in log.values("actor_id", "unit_id", "content_type_id"):
            self.assertTrue(get_user_model().objects.filter(pk=keys["actor_id"]).exists())
            self.assertTrue(Unit.objects.filter(pk=keys["unit_id"]).exists())
            self.assertTrue(ContentType.objects.filter(pk=keys["content_type_id"]).exists())

    def test_a_deleted_user_leaves_changes_with_its_name_and_no_key(self):
        gone = make_user("leaving", unit=self.u["hai_phong"])
        with change_context(actor=gone, source=Source.WEB):
            org = Organisation.objects.create(unit=self.u["hai_phong"], kind="other", name="X")
        gone.delete()
        (change,) = self.changes(org)
        self.assertEqual((change.actor_id, change.actor_name), (None, "leaving"))

    def test_a_deleted_unit_leaves_its_changes_without_a_unit(self):
        branch = Unit.objects.create(name="Chi hội tạm", kind=self.u["hai_phong"].kind, parent=self.u["hai_phong"])
        with change_context(actor=self.user, source=Source.WEB):
            org = Organisation.objects.create(unit=branch, kind="other", name="X")
            (org_change,) = self.changes(org)
            Organisation.all_objects.get(pk=org.pk).hard_delete()  # removed for good, not marked deleted
        Unit.all_objects.get(pk=branch.pk).hard_delete()
        org_change = ObjectChange.objects.get(pk=org_change.pk)
        self.assertIsNone(org_change.unit_id)

    def test_a_record_type_with_changes_cannot_be_deleted(self):
        Organisation.objects.create(unit=self.u["hai_phong"], kind="other", name="X")
        with self.assertRaises(ProtectedError):
            ContentType.objects.get_for_model(Organisation).delete()


class ChangeLogIndexesTests(TestCase):
    def test_the_request_id_is_not_indexed_and_the_indexes_read_stay(self):
        """Migration 0006: nothing looks changes up by their request; the record's history, the log's
        order, a deleted user's or unit's changes and the units' log are still found by index."""
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, ObjectChange._meta.db_table)
        indexed = {tuple(c["columns"]) for c in constraints.values() if c["index"] and not c["primary_key"]}
        self.assertNotIn(("request_id",), indexed)
        for columns in [("content_type_id", "object_id"), ("time",), ("actor_id",), ("unit_id",)]:
            self.assertIn(columns, indexed)
