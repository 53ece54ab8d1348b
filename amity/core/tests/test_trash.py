"""Deleting and restoring: a deleted record's children go with it and come back with it, the
"deleted" screen of each list offers restore to those who may, and so does the API."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from amity.aid.models import AidDonor, AidItem, AidTransaction
from amity.aid.tests.factories import make_donor, make_item
from amity.audit.models import ObjectChange
from amity.core.roles import Role
from amity.core.services import model_delete, model_restore
from amity.core.testing import APIClient
from amity.plans.models import Plan, ProgressUpdate, Task, TaskGroup
from amity.union.models import Congress, ElectedBody
from amity.union.tests.factories import make_congress
from amity.units.testing import make_unit_tree, make_user


def live(model, **lookups) -> list:
    return sorted(model.objects.filter(**lookups).values_list("pk", flat=True))


class CascadeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        cls.donor = make_donor(cls.u["hai_phong"], "Kinderhilfe Deutschland")
        cls.other_donor = make_donor(cls.u["hai_phong"], "Japan Foundation")
        cls.item = make_item(
            cls.u["hai_phong"], "Xe lăn", donors=[cls.donor, cls.other_donor], committed=("150000000", "VND")
        )
        cls.payment = AidTransaction.objects.create(
            item=cls.item, kind="disbursement", amount=Decimal("50000000"), currency="VND", date=date(2020, 7, 1)
        )

    def test_deleting_an_aid_item_hides_its_transactions_and_donor_links_and_restoring_brings_them_back(self):
        before_tx, before_donors = live(AidTransaction, item=self.item), live(AidDonor, item=self.item)
        self.assertEqual(len(before_tx), 2)
        self.assertEqual(len(before_donors), 2)

        model_delete(actor=self.editor, instance=self.item)
        self.assertEqual(live(AidTransaction, item=self.item), [])
        self.assertEqual(live(AidDonor, item=self.item), [])
        self.client.force_login(self.editor)
        listed = self.client.get(reverse("aid:aidtransaction_list"))
        self.assertEqual(listed.context["table"].page.paginator.count, 0)
        self.assertEqual(self.client.get(self.payment.get_absolute_url()).status_code, 404)

        model_restore(actor=self.editor, instance=AidItem.all_objects.get(pk=self.item.pk))
        self.assertEqual(live(AidTransaction, item=self.item), before_tx)
        self.assertEqual(live(AidDonor, item=self.item), before_donors)
        self.assertEqual(self.client.get(reverse("aid:aidtransaction_list")).context["table"].page.paginator.count, 2)

    def test_a_child_deleted_on_its_own_before_stays_deleted_when_its_parent_comes_back(self):
        model_delete(actor=self.editor, instance=self.payment)
        model_delete(actor=self.editor, instance=self.item)
        model_restore(actor=self.editor, instance=AidItem.all_objects.get(pk=self.item.pk))
        self.assertEqual(len(live(AidTransaction, item=self.item)), 1)
        self.assertTrue(AidTransaction.all_objects.get(pk=self.payment.pk).is_deleted)

    def test_each_child_deleted_and_restored_with_its_parent_has_its_own_change_saying_why(self):
        model_delete(actor=self.editor, instance=self.item)
        model_restore(actor=self.editor, instance=AidItem.all_objects.get(pk=self.item.pk))
        changes = ObjectChange.objects.filter(content_type__model="aidtransaction", object_id=str(self.payment.pk))
        by_action = {c.action: c for c in changes}
        self.assertEqual(by_action["delete"].actor, self.editor)
        self.assertIn("Xe lăn", by_action["delete"].message)
        self.assertIn("Xe lăn", by_action["restore"].message)
        item_changes = ObjectChange.objects.filter(content_type__model="aiditem", object_id=str(self.item.pk))
        self.assertEqual(item_changes.get(action="delete").message, "")

    def test_a_child_deleted_with_its_parent_cannot_be_restored_alone(self):
        model_delete(actor=self.editor, instance=self.item)
        payment = AidTransaction.all_objects.get(pk=self.payment.pk)
        with self.assertRaises(ValidationError) as refused:
            model_restore(actor=self.editor, instance=payment)
        self.assertEqual(refused.exception.code, "parent_deleted")
        self.assertIn("Xe lăn", refused.exception.messages[0])
        self.assertTrue(AidTransaction.all_objects.get(pk=self.payment.pk).is_deleted)

    def test_restoring_a_record_that_is_not_deleted_is_refused(self):
        with self.assertRaises(ValidationError):
            model_restore(actor=self.editor, instance=self.item)

    def test_a_plans_task_groups_tasks_and_progress_go_and_come_back_together(self):
        unit = self.u["hai_phong"]
        plan = Plan.objects.create(unit=unit, number="56-KH/LHHN", issued_on=date(2026, 1, 5), title="Kế hoạch 2026")
        group = TaskGroup.objects.create(plan=plan, number=1, title="Đối ngoại nhân dân")
        task = Task.objects.create(
            group=group, title="Đón đoàn", responsible_unit=unit, deadline=date(2026, 12, 31), target_kind="yes_no"
        )
        ProgressUpdate.objects.create(task=task, reported_on=date(2026, 3, 1), done=False)
        model_delete(actor=self.editor, instance=plan)
        self.assertEqual((live(TaskGroup), live(Task), live(ProgressUpdate)), ([], [], []))
        model_restore(actor=self.editor, instance=Plan.all_objects.get(pk=plan.pk))
        self.assertEqual((len(live(TaskGroup)), len(live(Task)), len(live(ProgressUpdate))), (1, 1, 1))

    def test_a_congress_elected_bodies_go_with_it(self):
        congress = make_congress(self.u["hai_phong"], 5, date(2023, 1, 1), date(2028, 12, 31))
        ElectedBody.objects.create(congress=congress, kind="executive", size=35)
        model_delete(actor=self.editor, instance=congress)
        self.assertEqual(live(ElectedBody), [])
        model_restore(actor=self.editor, instance=Congress.all_objects.get(pk=congress.pk))
        self.assertEqual(len(live(ElectedBody)), 1)


class DeletedScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        cls.viewer = make_user("hp-viewer", unit=cls.u["hai_phong"], role=Role.VIEWER)
        cls.item = make_item(cls.u["hai_phong"], "Xe lăn", committed=("150000000", "VND"))
        cls.foreign = make_item(cls.u["bac_ninh"], "Máy lọc nước")
        model_delete(actor=cls.editor, instance=cls.item)
        model_delete(actor=cls.editor, instance=cls.foreign)

    def test_the_list_links_its_deleted_records_for_those_who_may_restore_only(self):
        url = reverse("aid:aiditem_deleted")
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(reverse("aid:aiditem_list")), f'href="{url}"')
        self.client.force_login(self.viewer)
        self.assertNotContains(self.client.get(reverse("aid:aiditem_list")), f'href="{url}"')
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.get(url).context["page"].paginator.count, 0)

    def test_the_deleted_screen_lists_the_units_deleted_records_with_who_deleted_them_and_restores(self):
        self.client.force_login(self.editor)
        page = self.client.get(reverse("aid:aiditem_deleted"))
        self.assertContains(page, "Xe lăn")
        self.assertContains(page, "hp-editor")
        self.assertNotContains(page, "Máy lọc nước")
        self.assertContains(page, reverse("aid:aiditem_restore", args=[self.item.pk]))
        restored = self.client.post(reverse("aid:aiditem_restore", args=[self.item.pk]))
        self.assertRedirects(restored, self.item.get_absolute_url())
        self.assertFalse(AidItem.all_objects.get(pk=self.item.pk).is_deleted)
        self.assertEqual(len(live(AidTransaction, item=self.item)), 1)

    def test_a_child_deleted_with_its_parent_shows_the_parent_it_comes_back_with(self):
        self.client.force_login(self.editor)
        page = self.client.get(reverse("aid:aidtransaction_deleted"))
        payment = AidTransaction.all_objects.get(item=self.item)
        self.assertNotContains(page, reverse("aid:aidtransaction_restore", args=[payment.pk]))
        self.assertContains(page, reverse("aid:aiditem_changelog", args=[self.item.pk]))
        refused = self.client.post(reverse("aid:aidtransaction_restore", args=[payment.pk]), follow=True)
        self.assertContains(refused, "Xe lăn")
        self.assertTrue(AidTransaction.all_objects.get(pk=payment.pk).is_deleted)

    def test_restore_from_another_unit_is_not_found(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.client.post(reverse("aid:aiditem_restore", args=[self.foreign.pk])).status_code, 404)
        self.assertTrue(AidItem.all_objects.get(pk=self.foreign.pk).is_deleted)


class RestoreApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        cls.viewer = make_user("hp-viewer", unit=cls.u["hai_phong"], role=Role.VIEWER)
        cls.outsider = make_user("bn-editor", unit=cls.u["bac_ninh"])
        cls.item = make_item(cls.u["hai_phong"], "Xe lăn", committed=("150000000", "VND"))

    def setUp(self):
        model_delete(actor=self.editor, instance=AidItem.objects.get(pk=self.item.pk))
        self.url = reverse("aid-api:aiditem-restore", args=[self.item.pk])

    def post_as(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client.post(self.url)

    def test_an_editor_restores_through_the_api_with_the_children_and_the_change_log_says_api(self):
        response = self.post_as(self.editor)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["id"], self.item.pk)
        self.assertEqual(response["ETag"], f'"{AidItem.objects.get(pk=self.item.pk).version}"')
        self.assertEqual(len(live(AidTransaction, item=self.item)), 1)
        change = ObjectChange.objects.filter(content_type__model="aiditem", object_id=str(self.item.pk)).first()
        self.assertEqual((change.action, change.source, change.actor), ("restore", "api", self.editor))

    def test_a_viewer_of_the_unit_is_forbidden_and_another_unit_gets_not_found(self):
        self.assertEqual(self.post_as(self.viewer).status_code, 403)
        self.assertEqual(self.post_as(self.outsider).status_code, 404)
        self.assertTrue(AidItem.all_objects.get(pk=self.item.pk).is_deleted)

    def test_restoring_a_live_record_or_a_child_of_a_deleted_parent_is_a_400_naming_why(self):
        self.post_as(self.editor)
        self.assertEqual(self.post_as(self.editor).status_code, 400)
        model_delete(actor=self.editor, instance=AidItem.objects.get(pk=self.item.pk))
        payment = AidTransaction.all_objects.get(item=self.item)
        client = APIClient()
        client.force_authenticate(self.editor)
        response = client.post(reverse("aid-api:aidtransaction-restore", args=[payment.pk]))
        self.assertEqual(response.status_code, 400)
        self.assertIn("Xe lăn", response.json()["non_field_errors"][0])

    def test_every_viewset_documents_restore_in_the_schema(self):
        client = APIClient()
        client.force_authenticate(self.editor)
        schema = client.get(reverse("api-schema"), {"format": "json"}).json()
        restores = [path for path in schema["paths"] if path.endswith("/restore/")]
        self.assertIn("/api/aid/items/{id}/restore/", restores)
        self.assertGreaterEqual(len(restores), 40)
        operation = schema["paths"]["/api/aid/items/{id}/restore/"]["post"]
        self.assertEqual(sorted(operation["responses"]), ["200", "400", "403", "404"])
