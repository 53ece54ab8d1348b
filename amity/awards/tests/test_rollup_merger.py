"""Award counts grouped by the unions of a day that decided: every row and the total, before the 2025
merger and today, in the selector, the API and the counts page."""

from datetime import date

from django.test import TestCase

from amity.awards.models import Award, AwardType, Decision
from amity.awards.selectors import award_counts
from amity.core.roles import Role
from amity.registry.models import Person
from amity.units.testing import BEFORE_MERGER, make_merged_unions, make_user


def rows(counts):
    return [(r["label"], r["count"]) for r in counts["by_unit"]]


class AwardRollupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = u = make_merged_unions()
        cls.central = make_user("aw-central", unit=u["vufo"], role=Role.VIEWER)
        certificate = AwardType.objects.get(kind="certificate")
        # recipients per deciding unit: BG 4 (+2 decided by its Japan association), BN 1, HD 2, HP 3
        for key, n in (("bac_giang", 4), ("bg_japan", 2), ("bac_ninh", 1), ("hai_duong", 2), ("hai_phong", 3)):
            decision = Decision.objects.create(
                unit=u[key], award_type=certificate, decided_on=date(2022, 5, 1), issuing_body="LHHN"
            )
            for i in range(n):
                person = Person.objects.create(unit=u[key], full_name=f"{key} {i}")
                Award.objects.create(decision=decision, person=person, origin="vietnamese")

    def test_grouped_by_the_unions_of_2024(self):
        counts = award_counts(user=self.central, day=BEFORE_MERGER)
        self.assertEqual(rows(counts), [("Bắc Giang", 6), ("Hải Phòng", 3), ("Hải Dương", 2), ("Bắc Ninh", 1)])
        self.assertEqual(counts["total"], 12)

    def test_grouped_by_todays_unions(self):
        counts = award_counts(user=self.central)
        self.assertEqual(rows(counts), [("Bắc Ninh", 7), ("Hải Phòng", 5)])
        self.assertEqual(counts["total"], 12)

    def test_the_api_and_the_page_take_the_day_and_refuse_a_period_ending_before_it_starts(self):
        self.client.force_login(self.central)
        body = self.client.get("/api/awards/counts/", {"day": "2024-01-01"}).json()
        self.assertEqual(
            ([(r["label"], r["count"]) for r in body["by_unit"]], body["total"]),
            (rows(award_counts(user=self.central, day=BEFORE_MERGER)), 12),
        )
        refused = self.client.get("/api/awards/counts/", {"start": "2023-01-01", "end": "2022-01-01"})
        self.assertEqual((refused.status_code, list(refused.json())), (400, ["end"]))
        page = self.client.get("/awards/counts/", {"day": "2024-01-01"}).content.decode()
        self.assertIn(
            f'<tr data-unit="{self.u["hai_duong"].pk}"><td>Hải Dương</td><td data-figure="count">2</td>', page
        )
        page = self.client.get("/awards/counts/", {"start": "2023-01-01", "end": "2022-01-01"}).content.decode()
        self.assertIn('data-error="end">', page)
