from datetime import date

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from amity.activities.models import Activity
from amity.awards.models import Award, AwardType, Decision, Nomination
from amity.awards.selectors import award_counts
from amity.core.testing import dashboard_page
from amity.geo.models import Country
from amity.registry.models import Organisation, Person
from amity.units.testing import make_unit_tree, make_user


class AwardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp", unit=cls.u["hai_phong"])
        cls.bn_user = make_user("bn", unit=cls.u["bac_ninh"])
        cls.certificate = AwardType.objects.get(kind="certificate")
        cls.badge = AwardType.objects.get(kind="medal")
        ceremony = Activity.objects.create(
            unit=cls.u["hai_phong"], type="commemoration", title="Đại hội", start_date=date(2023, 10, 5)
        )
        cls.decision = Decision.objects.create(
            unit=cls.u["hai_phong"],
            award_type=cls.certificate,
            number="123/QĐ-LHHN",
            decided_on=date(2023, 10, 1),
            issuing_body="Liên hiệp các tổ chức hữu nghị Việt Nam",
            ceremony=ceremony,
        )
        cls.badges = Decision.objects.create(
            unit=cls.u["hai_phong"],
            award_type=cls.badge,
            number="7/QĐ",
            decided_on=date(2024, 3, 15),
            issuing_body="Liên hiệp các tổ chức hữu nghị Việt Nam",
        )
        for i in range(2):
            org = Organisation.objects.create(unit=cls.u["hai_phong"], kind="friendship_association", name=f"Hội {i}")
            Award.objects.create(decision=cls.decision, organisation=org, origin="vietnamese")
        cls.person = Person.objects.create(unit=cls.u["hai_phong"], full_name="Nguyễn Văn A")
        Award.objects.create(decision=cls.decision, person=cls.person, origin="vietnamese")
        cls.friend = Person.objects.create(unit=cls.u["hai_phong"], full_name="Marc", kind="foreign_friend")
        Award.objects.create(decision=cls.badges, person=cls.friend, origin="foreign")
        # another province's award, invisible to Hải Phòng
        other = Decision.objects.create(
            unit=cls.u["bac_giang"],
            award_type=cls.certificate,
            number="9/QĐ",
            decided_on=date(2022, 5, 1),
            issuing_body="LHHN tỉnh Bắc Giang",
        )
        Award.objects.create(
            decision=other,
            person=Person.objects.create(unit=cls.u["bac_giang"], full_name="Người Bắc Giang"),
            origin="overseas_vietnamese",
        )

    def test_seeded_types(self):
        self.assertEqual(sorted(AwardType.objects.values_list("kind", flat=True)), ["badge", "certificate", "medal"])

    def test_counts_by_type_year_kind_and_origin(self):
        gone = Award.objects.create(decision=self.badges, person=self.person, origin="vietnamese")
        gone.delete()  # a deleted recipient counts nowhere
        counts = award_counts(user=self.editor)
        self.assertEqual(counts["total"], 4)
        self.assertEqual(counts["by_type"], [(self.certificate.name, 3), (self.badge.name, 1)])
        self.assertEqual(
            counts["by_type_and_kind"],
            [
                (self.certificate.name, {"individual": 1, "collective": 2}, 3),
                (self.badge.name, {"individual": 1, "collective": 0}, 1),
            ],
        )
        self.assertEqual([(r["label"], r["count"]) for r in counts["by_unit"]], [("Hải Phòng", 4)])
        self.assertEqual(counts["by_year"], [(2023, 3), (2024, 1)])
        self.assertEqual({c: n for c, _l, n in counts["by_kind"]}, {"individual": 2, "collective": 2})
        self.assertEqual(
            {c: n for c, _l, n in counts["by_origin"]}, {"vietnamese": 3, "foreign": 1, "overseas_vietnamese": 0}
        )
        period = award_counts(user=self.editor, start=date(2024, 1, 1), end=date(2024, 12, 31))
        self.assertEqual(period["total"], 1)
        # Bắc Ninh sees the merged Bắc Giang's award only
        self.assertEqual(award_counts(user=self.bn_user)["total"], 1)

    def test_the_dashboard_reads_the_types_and_kinds_only_with_the_same_figures(self):
        every = award_counts(user=self.editor)
        with CaptureQueriesContext(connection) as full:
            award_counts(user=self.editor)
        with CaptureQueriesContext(connection) as shown:
            counts = award_counts(user=self.editor, breakdowns=())
        for key in ("total", "by_type", "by_type_and_kind", "by_kind"):
            self.assertEqual(counts[key], every[key], key)
        self.assertEqual((counts["by_year"], counts["by_origin"], counts["by_unit"]), ([], [], []))
        self.assertLess(len(shown.captured_queries), len(full.captured_queries))
        self.client.force_login(self.editor)
        widget = self.client.get(reverse("dashboard_widgets", args=["awards"]))
        self.assertContains(widget, 'data-figure="awards">4<')

    def test_recipients_filter_asks_for_a_decision_by_number_instead_of_listing_them_all(self):
        self.client.force_login(self.editor)
        page = self.client.get(reverse("awards:award_list")).content.decode()
        select = page[page.index('<select name="decision"') :]
        select = select[: select.index("</select>")]
        self.assertIn(reverse("autocomplete", args=["awards.decision"]), select)
        self.assertEqual(select.count("<option"), 1)  # the empty choice, no option per decision
        found = self.client.get(reverse("autocomplete", args=["awards.decision"]), {"q": "7/QĐ"}).json()["results"]
        self.assertEqual([r["id"] for r in found], [self.badges.pk])
        self.client.force_login(self.bn_user)  # another province's decisions are not offered
        found = self.client.get(reverse("autocomplete", args=["awards.decision"]), {"q": "7/QĐ"}).json()["results"]
        self.assertEqual(found, [])
        filtered = self.client.get(reverse("awards:award_list"), {"decision": self.badges.pk})
        self.assertEqual(filtered.status_code, 200)

    def test_recipient_is_a_person_or_a_collective_not_both(self):
        self.client.force_login(self.editor)
        org = Organisation.objects.filter(unit=self.u["hai_phong"]).first()
        response = self.client.post(
            reverse("awards:award_add"),
            {"decision": self.decision.pk, "person": self.person.pk, "organisation": org.pk, "origin": "vietnamese"},
        )
        self.assertEqual(response.status_code, 400)
        response = self.client.post(reverse("awards:award_add"), {"decision": self.decision.pk, "origin": "vietnamese"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Award.objects.filter(decision=self.decision).count(), 3)

    def test_adding_a_recipient_does_not_approve_a_proposed_nomination(self):
        """Approving is a step of its own (administrators): a recipient cannot name a proposed nomination."""
        nomination = Nomination.objects.create(
            unit=self.u["hai_phong"],
            award_type=self.badge,
            person=self.friend,
            origin="foreign",
            proposer="Hội hữu nghị Việt Nam – Lào",
            proposed_on=date(2024, 2, 1),
            reason="Nhiều đóng góp",
        )
        self.client.force_login(self.editor)
        response = self.client.post(
            "/api/awards/recipients/",
            {"decision": self.badges.pk, "person": self.friend.pk, "origin": "foreign", "nomination": nomination.pk},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("nomination", response.json())
        nomination.refresh_from_db()
        self.assertEqual(nomination.status, "proposed")
        self.assertEqual(Award.objects.filter(decision=self.badges).count(), 1)

    def test_another_province_gets_404_in_ui_and_api(self):
        self.client.force_login(self.bn_user)
        self.assertEqual(self.client.get(self.decision.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(f"/api/awards/decisions/{self.decision.pk}/").status_code, 404)
        self.assertEqual(self.client.get("/api/awards/counts/", {"unit": self.u["hai_phong"].pk}).status_code, 404)
        self.assertEqual(self.client.get("/api/awards/counts/").json()["total"], 1)
        response = self.client.post(
            "/api/awards/recipients/",
            {"decision": self.decision.pk, "person": self.person.pk, "origin": "vietnamese"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)

    def test_counts_page_and_dashboard(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("awards:counts"))
        self.assertContains(response, 'data-figure="total">4<')
        self.assertContains(response, 'data-figure="collective">2<')
        self.assertContains(dashboard_page(self.client), 'data-figure="awards">4<')
        self.assertContains(self.client.get(self.decision.get_absolute_url()), 'data-figure="recipients">3<')

    def test_origin_must_agree_with_the_registry(self):
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("awards:award_add"), {"decision": self.badges.pk, "person": self.friend.pk, "origin": "vietnamese"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("origin", response.context["form"].errors)
        lao = Organisation.objects.create(
            unit=self.u["hai_phong"],
            kind="foreign_locality",
            name="Tỉnh Savannakhet",
            country=Country.objects.get(iso_alpha2="LA"),
        )
        response = self.client.post(
            "/api/awards/recipients/",
            {"decision": self.decision.pk, "organisation": lao.pk, "origin": "vietnamese"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("origin", response.json())
        self.assertEqual(Award.objects.filter(decision=self.badges).count(), 1)
        response = self.client.post(
            "/api/awards/recipients/",
            {"decision": self.decision.pk, "organisation": lao.pk, "origin": "foreign"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
