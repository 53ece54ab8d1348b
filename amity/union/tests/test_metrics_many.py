"""Every metric of the catalogue computed for many scopes at once (a page listing many stated
figures: ``union.metrics.compute_many``) gives, scope by scope, the value computed alone, across
the 2025 merger, in several currencies and with a rate missing; and in as many queries for seven
scopes as for one."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from amity.activities.tests.factories import ActivityFactory
from amity.aid.tests.factories import make_rate
from amity.awards.tests.factories import AwardFactory, DecisionFactory
from amity.core.once import reads_once
from amity.core.roles import Role, UnitKind
from amity.diaspora.tests.factories import ContributionFactory, RemittanceStatFactory, compatriot
from amity.registry.models import Organisation
from amity.registry.tests.factories import counts_not_members
from amity.union.metrics import Scope, compute, compute_many, computed_metrics
from amity.units.models import Unit
from amity.units.testing import BEFORE_MERGER, make_merged_unions, make_user

START, END = date(2018, 1, 1), date(2026, 12, 31)


class ManyScopesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = u = make_merged_unions()
        cls.central = make_user("many-central", unit=u["vufo"], role=Role.ADMIN)
        cls.hai_phong = make_user("many-hai-phong", unit=u["hai_phong"], role=Role.ADMIN)
        for unit, kind, day in (
            (u["bac_giang"], "delegation_in", date(2022, 3, 1)),
            (u["bg_japan"], "meeting", date(2023, 4, 1)),
            (u["bac_ninh"], "delegation_out", date(2024, 5, 1)),
            (u["hai_phong"], "delegation_in", date(2025, 8, 1)),
            (u["hai_duong"], "delegation_out", date(2021, 9, 1)),
            (u["hai_duong"], "meeting", date(2017, 9, 1)),  # before the periods asked
        ):
            ActivityFactory(unit=unit, type=kind, start_date=day)
        for unit, day, recipients in ((u["bac_giang"], date(2022, 6, 1), 2), (u["hai_duong"], date(2023, 2, 1), 1)):
            AwardFactory.create_batch(recipients, decision=DecisionFactory(unit=unit, decided_on=day))
        AwardFactory(decision=DecisionFactory(unit=u["hai_phong"], decided_on=date(2025, 9, 1)))
        people = [
            compatriot(u["bac_giang"], "Nguyễn Văn An", country="CZ"),
            compatriot(u["bac_giang"], "Trần Thị Bình", country="JP"),
            compatriot(u["bg_japan"], "Lê Văn Cường", country="JP"),
            compatriot(u["hai_duong"], "Phạm Thị Dung", country="DE"),
            compatriot(u["hai_phong"], "Hoàng Văn Em", country="CZ"),
        ]
        make_rate("EUR", "USD", "1.10", year=2022)
        make_rate("USD", "VND", "23000", year=2022)
        make_rate("USD", "VND", "24000", year=2023)
        for person, amount, currency, day, purpose in (
            (people[0], "500.00", "EUR", date(2022, 4, 1), "scholarship"),
            (people[1], "333.33", "EUR", date(2022, 4, 1), "scholarship"),  # summed with the one above, then converted
            (people[1], "1000.00", "USD", date(2022, 7, 1), "charity"),
            (people[3], "20000000", "VND", date(2023, 3, 1), "disaster_relief"),
            (people[4], "250.00", "EUR", date(2019, 5, 1), "other"),  # no EUR rate for 2019
        ):
            ContributionFactory(
                unit=person.unit, compatriot=person, amount=Decimal(amount), currency=currency, received_on=day,
                purpose=purpose,
            )  # fmt: skip
        for unit, years, amount, currency in (
            (u["bac_giang"], (2020, 2022), "1500000.00", "USD"),
            (u["hai_duong"], (2023, 2023), "36000000000", "VND"),
            (u["hai_phong"], (2022, 2022), "700000.00", "EUR"),
            (u["hai_phong"], (2019, 2019), "800000.00", "EUR"),  # no rate
        ):
            RemittanceStatFactory(
                unit=unit, year_from=years[0], year_to=years[1], amount=Decimal(amount), currency=currency
            )
        for unit, members in ((u["bac_giang"], 120), (u["bg_japan"], 40), (u["bac_ninh"], 60), (u["hai_phong"], 80)):
            Organisation.objects.create(
                unit=unit, name=f"Hội hữu nghị {unit.pk}", kind="friendship_association", member_count=members
            )
        counts_not_members(u)  # beside them, counts that are no union's members
        Unit.objects.create(name="Chi hội Kiến An", kind=UnitKind.BRANCH, parent=u["hai_phong"])
        Unit.objects.create(name="Chi hội Kinh Môn", kind=UnitKind.BRANCH, parent=u["hai_duong"])
        Unit.objects.create(name="Chi hội cũ", kind=UnitKind.BRANCH, parent=u["hai_phong"], valid_to=date(2023, 6, 30))

    def scopes(self) -> list[Scope]:
        u = self.u
        return [
            Scope(u["vufo"], START, END, "USD", None),
            Scope(u["vufo"], START, date(2023, 12, 31), "VND", BEFORE_MERGER),
            Scope(u["bac_ninh"], None, END, "USD", None),  # today: Bắc Giang's records are Bắc Ninh's
            Scope(u["bac_ninh"], START, END, "USD", BEFORE_MERGER),  # Bắc Ninh alone
            Scope(u["bac_giang"], date(2022, 1, 1), date(2022, 12, 31), "VND", date(2022, 12, 31)),
            Scope(u["hai_phong"], date(2019, 1, 1), END, "EUR", date(2025, 12, 31)),
            Scope(u["hai_phong"], START, date(2023, 12, 31), "USD", BEFORE_MERGER),
        ]

    def test_each_value_is_the_one_computed_alone(self):
        for user in (self.central, self.hai_phong):
            for code in computed_metrics():
                together = compute_many(code, user=user, scopes=self.scopes())
                found = False
                for scope in self.scopes():
                    with self.subTest(user=user.username, code=code, scope=scope):
                        alone = compute(code, user=user, unit=scope.unit, start=scope.start, end=scope.end,
                                        currency=scope.currency, day=scope.day)  # fmt: skip
                        self.assertEqual(together[scope], alone)
                        found = found or alone.records > 0
                if user == self.central and not code.startswith("aid_"):  # the aid metrics: aid's own tests
                    self.assertTrue(found, f"{code}: no records in any scope, nothing compared")

    def test_queries_do_not_grow_with_the_scopes(self):
        for code in computed_metrics():
            with reads_once():  # as in a request: the unit tree read once
                compute_many(code, user=self.central, scopes=self.scopes()[:1])
                with CaptureQueriesContext(connection) as one:
                    compute_many(code, user=self.central, scopes=self.scopes()[:1])
                with CaptureQueriesContext(connection) as seven:
                    compute_many(code, user=self.central, scopes=self.scopes())
            currencies = len({s.currency for s in self.scopes()})
            self.assertLessEqual(len(seven), len(one) + 2 * (currencies - 1), code)  # aid: each currency's rates
