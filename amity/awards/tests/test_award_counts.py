"""``award_counts`` in one statement: every row of every breakdown equals the recipients counted one
by one, the rows add up to the total, across the 2025 merger, and neither the statements nor the
unit reads grow with the recipients."""

from collections import Counter
from datetime import date
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from amity.awards import selectors
from amity.awards.models import Award, AwardType
from amity.awards.selectors import award_counts
from amity.awards.tests.factories import AwardFactory, AwardTypeFactory, DecisionFactory
from amity.core.once import reads_once
from amity.core.roles import Role
from amity.registry.tests.factories import OrganisationFactory
from amity.union.testing import FiguresQueryChecks
from amity.units.testing import make_unit_tree, make_user

YEARS = (2023, 2024, 2025)


def summed(counted: Counter, position: int) -> dict:
    """The counts of ``counted`` summed by the key's part at ``position``."""
    found: Counter = Counter()
    for key, n in counted.items():
        found[key[position]] += n
    return dict(found)


class AwardCountsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.centre = make_user("centre", unit=cls.u["vufo"], role=Role.ADMIN)
        cls.hp = make_user("hp", unit=cls.u["hai_phong"])
        cls.national = AwardType.objects.get(kind="certificate")
        cls.national.name_en = "Certificate of merit"
        cls.national.save()
        cls.own = {  # two unions' own types of the same name, told apart by the union's name
            key: AwardTypeFactory(unit=cls.u[key], name="Bằng khen của UBND") for key in ("hai_phong", "bac_giang")
        }
        cls.add(1)

    @classmethod
    def add(cls, n: int) -> None:
        """``n`` decisions of each union's unit, type and year, each with an individual and a
        collective recipient of different origins (Bắc Giang's before it merged into Bắc Ninh)."""
        for key in ("hai_phong", "hp_laos", "bac_giang", "bg_japan", "bac_ninh"):
            unit = cls.u[key]
            owner = "bac_giang" if key in ("bac_giang", "bg_japan", "bac_ninh") else "hai_phong"
            for award_type in (cls.national, cls.own[owner]):
                for year in YEARS:
                    if key == "bac_ninh" and year < 2025 or key.startswith("b") and key != "bac_ninh" and year > 2024:
                        continue
                    for _ in range(n):
                        decision = DecisionFactory(unit=unit, award_type=award_type, decided_on=date(year, 9, 2))
                        AwardFactory(decision=decision, origin="foreign")
                        AwardFactory(
                            decision=decision,
                            person=None,
                            nomination=None,
                            organisation=OrganisationFactory(unit=unit),
                            origin="vietnamese",
                        )

    def types(self) -> list[AwardType]:
        return [self.national, *self.own.values()]

    def counted(self, **scope) -> Counter:
        """The live recipients of ``scope`` (a filter of ``Award``) counted one by one in Python."""
        return Counter(
            (a.decision.award_type_id, a.recipient_kind, a.decision.decided_on.year, a.origin, a.decision.unit_id)
            for a in Award.objects.filter(**scope).select_related("decision")
        )

    def test_every_row_equals_the_recipients_counted_one_by_one(self):
        hp_units = {self.u["hai_phong"].pk, self.u["hp_laos"].pk}
        bn_units = {self.u[k].pk for k in ("bac_ninh", "bac_giang", "bg_japan")}
        cases = [
            (self.centre, None, {}, hp_units | bn_units),
            (self.centre, self.u["bac_ninh"], {}, bn_units),
            (self.hp, None, {"start": date(2024, 1, 1), "end": date(2024, 12, 31)}, hp_units),
        ]
        for user, unit, period, units in cases:
            scope = {"decision__unit__in": units}
            if period:
                scope["decision__decided_on__range"] = (period["start"], period["end"])
            expected = self.counted(**scope)
            with self.subTest(user=user.username, unit=unit, **period), translation.override("en"):
                counts = award_counts(user=user, unit=unit, **period)
                self.assertEqual(counts["total"], sum(expected.values()))
                self.assertEqual({code: n for code, _label, n in counts["by_kind"]}, summed(expected, 1))
                origins = dict.fromkeys(("vietnamese", "overseas_vietnamese", "foreign"), 0) | summed(expected, 3)
                self.assertEqual({code: n for code, _label, n in counts["by_origin"]}, origins)
                self.assertEqual(counts["by_year"], sorted(summed(expected, 2).items()))
                cells: dict = {}
                for (t, k, *_rest), n in expected.items():
                    cells.setdefault(t, Counter())[k] += n
                labels = {
                    self.national.pk: "Certificate of merit",
                    self.own["hai_phong"].pk: f"Bằng khen của UBND ({self.u['hai_phong'].name})",
                    self.own["bac_giang"].pk: f"Bằng khen của UBND ({self.u['bac_giang'].name})",
                }
                # most recipients first, then by name, national types after unions' own, the union's name
                rank = {t.pk: (t.name, t.unit is None, t.unit.name if t.unit else "", t.pk) for t in self.types()}
                order = sorted(cells, key=lambda t: (-cells[t].total(), *rank[t]))
                rows = [
                    (
                        labels[t],
                        {"individual": cells[t]["individual"], "collective": cells[t]["collective"]},
                        cells[t].total(),
                    )
                    for t in order
                ]
                self.assertEqual(counts["by_type_and_kind"], rows)
                self.assertEqual(counts["by_type"], [(label, n) for label, _cells, n in rows])
                self.assertEqual(sum(n for _label, n in counts["by_type"]), counts["total"])
                self.assertEqual(sum(row["count"] for row in counts["by_unit"]), counts["total"])

    def test_unions_of_the_day_across_the_merger(self):
        hp = self.counted(decision__unit__in=[self.u["hai_phong"], self.u["hp_laos"]]).total()
        bg = self.counted(decision__unit__in=[self.u["bac_giang"], self.u["bg_japan"]]).total()
        bn = self.counted(decision__unit=self.u["bac_ninh"]).total()
        today = {r["unit"]: r["count"] for r in award_counts(user=self.centre)["by_unit"]}
        self.assertEqual(today, {self.u["hai_phong"].pk: hp, self.u["bac_ninh"].pk: bg + bn})
        before = award_counts(user=self.centre, day=date(2025, 6, 30))
        self.assertEqual(
            {r["unit"]: r["count"] for r in before["by_unit"]},
            {self.u["hai_phong"].pk: hp, self.u["bac_giang"].pk: bg, self.u["bac_ninh"].pk: bn},
        )
        self.assertEqual(before["day"], date(2025, 6, 30))

    def test_one_statement_whatever_the_recipients(self):
        def statements(**kwargs) -> list[str]:
            with CaptureQueriesContext(connection) as captured, reads_once():
                award_counts(user=self.centre, **kwargs)
            return [q["sql"] for q in captured.captured_queries]

        statements()  # the user's reach read once
        widget, page, province = statements(breakdowns=()), statements(), statements(unit=self.u["hai_phong"])
        self.add(2)
        self.assertEqual(statements(breakdowns=()), widget)  # the same text: the same statements
        self.assertEqual(len(statements()), len(page))
        self.assertEqual(len(statements(unit=self.u["hai_phong"])), len(province))
        for found in (widget, page, province):
            self.assertEqual(sum("awards_award" in sql for sql in found), 1)
        # the dashboard's counts read no unit: only the statement
        self.assertEqual(len(widget), 1)

    def test_statement_written_once_per_scope_and_never_lent_to_another(self):
        """The statement is kept per form of the scope and its values: scopes alike but for a period
        or a unit count their own recipients, and a scope met before writes no statement."""
        scopes = [
            (self.hp, None, {"start": date(2023, 1, 1), "end": date(2023, 12, 31)}, {"hai_phong", "hp_laos"}),
            (self.hp, None, {"start": date(2024, 1, 1), "end": date(2024, 12, 31)}, {"hai_phong", "hp_laos"}),
            (self.centre, self.u["hai_phong"], {}, {"hai_phong", "hp_laos"}),
            (self.centre, self.u["bac_ninh"], {}, {"bac_ninh", "bac_giang", "bg_japan"}),
        ]
        with mock.patch.object(selectors, "_count_statement", wraps=selectors._count_statement) as written:
            for user, unit, period, keys in scopes:
                scope = {"decision__unit__in": [self.u[k] for k in keys]}
                if period:
                    scope["decision__decided_on__range"] = (period["start"], period["end"])
                with self.subTest(user=user.username, unit=unit, **period):
                    self.assertEqual(
                        award_counts(user=user, unit=unit, **period)["total"], self.counted(**scope).total()
                    )
            written_before = written.call_count  # the process may have kept some already (other tests)
            award_counts(user=self.hp, start=date(2023, 1, 1), end=date(2023, 12, 31))
        self.assertEqual(written.call_count, written_before)


class AwardCountsQueryTests(FiguresQueryChecks, TestCase):
    """The page opens on every year; the term links give each term's recipients."""

    url = "/awards/counts/"
    opened, previous, empty_tables = 3, 3, 2  # the tables by type and kind, and by year

    @classmethod
    def setUpTestData(cls):
        unit = make_unit_tree()["hai_phong"]
        cls.user = make_user("hp-award-terms", unit=unit)
        decision = DecisionFactory(unit=unit, decided_on=date(2022, 5, 1))
        AwardFactory.create_batch(3, decision=decision)

    def counted(self, response) -> int:
        return response.context["counts"]["total"]
