"""The national roll-up report grouped by the units of a day: every row and the total, before the
2025 merger and today (a merged-away union once counted twice: in its own row and its successor's)."""

from datetime import date

from django.test import TestCase
from django.utils import translation

from amity.core.roles import Role
from amity.plans.models import Plan
from amity.registry.models import Agreement, Organisation
from amity.reports import services
from amity.reports.choices import ReportKind
from amity.reports.content import build_document
from amity.units.testing import BEFORE_MERGER, make_merged_unions, make_user

ASSOCIATION = "friendship_association"


class RollupReportAcrossTheMergerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = u = make_merged_unions()
        cls.central = make_user("vufo-rollup", unit=u["vufo"], role=Role.ADMIN)

        def orgs(unit, associations, members, others=0):
            for i in range(associations):
                Organisation.objects.create(unit=unit, name=f"{unit.pk} a{i}", kind=ASSOCIATION, member_count=members)
            for i in range(others):
                Organisation.objects.create(unit=unit, name=f"{unit.pk} o{i}", kind="other")

        # Bắc Giang: 9 associations of ~667 members (6,000), one of them kept by its Japan association
        orgs(u["bac_giang"], 8, 750)
        orgs(u["bg_japan"], 1, 0)
        orgs(u["bac_ninh"], 2, 100, others=3)
        orgs(u["hai_duong"], 1, 50)
        orgs(u["hai_phong"], 3, 200, others=1)
        orgs(u["vufo"], 1, 10)  # the central union's own: no province's row
        for unit, signed in (
            (u["bac_giang"], date(2019, 5, 1)),
            (u["hai_duong"], date(2020, 3, 1)),
            (u["hai_phong"], date(2021, 1, 1)),
            (u["hai_phong"], date(2024, 6, 1)),  # after the period
        ):
            Agreement.objects.create(unit=unit, kind="mou", title=f"MOU {unit.pk} {signed}", signed_on=signed)
        Plan.objects.create(unit=u["bac_giang"], number="56-KH/TU", issued_on=date(2022, 5, 23), title="Kế hoạch 56")
        Plan.objects.create(unit=u["hai_phong"], number="12-KH/LH", issued_on=date(2022, 3, 1), title="Kế hoạch 12")

    def table(self, day):
        report = services.report_create(
            actor=self.central,
            data={
                "unit": self.u["vufo"],
                "kind": ReportKind.ROLLUP,
                "title": "Tổng hợp",
                "rollup_on": day,
                "period_start": date(2018, 1, 1),
                "period_end": date(2023, 12, 31),
            },
        )
        with translation.override("en"):
            document = build_document(report=report, user=self.central, charts=False)
        section = next(s for s in document.sections if s.content.key == "rollup")
        figures = {f.label: f.value for f in section.content.figures}
        return [row[:1] + row[2:] for row in section.content.tables[0].rows], figures

    def test_grouped_by_the_units_of_2024_each_union_has_one_row_and_the_total_is_their_sum(self):
        rows, figures = self.table(BEFORE_MERGER)
        # province, organisations, friendship associations, members, agreements signed, plans
        self.assertEqual(
            rows,
            [
                ["Bắc Giang", 9, 9, 6000, 1, 1],
                ["Bắc Ninh", 5, 2, 200, 0, 0],
                ["Hải Dương", 1, 1, 50, 1, 0],
                ["Hải Phòng", 4, 3, 600, 1, 1],
                ["Total", 19, 15, 6850, 3, 2],
            ],
        )
        self.assertEqual(figures["Organisations in the records"], 19)
        self.assertEqual(figures["Members"], 6850)
        self.assertEqual(figures["Agreements signed in the period"], 3)

    def test_grouped_by_todays_units_merged_unions_count_once_in_their_successors_row(self):
        rows, figures = self.table(None)
        self.assertEqual(
            rows,
            [
                ["Bắc Ninh", 14, 11, 6200, 1, 1],
                ["Hải Phòng", 5, 4, 650, 2, 1],
                ["Total", 19, 15, 6850, 3, 2],
            ],
        )
        self.assertEqual((figures["Organisations in the records"], figures["Members"]), (19, 6850))
