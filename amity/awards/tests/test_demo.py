"""The seed articles' award figures, computed by the selector the counts page, the dashboard and the API use."""

from datetime import date

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from amity.audit.models import ObjectChange
from amity.awards import demo
from amity.awards.selectors import award_counts
from amity.core.demo import DemoContext
from amity.units import demo as units_demo

CERTIFICATE = "Bằng khen của Liên hiệp các tổ chức hữu nghị Việt Nam"
MEDAL = "Kỷ niệm chương “Vì hòa bình, hữu nghị giữa các dân tộc”"


class AwardDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ctx = DemoContext()
        units_demo.load(cls.ctx)
        demo.load(cls.ctx)
        cls.users = {u.username: u for u in get_user_model().objects.all()}

    def test_phu_tho_certificates_to_4_collectives_and_6_individuals_badges_to_8(self):
        counts = award_counts(
            user=self.users["phutho-editor"],
            unit=self.ctx.units["phu_tho"],
            start=date(2018, 1, 1),
            end=date(2023, 12, 31),
        )
        self.assertEqual(
            counts["by_type_and_kind"],
            [(CERTIFICATE, {"individual": 6, "collective": 4}, 10), (MEDAL, {"individual": 8, "collective": 0}, 8)],
        )
        self.assertEqual(counts["total"], 18)

    def test_national_roll_up_counts_the_foreign_friends(self):
        counts = award_counts(user=self.users["vufo-admin"], start=date(2024, 1, 1), end=date(2024, 12, 31))
        self.assertEqual(counts["by_type_and_kind"], [(MEDAL, {"individual": 3, "collective": 0}, 3)])
        self.assertEqual({code: n for code, _label, n in counts["by_origin"]}["foreign"], 3)
        everything = award_counts(user=self.users["vufo-admin"])
        self.assertEqual((everything["total"], dict(everything["by_year"])), (21, {2018: 18, 2024: 3}))

    def test_counts_page_and_api_show_the_cross_table(self):
        self.client.force_login(self.users["phutho-editor"])
        page = self.client.get(reverse("awards:counts"), {"start": "2018-01-01", "end": "2023-12-31"})
        self.assertContains(page, 'data-figure="type1-individual">6<')
        self.assertContains(page, 'data-figure="type1-collective">4<')
        self.assertContains(page, 'data-figure="type2-individual">8<')
        api = self.client.get("/api/awards/counts/", {"start": "2018-01-01", "end": "2023-12-31"}).json()
        self.assertEqual(
            [(r["award_type"], r["by_kind"], r["count"]) for r in api["by_type"]],
            [(CERTIFICATE, {"individual": 6, "collective": 4}, 10), (MEDAL, {"individual": 8, "collective": 0}, 8)],
        )

    def test_reload_changes_nothing(self):
        before = ObjectChange.objects.count()
        demo.load(self.ctx)
        self.assertEqual(ObjectChange.objects.count(), before)
