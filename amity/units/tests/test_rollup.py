"""Roll-ups by the unions of a day: rows, labels and totals across the 2025 merger."""

from django.test import TestCase

from amity.core.roles import UnitKind
from amity.registry.models import Organisation
from amity.units.models import Unit
from amity.units.rollup import RollupRow, rows_total, sort_rows, unit_rollup
from amity.units.testing import BEFORE_MERGER, make_merged_unions


class UnitRollupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_merged_unions()
        # organisations recorded by each unit: BG 2 (+1 by its association), BN 4, HD 1, HP 5, VUFO 1
        for key, n in (
            ("bac_giang", 2),
            ("bg_japan", 1),
            ("bac_ninh", 4),
            ("hai_duong", 1),
            ("hai_phong", 5),
            ("vufo", 1),
        ):
            for i in range(n):
                Organisation.objects.create(unit=cls.u[key], name=f"{key} {i}", kind="other")

    def rows(self, day):
        from django.db.models import Count

        rows = unit_rollup(day=day).aggregate(Organisation.objects.all(), n=Count("pk"))
        return [(r.label, r.unit.pk, r.values["n"]) for r in rows], rows_total(rows)

    def test_before_the_merger_each_union_has_its_own_row_labelled_with_its_province_of_that_day(self):
        rows, total = self.rows(BEFORE_MERGER)
        u = self.u
        self.assertEqual(
            rows,
            [
                ("Hải Phòng", u["hai_phong"].pk, 5),
                ("Bắc Ninh", u["bac_ninh"].pk, 4),
                ("Bắc Giang", u["bac_giang"].pk, 3),  # the association counts in its union's row
                ("Hải Dương", u["hai_duong"].pk, 1),
                ("VUFO", u["vufo"].pk, 1),
            ],
        )
        self.assertEqual(total, {"n": 14})

    def test_today_merged_away_unions_count_in_their_successors_rows(self):
        rows, total = self.rows(None)
        u = self.u
        self.assertEqual(
            rows, [("Bắc Ninh", u["bac_ninh"].pk, 7), ("Hải Phòng", u["hai_phong"].pk, 6), ("VUFO", u["vufo"].pk, 1)]
        )
        self.assertEqual(total, {"n": 14})

    def test_the_day_after_the_merger_is_the_first_of_the_new_rows(self):
        from datetime import date

        rollup_last, rollup_first = unit_rollup(day=date(2025, 6, 30)), unit_rollup(day=date(2025, 7, 1))
        self.assertEqual(rollup_last.group_of(self.u["hai_duong"].pk).label, "Hải Dương")
        self.assertEqual(rollup_first.group_of(self.u["hai_duong"].pk).label, "Hải Phòng")

    def test_annotate_gives_each_record_its_union_of_the_day_for_distinct_counts(self):
        from django.db.models import Count

        qs = unit_rollup(day=BEFORE_MERGER).annotate(Organisation.objects.all())
        counts = dict(qs.values_list("rollup_unit").annotate(n=Count("pk")).order_by())
        u = self.u
        self.assertEqual(
            counts,
            {u["hai_phong"].pk: 5, u["bac_ninh"].pk: 4, u["bac_giang"].pk: 3, u["hai_duong"].pk: 1, u["vufo"].pk: 1},
        )


def test_rows_of_equal_figures_follow_the_vietnamese_alphabet():
    """Ties are ordered as a Vietnamese reader looks them up (code points put Cao Bằng before Cà Mau,
    Huế before Hà Nội and Đà Nẵng after every other letter)."""
    labels = ["Huế", "Đà Nẵng", "Cao Bằng", "Hà Nội", "Cần Thơ", "Cà Mau", "Hải Phòng"]
    rows = sort_rows([RollupRow(key=label, label=label, unit=None, values={"n": 3}) for label in labels])
    assert [row.label for row in rows] == ["Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Hà Nội", "Hải Phòng", "Huế"]
    larger = sort_rows([*rows, RollupRow(key="x", label="Yên Bái", unit=None, values={"n": 9})])
    assert larger[0].label == "Yên Bái"  # the figure first, the name only among equals


class KeptUnitsTests(TestCase):
    """The units a roll-up groups by are kept by the process (``core.access.unit_table``):
    a change of a unit or of a unit's province, even one made without the models, is read at the
    next roll-up, and a roll-up costs one query whether the units are kept or not."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_merged_unions()

    def label(self, key: str) -> str:
        return unit_rollup().group_of(self.u[key].pk).label

    def test_a_renamed_province_is_read_at_the_next_roll_up(self):
        from amity.geo.models import AdminUnit

        self.assertEqual(self.label("hai_phong"), "Hải Phòng")
        AdminUnit.objects.filter(pk=self.u["hai_phong"].province_id).update(name="Hải Phòng mới")
        self.assertEqual(self.label("hai_phong"), "Hải Phòng mới")

    def test_a_unit_changed_without_the_models_is_read_at_the_next_roll_up(self):
        self.assertEqual(self.label("vufo"), "VUFO")
        Unit.all_objects.filter(pk=self.u["vufo"].pk).update(short_name="Liên hiệp")
        self.assertEqual(self.label("vufo"), "Liên hiệp")
        # a union merged today into another counts in its row from the next roll-up on
        Unit.all_objects.filter(pk=self.u["hai_phong"].pk).update(valid_to=BEFORE_MERGER, successor=self.u["bac_ninh"])
        self.assertEqual(unit_rollup().group_of(self.u["hai_duong"].pk).unit.pk, self.u["bac_ninh"].pk)

    def test_a_union_shown_in_a_row_is_its_own_copy(self):
        unit_rollup().group_of(self.u["vufo"].pk).unit.name = "changed by a caller"
        self.assertEqual(unit_rollup().group_of(self.u["vufo"].pk).unit.name, self.u["vufo"].name)

    def test_a_roll_up_costs_one_query_kept_or_not(self):
        with self.assertNumQueries(1):
            self.assertEqual(self.label("hai_duong"), "Hải Phòng")
        with self.assertNumQueries(1):
            self.assertEqual(self.label("hai_duong"), "Hải Phòng")
        Unit.objects.create(name="Chi hội Kiến An", kind=UnitKind.BRANCH, parent=self.u["hai_phong"])
        with self.assertNumQueries(1):
            self.assertEqual(len(unit_rollup().members_of(self.u["hai_phong"])), 3)

    def test_a_requests_reaches_and_roll_ups_read_the_units_once(self):
        from amity.core.access import unit_ids_for_user
        from amity.core.once import reads_once
        from amity.core.roles import Role
        from amity.units.testing import make_user

        editor = make_user("rollup-hp", unit=self.u["hai_phong"], role=Role.EDITOR)
        with reads_once(), self.assertNumQueries(2):  # the editor's memberships, the units
            reach = unit_ids_for_user(editor, "view")
            group = unit_rollup().group_of(self.u["hai_duong"].pk)
        self.assertEqual(group.label, "Hải Phòng")
        self.assertIn(self.u["hai_duong"].pk, reach)  # merged into Hải Phòng
