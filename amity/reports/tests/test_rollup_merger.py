"""The national roll-up report grouped by the units of a day: every row and the total, before the
2025 merger and today (a merged-away union once counted twice: in its own row and its successor's).
Member associations and members are the unions' own (``registry.querysets``): foreign friendship
associations, a foreign NGO and a union's own total, all with member counts, are organisations only."""

from datetime import date

from django.test import TestCase
from django.utils import translation

from amity.core.roles import Role
from amity.core.text import vietnamese_order
from amity.plans.models import Plan
from amity.registry.models import Agreement, Organisation
from amity.registry.tests.factories import counts_not_members
from amity.reports import services
from amity.reports.choices import ReportKind
from amity.reports.content import build_document
from amity.units.testing import BEFORE_MERGER, make_merged_unions, make_user

ASSOCIATION = "friendship_association"


class MergedUnionsRecords(TestCase):
    """Associations, agreements and plans of the unions merged in 2025, and one of the central union's."""

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
        counts_not_members(u)


class RollupReportAcrossTheMergerTests(MergedUnionsRecords):
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
                ["Bắc Giang", 10, 9, 6000, 1, 1],
                ["Bắc Ninh", 6, 2, 200, 0, 0],
                ["Hải Dương", 2, 1, 50, 1, 0],
                ["Hải Phòng", 8, 4, 620, 1, 1],
                ["Total", 26, 16, 6870, 3, 2],
            ],
        )
        self.assertEqual(figures["Organisations in the records"], 26)
        self.assertEqual(figures["Members"], 6870)
        self.assertEqual(figures["Agreements signed in the period"], 3)

    def test_grouped_by_todays_units_merged_unions_count_once_in_their_successors_row(self):
        rows, figures = self.table(None)
        self.assertEqual(
            rows,
            [
                ["Bắc Ninh", 16, 11, 6200, 1, 1],
                ["Hải Phòng", 10, 5, 670, 2, 1],
                ["Total", 26, 16, 6870, 3, 2],
            ],
        )
        self.assertEqual((figures["Organisations in the records"], figures["Members"]), (26, 6870))


