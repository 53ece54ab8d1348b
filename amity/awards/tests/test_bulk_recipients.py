"""Several recipients added to one decision at once: all or nothing, with the bad rows named."""

from datetime import date

from django.test import TestCase
from django.urls import reverse

from amity.awards.models import Award, AwardType, Decision
from amity.core.roles import Role
from amity.core.testing import APIClient
from amity.geo.models import Country
from amity.registry.models import Organisation, Person
from amity.units.testing import make_unit_tree, make_user


class BulkRecipientsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        hp = cls.u["hai_phong"]
        cls.editor = make_user("hp-editor", unit=hp)
        cls.viewer = make_user("hp-viewer", unit=hp, role=Role.VIEWER)
        cls.decision = Decision.objects.create(
            unit=hp,
            award_type=AwardType.objects.get(kind="certificate"),
            number="45/QĐ-LHHN",
            decided_on=date(2024, 10, 1),
            issuing_body="LHHN TP Hải Phòng",
        )
        cls.member = Person.objects.create(unit=hp, full_name="Trần Thị Lan", kind="member")
        cls.friend = Person.objects.create(unit=hp, full_name="Somchai Vongsa", kind="foreign_friend")
        cls.overseas = Person.objects.create(unit=hp, full_name="Phạm Văn Hùng", kind="overseas_vietnamese")
        cls.association = Organisation.objects.create(unit=hp, kind="friendship_association", name="Hội VN–Lào HP")
        cls.lao = Organisation.objects.create(
            unit=hp, kind="foreign_locality", name="Tỉnh Champasak", country=Country.objects.get(iso_alpha2="LA")
        )
        cls.bg_person = Person.objects.create(unit=cls.u["bac_giang"], full_name="Người Bắc Giang")

    def post_api(self, rows, user=None):
        client = APIClient()
        client.force_authenticate(user or self.editor)
        return client.post(
            f"/api/awards/decisions/{self.decision.pk}/add-recipients/", {"recipients": rows}, format="json"
        )

    def test_screen_adds_people_and_collectives_with_the_registry_origin(self):
        self.client.force_login(self.editor)
        url = reverse("awards:decision_recipients_add", args=[self.decision.pk])
        form = self.client.get(url).context["form"]
        self.assertNotIn(self.bg_person, form.fields["people"].queryset)  # another province's people are not offered
        response = self.client.post(
            url,
            {
                "people": [self.member.pk, self.friend.pk, self.overseas.pk],
                "organisations": [self.association.pk, self.lao.pk],
                "citation": "Đã có thành tích xuất sắc",
            },
        )
        self.assertRedirects(response, self.decision.get_absolute_url())
        got = {
            (str(a.recipient), a.recipient_kind, a.origin)
            for a in Award.objects.filter(decision=self.decision, citation="Đã có thành tích xuất sắc")
        }
        self.assertEqual(
            got,
            {
                ("Trần Thị Lan", "individual", "vietnamese"),
                ("Somchai Vongsa", "individual", "foreign"),
                ("Phạm Văn Hùng", "individual", "overseas_vietnamese"),
                ("Hội VN–Lào HP", "collective", "vietnamese"),
                ("Tỉnh Champasak", "collective", "foreign"),
            },
        )
        self.assertContains(self.client.get(self.decision.get_absolute_url()), 'data-figure="recipients">5<')

    def test_one_bad_row_writes_nothing_and_is_named(self):
        Award.objects.create(decision=self.decision, person=self.member, origin="vietnamese")
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("awards:decision_recipients_add", args=[self.decision.pk]),
            {"people": [self.member.pk, self.friend.pk], "organisations": [self.lao.pk], "origin": "vietnamese"},
        )
        self.assertEqual(response.status_code, 400)
        errors = response.context["form"].non_field_errors()
        # row 1 is already a recipient; row 2 (a foreign friend) and row 3 (registered in Laos) are not Vietnamese
        self.assertEqual(len(errors), 3, errors)
        for name in ("Trần Thị Lan", "Somchai Vongsa", "Tỉnh Champasak"):
            self.assertEqual(len([e for e in errors if name in e]), 1, (name, errors))
        self.assertEqual(Award.objects.filter(decision=self.decision).count(), 1)

    def test_api_all_or_nothing(self):
        response = self.post_api(
            [
                {"person": self.member.pk},
                {"organisation": self.lao.pk, "origin": "vietnamese"},
                {"person": self.member.pk},
            ]
        )
        self.assertEqual(response.status_code, 400, response.content)
        messages = response.json()["recipients"]
        self.assertEqual(len(messages), 2, messages)
        self.assertIn("Tỉnh Champasak", messages[0])  # row 2: registered in Laos, not Vietnamese
        self.assertIn("Trần Thị Lan", messages[1])  # row 3: named twice
        self.assertFalse(Award.objects.exists())
        response = self.post_api(
            [{"person": self.friend.pk, "citation": "Bạn của Hải Phòng"}, {"organisation": self.lao.pk}]
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            [(r["origin"], r["recipient_kind"]) for r in response.json()],
            [("foreign", "individual"), ("foreign", "collective")],
        )
        self.assertEqual(Award.objects.filter(decision=self.decision).count(), 2)

    def test_out_of_scope_people_and_decisions_and_viewers_are_refused(self):
        response = self.post_api([{"person": self.friend.pk}, {"person": self.bg_person.pk}])
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.json()["recipients"]), ["1"])  # the second row, by its index
        self.assertIn("person", response.json()["recipients"]["1"])
        self.assertEqual(self.post_api([{"person": self.friend.pk}], user=self.viewer).status_code, 404)
        bn = make_user("bn-editor", unit=self.u["bac_ninh"])
        self.assertEqual(self.post_api([{"person": self.friend.pk}], user=bn).status_code, 404)
        self.client.force_login(bn)
        url = reverse("awards:decision_recipients_add", args=[self.decision.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.post_api([]).status_code, 400)
        self.assertEqual(self.post_api([{}]).status_code, 400)
        self.assertFalse(Award.objects.exists())
