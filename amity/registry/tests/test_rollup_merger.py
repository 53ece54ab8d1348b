"""Registry figures by the union of a day: every row and the total, before the 2025 merger and today;
a union's member associations and members only, never a foreign partner's or the union's own total."""

from datetime import date

from django.test import TestCase

from amity.core.roles import Role
from amity.registry.models import Agreement, Organisation
from amity.registry.selectors import registry_figures
from amity.registry.tests.factories import counts_not_members
from amity.units.testing import BEFORE_MERGER, make_merged_unions, make_user


def rows(figures, key="by_unit", *names):
    return [(r["label"], *(r[n] for n in names or ("count",))) for r in figures[key]]


class RegistryRollupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = u = make_merged_unions()
        cls.central = make_user("reg-central", unit=u["vufo"], role=Role.VIEWER)
        for key, associations, others, members in (
            ("bac_giang", 8, 0, 750),
            ("bg_japan", 1, 0, 0),
            ("bac_ninh", 2, 3, 100),
            ("hai_duong", 1, 0, 50),
            ("hai_phong", 3, 1, 200),
        ):
            for i in range(associations):
                Organisation.objects.create(
                    unit=u[key], name=f"{key} a{i}", kind="friendship_association", member_count=members
                )
            for i in range(others):
                Organisation.objects.create(unit=u[key], name=f"{key} o{i}", kind="other")
        for key, signed in (
            ("bac_giang", date(2019, 5, 1)),
            ("hai_duong", date(2020, 3, 1)),
            ("hai_phong", date(2021, 1, 1)),
        ):
            Agreement.objects.create(unit=u[key], kind="mou", title=f"MOU {key}", signed_on=signed)
        counts_not_members(u)

    def figures(self, day=None):
        return registry_figures(user=self.central, start=date(2018, 1, 1), end=date(2023, 12, 31), day=day)

    def test_grouped_by_the_unions_of_2024(self):
        figures = self.figures(BEFORE_MERGER)
        # organisations, member associations (Vietnamese), their members: Bắc Giang's Japan–Vietnam
        # association, Hải Phòng's NGO and Korean association, Bắc Ninh's counted branch and Hải
        # Dương's own total are organisations, not associations nor members; Hải Phòng's branch of
        # an association without a count is (20)
        self.assertEqual(
            rows(figures, "by_unit", "count", "associations", "members"),
            [
                ("Bắc Giang", 10, 9, 6000),
                ("Hải Phòng", 8, 4, 620),
                ("Bắc Ninh", 6, 2, 200),
                ("Hải Dương", 2, 1, 50),
                ("VUFO", 1, 0, 0),
            ],
        )
        self.assertEqual(rows(figures, "agreements_by_unit"), [("Bắc Giang", 1), ("Hải Dương", 1), ("Hải Phòng", 1)])
        self.assertEqual(
            (figures["organisations"], figures["associations"], figures["members"], figures["agreements"]),
            (27, 16, 6870, 3),  # the central union's Chinese partner is an organisation only
        )

    def test_grouped_by_todays_unions(self):
        figures = self.figures()
        self.assertEqual(
            rows(figures, "by_unit", "count", "associations", "members"),
            [("Bắc Ninh", 16, 11, 6200), ("Hải Phòng", 10, 5, 670), ("VUFO", 1, 0, 0)],
        )
        self.assertEqual(rows(figures, "agreements_by_unit"), [("Hải Phòng", 2), ("Bắc Ninh", 1)])
        self.assertEqual((figures["organisations"], figures["associations"], figures["members"]), (27, 16, 6870))
        bac_ninh = registry_figures(user=self.central, unit=self.u["bac_ninh"])
        self.assertEqual((bac_ninh["organisations"], bac_ninh["associations"], bac_ninh["members"]), (16, 11, 6200))

    def test_the_api_takes_the_day_and_refuses_a_period_ending_before_it_starts(self):
        self.client.force_login(self.central)
        body = self.client.get(
            "/api/registry/figures/", {"start": "2018-01-01", "end": "2023-12-31", "day": "2024-01-01"}
        ).json()
        self.assertEqual([(r["label"], r["count"]) for r in body["by_unit"]], rows(self.figures(BEFORE_MERGER)))
        refused = self.client.get("/api/registry/figures/", {"start": "2024-01-01", "end": "2023-12-31"})
        self.assertEqual((refused.status_code, list(refused.json())), (400, ["end"]))
