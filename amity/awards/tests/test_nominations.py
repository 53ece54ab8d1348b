"""The nomination workflow: approve with a decision, reject with a reason, withdraw; who may do which."""

from datetime import date

from django.test import TestCase
from django.urls import reverse

from amity.audit.models import ObjectChange
from amity.awards.models import Award, AwardType, Decision, Nomination
from amity.core.roles import Role
from amity.core.testing import APIClient
from amity.registry.models import Organisation, Person
from amity.units.testing import make_unit_tree, make_user


class NominationWorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        hp = cls.u["hai_phong"]
        cls.admin = make_user("hp-admin", unit=hp, role=Role.ADMIN)
        cls.editor = make_user("hp-editor", unit=hp, role=Role.EDITOR)
        cls.viewer = make_user("hp-viewer", unit=hp, role=Role.VIEWER)
        cls.bn_admin = make_user("bn-admin", unit=cls.u["bac_ninh"], role=Role.ADMIN)
        cls.medal = AwardType.objects.get(kind="medal")
        cls.certificate = AwardType.objects.get(kind="certificate")
        cls.friend = Person.objects.create(unit=hp, full_name="Marc Dupont", kind="foreign_friend")
        cls.medals = Decision.objects.create(
            unit=hp, award_type=cls.medal, number="15/QĐ", decided_on=date(2024, 5, 1), issuing_body="LHHN Việt Nam"
        )
        cls.certificates = Decision.objects.create(
            unit=hp, award_type=cls.certificate, number="16/QĐ", decided_on=date(2024, 5, 1), issuing_body="LHHN"
        )

    def setUp(self):
        self.nomination = Nomination.objects.create(
            unit=self.u["hai_phong"],
            award_type=self.medal,
            person=self.friend,
            origin="foreign",
            proposer="Hội hữu nghị Việt Nam – Pháp TP Hải Phòng",
            proposed_on=date(2024, 3, 1),
            reason="Hai mươi năm vận động viện trợ",
        )

    def api(self, user, move, data):
        client = APIClient()
        client.force_authenticate(user)
        return client.post(f"/api/awards/nominations/{self.nomination.pk}/{move}/", data, format="json")

    def events(self):
        return list(
            ObjectChange.objects.filter(object_id=str(self.nomination.pk), action="event")
            .filter(content_type__model="nomination")
            .values_list("event", "actor_name", "message")
        )

    def assert_unchanged(self):
        fresh = Nomination.objects.get(pk=self.nomination.pk)
        self.assertEqual((fresh.status, fresh.version), ("proposed", self.nomination.version))
        self.assertEqual(self.events(), [])

    def test_admin_approves_with_a_decision_the_nominee_becomes_its_recipient(self):
        response = self.api(self.admin, "approve", {"decision": self.medals.pk, "citation": "Vì hòa bình"})
        self.assertEqual(response.status_code, 200, response.content)
        award = Award.objects.get(pk=response.json()["award"])
        self.assertEqual(
            (award.decision, award.person, award.origin, award.nomination, award.citation),
            (self.medals, self.friend, "foreign", self.nomination, "Vì hòa bình"),
        )
        self.assertEqual(response.json()["nomination"]["status"], "approved")
        self.nomination.refresh_from_db()
        self.assertEqual(self.nomination.status_since, date.today())
        self.assertEqual(self.events(), [("award.nomination_approved", "hp-admin", "")])
        # a second approval (a double click) is refused and adds no second recipient
        response = self.api(self.admin, "approve", {"decision": self.medals.pk})
        self.assertEqual(response.status_code, 400)
        self.assertIn("status", response.json())
        self.assertEqual(Award.objects.filter(nomination=self.nomination).count(), 1)

    def test_decision_of_another_award_type_is_refused(self):
        response = self.api(self.admin, "approve", {"decision": self.certificates.pk})
        self.assertEqual(response.status_code, 400)
        self.assertIn("decision", response.json())
        self.assert_unchanged()
        self.assertFalse(Award.objects.exists())

    def test_reject_needs_a_reason_and_keeps_it(self):
        for data in ({}, {"reason": "   "}):
            response = self.api(self.admin, "reject", data)
            self.assertEqual(response.status_code, 400)
            self.assertEqual(list(response.json()), ["reason"])
        self.assert_unchanged()
        response = self.api(self.admin, "reject", {"reason": "Chưa đủ thời gian công tác"})
        self.assertEqual(response.status_code, 200, response.content)
        self.nomination.refresh_from_db()
        self.assertEqual(
            (self.nomination.status, self.nomination.status_reason), ("rejected", "Chưa đủ thời gian công tác")
        )
        self.assertEqual(self.events(), [("award.nomination_rejected", "hp-admin", "Chưa đủ thời gian công tác")])

    def test_approving_a_withdrawn_nomination_is_a_field_error_and_writes_nothing(self):
        response = self.api(self.editor, "withdraw", {"reason": "Đề nghị lại năm sau"})
        self.assertEqual(response.status_code, 200, response.content)
        changes = ObjectChange.objects.count()
        for move, data in (("approve", {"decision": self.medals.pk}), ("reject", {"reason": "x"}), ("withdraw", {})):
            response = self.api(self.admin, move, data)
            self.assertEqual(response.status_code, 400, move)
            self.assertEqual(list(response.json()), ["status"], move)
        self.assertEqual(ObjectChange.objects.count(), changes)
        self.assertFalse(Award.objects.exists())
        self.nomination.refresh_from_db()
        self.assertEqual(self.nomination.status, "withdrawn")

    def test_roles_editor_withdraws_only_viewer_nothing_other_province_not_found(self):
        for move, data in (("approve", {"decision": self.medals.pk}), ("reject", {"reason": "x"})):
            self.assertEqual(self.api(self.editor, move, data).status_code, 403, move)
        for move, data in (("approve", {"decision": self.medals.pk}), ("reject", {"reason": "x"}), ("withdraw", {})):
            self.assertEqual(self.api(self.viewer, move, data).status_code, 403, move)
            self.assertEqual(self.api(self.bn_admin, move, data).status_code, 404, move)
        self.assert_unchanged()
        self.assertFalse(Award.objects.exists())

    def test_status_cannot_be_set_by_editing(self):
        client = APIClient()
        client.force_authenticate(self.editor)
        response = client.patch(f"/api/awards/nominations/{self.nomination.pk}/", {"status": "approved"}, format="json")
        self.assertEqual(response.status_code, 200)
        self.nomination.refresh_from_db()
        self.assertEqual(self.nomination.status, "proposed")
        self.client.force_login(self.editor)
        form = self.client.get(reverse("awards:nomination_edit", args=[self.nomination.pk])).context["form"]
        self.assertNotIn("status", form.fields)

    def test_screen_offers_the_moves_of_the_role_and_applies_them(self):
        url = self.nomination.get_absolute_url()
        approve = reverse("awards:nomination_approve", args=[self.nomination.pk])
        reject = reverse("awards:nomination_reject", args=[self.nomination.pk])
        withdraw = reverse("awards:nomination_withdraw", args=[self.nomination.pk])
        self.client.force_login(self.editor)
        page = self.client.get(url)
        self.assertNotContains(page, approve)
        self.assertContains(page, withdraw)
        self.assertEqual(self.client.get(approve).status_code, 403)
        self.client.force_login(self.admin)
        page = self.client.get(url)
        for link in (approve, reject, withdraw):
            self.assertContains(page, link)
        # only decisions conferring the proposed award are offered
        choices = list(self.client.get(approve).context["form"].fields["decision"].queryset)
        self.assertEqual(choices, [self.medals])
        response = self.client.post(reject, {"reason": ""})
        self.assertEqual(response.status_code, 400)
        self.assertIn("reason", response.context["form"].errors)
        self.assert_unchanged()
        response = self.client.post(approve, {"decision": self.medals.pk, "citation": ""})
        self.assertRedirects(response, url)
        page = self.client.get(url)
        self.assertContains(page, 'data-figure="status">')
        self.assertContains(page, self.medals.get_absolute_url())
        self.assertNotContains(page, reject)
        self.assertEqual(Award.objects.get().nomination, self.nomination)

    def test_collective_nomination_from_the_merged_province_is_decided_by_the_successor(self):
        org = Organisation.objects.create(
            unit=self.u["bac_giang"], kind="friendship_association", name="Hội VN–Nhật BG"
        )
        old = Nomination.objects.create(
            unit=self.u["bac_giang"],
            award_type=self.certificate,
            organisation=org,
            origin="vietnamese",
            proposer="LHHN tỉnh Bắc Giang",
            proposed_on=date(2025, 3, 1),
            reason="Đóng góp",
        )
        client = APIClient()
        client.force_authenticate(self.bn_admin)
        response = client.post(f"/api/awards/nominations/{old.pk}/reject/", {"reason": "Đã sáp nhập"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        client.force_authenticate(self.admin)
        response = client.post(f"/api/awards/nominations/{old.pk}/withdraw/", {}, format="json")
        self.assertEqual(response.status_code, 404)
