from django.test import TestCase
from django.urls import reverse

from amity.audit.models import ObjectChange
from amity.core.testing import make_unit_tree, make_user
from amity.registry.models import Organisation
from amity.units.choices import Role


class ChangeLogScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        Organisation.objects.create(unit=cls.u["hai_phong"], kind="other", name="Hội Hải Phòng")
        Organisation.objects.create(unit=cls.u["bac_giang"], kind="other", name="Hội Bắc Giang")

    def test_auditor_sees_changes_of_own_subtree_only(self):
        self.client.force_login(make_user("aud", unit=self.u["hai_phong"], role=Role.AUDITOR))
        response = self.client.get(reverse("audit:objectchange_list"))
        self.assertContains(response, "Hội Hải Phòng")
        self.assertNotContains(response, "Hội Bắc Giang")
        foreign = ObjectChange.objects.get(object_repr="Hội Bắc Giang")
        self.assertEqual(self.client.get(reverse("audit:objectchange_detail", args=[foreign.pk])).status_code, 404)

    def test_editor_has_no_change_log(self):
        self.client.force_login(make_user("ed", unit=self.u["hai_phong"], role=Role.EDITOR))
        response = self.client.get(reverse("audit:objectchange_list"))
        self.assertNotContains(response, "Hội Hải Phòng")