class CentralReportByProvinceTests(MergedUnionsRecords):
    """The central union's activity reports count the provinces' associations, agreements and plans by
    the provinces of the period's last day and lists only its own; the totals are the figures."""

    def sections(self, end):
        report = services.report_create(
            actor=self.central,
            data={
                "unit": self.u["vufo"],
                "kind": ReportKind.ANNUAL,
                "title": "Báo cáo",
                "period_start": date(2018, 1, 1),
                "period_end": end,
            },
        )
        with translation.override("en"):
            document = build_document(report=report, user=self.central, charts=False)
        return {s.content.key: s.content for s in document.sections}

    def test_before_the_merger_each_province_has_its_row_and_the_total_is_the_figure(self):
        sections = self.sections(date(2023, 12, 31))
        associations = sections["associations"]
        by_province, own = associations.tables
        # union, associations, branches, members
        self.assertEqual(
            by_province.rows,
            [
                ["VUFO", 1, 0, 10],
                ["Bắc Giang", 9, 0, 6000],
                ["Bắc Ninh", 2, 1, 200],
                ["Hải Dương", 1, 0, 50],
                ["Hải Phòng", 4, 1, 620],
                ["Total", 17, 2, 6880],
            ],
        )
        figures = {f.label: f.value for f in associations.figures}
        self.assertEqual(
            (figures["Bilateral friendship associations"], figures["Branches"], figures["Members"]), (17, 2, 6880)
        )
        # the central union's own only, without its Chinese partner
        self.assertEqual(own.rows, [[f"{self.u['vufo'].pk} a0", "", 0, 10]])
        agreements = sections["agreements"]
        # union, memoranda, cooperation agreements, protocols, others, total: 2024's is after the period
        self.assertEqual(
            agreements.tables[0].rows,
            [
                ["Bắc Giang", 1, 0, 0, 0, 1],
                ["Hải Dương", 1, 0, 0, 0, 1],
                ["Hải Phòng", 1, 0, 0, 0, 1],
                ["Total", 3, 0, 0, 0, 3],
            ],
        )
        self.assertEqual(agreements.figures[0].value, 3)
        self.assertEqual(agreements.tables[1].rows, [])  # the central union signed none
        plans = sections["plans"]
        self.assertEqual(plans.tables[0].rows, [["Bắc Giang", 1, 0], ["Hải Phòng", 1, 0], ["Total", 2, 0]])
        self.assertEqual(plans.figures[0].value, 2)

    def test_after_the_merger_merged_unions_count_once_in_their_successors_row(self):
        sections = self.sections(date(2025, 12, 31))
        self.assertEqual(
            sections["associations"].tables[0].rows,
            [
                ["VUFO", 1, 0, 10],
                ["Bắc Ninh", 11, 1, 6200],
                ["Hải Phòng", 5, 1, 670],
                ["Total", 17, 2, 6880],
            ],
        )
        self.assertEqual(
            sections["agreements"].tables[0].rows,
            [["Bắc Ninh", 1, 0, 0, 0, 1], ["Hải Phòng", 3, 0, 0, 0, 3], ["Total", 4, 0, 0, 0, 4]],
        )
        self.assertEqual(sections["agreements"].figures[0].value, 4)
        self.assertEqual(sections["plans"].tables[0].rows, [["Bắc Ninh", 1, 0], ["Hải Phòng", 1, 0], ["Total", 2, 0]])

    def test_a_provincial_report_keeps_its_full_lists(self):
        editor = make_user("hp-term", unit=self.u["hai_phong"], role=Role.EDITOR)
        report = services.report_create(
            actor=editor,
            data={
                "unit": self.u["hai_phong"],
                "kind": ReportKind.ANNUAL,
                "title": "Báo cáo",
                "period_start": date(2018, 1, 1),
                "period_end": date(2025, 12, 31),
            },
        )
        with translation.override("en"):
            document = build_document(report=report, user=editor, charts=False)
        sections = {s.content.key: s.content for s in document.sections}
        hp, hd = self.u["hai_phong"].pk, self.u["hai_duong"].pk
        # Hải Phòng's own associations and Hải Dương's, by name: not Korea's side; members of the one
        # recording no count are its branch's; the rows sum to the figure
        (associations,) = sections["associations"].tables
        self.assertEqual(
            associations.rows,
            [
                *sorted([[f"{hd} a0", "", 0, 50], *([f"{hp} a{i}", "", 0, 200] for i in range(3))]),
                ["Hội hữu nghị Việt Nam – Cuba", "", 1, 20],
            ],
        )
        figures = {f.label: f.value for f in sections["associations"].figures}
        self.assertEqual(
            (figures["Bilateral friendship associations"], figures["Branches"], figures["Members"]), (5, 1, 670)
        )
        (by_kind,) = sections["partners"].tables
        self.assertEqual(
            by_kind.rows,
            [
                ["Friendship association", 5],
                ["Other", 2],
                ["Branch", 1],
                ["Foreign friendship association", 1],
                ["Foreign NGO", 1],
            ],
        )
        (agreements,) = sections["agreements"].tables
        self.assertEqual([row[3] for row in agreements.rows], [date(2020, 3, 1), date(2021, 1, 1), date(2024, 6, 1)])


def test_provinces_are_ordered_as_the_vietnamese_alphabet_orders_them():
    names = ["Huế", "Điện Biên", "Cần Thơ", "Hải Phòng", "Cao Bằng", "Đà Nẵng", "Hà Nội", "Cà Mau", "Dak"]
    assert sorted(names, key=vietnamese_order) == [
        "Cà Mau",
        "Cao Bằng",
        "Cần Thơ",
        "Dak",
        "Đà Nẵng",
        "Điện Biên",
        "Hà Nội",
        "Hải Phòng",
        "Huế",
    ]
