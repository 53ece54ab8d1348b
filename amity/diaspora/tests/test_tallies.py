"""The compatriots' and contributions' roll-up (``diaspora.tallies``): the figures read from it equal
the figures computed live from the records, every row and total, across the 2025 merger, right
after every kind of write; it is read for fresh units; reading stale units queues their refresh."""

from datetime import date
from decimal import Decimal
from unittest import mock

from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from amity.core.models import ExchangeRate
from amity.core.roles import Role
from amity.core.services import model_delete, model_restore
from amity.diaspora import imports, services, tallies
from amity.diaspora.contribution_imports import contribution_import_commit, contribution_import_preview
from amity.diaspora.models import Compatriot, CompatriotTally, Contribution, TallyState
from amity.diaspora.selectors import diaspora_figures
from amity.diaspora.tallies import tallies_refresh, tallies_refresh_stale, whole_months
from amity.geo.models import Country
from amity.registry.models import Organisation
from amity.units.testing import BEFORE_MERGER, make_merged_unions, make_user

from .factories import compatriot
from .test_contribution_import import workbook
from .test_imports import csv_file

AFTER_MERGER = date(2025, 7, 1)
#: (since, until) of the contributions: all; whole years; days cutting months at both ends; and a
#: whole year between months of the years before and after
PERIODS = (
    (None, None),
    (date(2024, 1, 1), date(2025, 12, 31)),
    (date(2024, 3, 15), date(2025, 7, 20)),
    (date(2023, 3, 15), date(2025, 7, 20)),
)


def gift(unit, donor, amount, currency, day, purpose="scholarship") -> Contribution:
    return Contribution.objects.create(
        unit=unit, compatriot=donor, amount=Decimal(amount), currency=currency, received_on=day, purpose=purpose
    )


class TallyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = u = make_merged_unions()
        cls.central = make_user("tally-central", unit=u["vufo"], role=Role.VIEWER)
        cls.hp_editor = make_user("tally-hp", unit=u["hai_phong"])
        cls.association = Organisation.objects.create(
            unit=u["hai_duong"], kind="friendship_association", name="Hội người Việt Nam tại Đức"
        )
        for key, country, n in (("bac_giang", "JP", 2), ("bg_japan", "JP", 1), ("hai_duong", "DE", 2)):
            for i in range(n):
                compatriot(u[key], f"{key} {country} {i}", country=country)
        cls.member = compatriot(u["hai_duong"], "Hội viên", country="DE", organisation=cls.association)
        cls.donor = compatriot(u["hai_phong"], "Nhà hảo tâm", country="KR", birth_year=1960)
        compatriot(u["hai_phong"], "Đã xoá", country="US").delete()
        for day in (date(2023, 5, 2), date(2024, 3, 10), date(2024, 3, 20), date(2025, 6, 30), date(2025, 7, 25)):
            gift(u["hai_duong"], cls.member, "100.005", "EUR", day)
            gift(u["hai_duong"], cls.member, "33.335", "EUR", day, purpose="disaster_relief")
            gift(u["hai_phong"], cls.donor, "1000000", "VND", day)
            gift(u["bac_giang"], cls.member, "77.77", "USD", day)
        for currency, rate in (("EUR", "26000.5"), ("USD", "24000.3")):
            ExchangeRate.objects.create(currency=currency, target="VND", rate=Decimal(rate), year=2024, source="t")
        ExchangeRate.objects.create(
            currency="EUR", target="VND", rate=Decimal("27000.7"), date=date(2025, 7, 1), source="t"
        )
        ExchangeRate.objects.create(currency="USD", target="VND", rate=Decimal("25000.9"), year=2025, source="t")
        ExchangeRate.objects.create(currency="EUR", target="USD", rate=Decimal("1.0833"), year=2024, source="t")
        tallies_refresh()

    def scopes(self):
        for user, unit in ((self.central, None), (self.hp_editor, self.u["hai_phong"])):
            for day in (BEFORE_MERGER, AFTER_MERGER, None):
                for since, until in PERIODS:
                    for currency in ("VND", "USD"):
                        yield {
                            "user": user,
                            "unit": unit,
                            "day": day,
                            "since": since,
                            "until": until,
                            "currency": currency,
                        }

    def read(self, **scope):
        return diaspora_figures(group_by=("country", "province", "region", "group"), **scope)

    def live(self, **scope):
        """The same figures with every unit counted live (the roll-up set aside, then kept)."""
        with transaction.atomic():
            point = transaction.savepoint()
            TallyState.objects.update(fresh=False)
            figures = self.read(**scope)
            transaction.savepoint_rollback(point)
        return figures

    def few_scopes(self):
        """The central union today and Hải Phòng before the merger, each over a period cutting months."""
        since, until = PERIODS[2]
        yield {"user": self.central, "unit": None, "day": None, "since": since, "until": until, "currency": "VND"}
        yield {"user": self.central, "unit": None, "day": None, "since": None, "until": None, "currency": "USD"}
        yield {
            "user": self.hp_editor,
            "unit": self.u["hai_phong"],
            "day": BEFORE_MERGER,
            "since": since,
            "until": until,
        }

    def assert_as_live(self, channel="", scopes=None):
        for scope in scopes or self.scopes():
            with self.subTest(channel=channel, **{k: v for k, v in scope.items() if k != "user"}):
                self.assertEqual(self.read(**scope), self.live(**scope))

    def test_every_row_and_total_across_the_merger_equals_the_live_figures(self):
        self.assertFalse(TallyState.objects.filter(fresh=False).exists())
        self.assert_as_live()

    def test_a_refresh_one_unit_a_transaction_gives_the_same_figures(self):
        """The units are refreshed a chunk at a time (each chunk's state rows locked only for its
        own rebuild); a chunk of one unit leaves every figure as the live computation gives it."""
        TallyState.objects.update(fresh=False)
        with mock.patch.object(tallies, "REFRESH_CHUNK", 1):
            refreshed = tallies_refresh()
        self.assertEqual(len(refreshed), 4)  # Bắc Giang, its Japan branch, Hải Dương, Hải Phòng
        self.assertFalse(TallyState.objects.filter(fresh=False).exists())
        self.assert_as_live(scopes=self.few_scopes())
        before = self.read(user=self.central, day=BEFORE_MERGER)
        self.assertEqual(
            [(r["label"], r["count"]) for r in before.by_unit], [("Bắc Giang", 3), ("Hải Dương", 3), ("Hải Phòng", 1)]
        )
        today = self.read(user=self.central, day=AFTER_MERGER)
        self.assertEqual([(r["label"], r["count"]) for r in today.by_unit], [("Hải Phòng", 4), ("Bắc Ninh", 3)])
        self.assertEqual((before.total, today.total, today.countries), (7, 7, 3))
        self.assertEqual(today.associations, [{"id": self.association.pk, "name": self.association.name, "members": 1}])
        own = self.read(user=self.hp_editor, unit=self.u["hai_phong"], day=BEFORE_MERGER)
        self.assertEqual((own.total, len(own.contributions), own.missing_rates), (1, 1, []))
        usd = self.read(user=self.central, currency="USD")
        self.assertEqual([(m["currency"], m["year"], m["count"]) for m in usd.missing_rates][:1], [("EUR", 2023, 2)])
        self.assertTrue(usd.rates_used)

    def test_the_roll_up_is_read_for_fresh_units_and_the_records_for_stale_ones(self):
        kept = CompatriotTally.objects.get(unit=self.u["hai_phong"], dimension="country")
        kept.count = 50
        kept.save()
        self.assertEqual(self.read(user=self.central).total, 56)  # the roll-up, not the records
        Compatriot.objects.filter(pk=self.donor.pk).update(country=Country.objects.get(iso_alpha2="JP"))
        self.assertEqual(self.read(user=self.central).total, 7)  # Hải Phòng stale: its records

    def test_reading_stale_units_queues_their_refresh_once(self):
        compatriot(self.u["hai_phong"], "Mới", country="KR")
        with self.captureOnCommitCallbacks(execute=False) as queued:
            self.read(user=self.central)
            self.read(user=self.central)
        self.assertEqual(len(queued), 1)
        with self.captureOnCommitCallbacks(execute=True):
            TallyState.objects.update(queued=None)
            self.read(user=self.central)
        self.assertFalse(TallyState.objects.filter(fresh=False).exists())
        self.assertEqual(self.read(user=self.central).total, 8)

    def test_the_roll_up_path_asks_as_many_queries_with_more_records(self):
        def count():
            with CaptureQueriesContext(connection) as queries:
                self.read(user=self.central, since=date(2024, 3, 15), until=date(2025, 7, 20))
            return len(queries)

        count()  # the user's units, read once for the user
        before = count()
        for i in range(3):
            donor = compatriot(self.u["hai_duong"], f"Thêm {i}", country="FR", organisation=self.association)
            gift(self.u["hai_duong"], donor, "12.5", "EUR", date(2024, 5, i + 1))
        tallies_refresh_stale()
        self.assertEqual(count(), before)

    def test_the_figures_after_every_kind_of_write_equal_the_live_figures(self):
        u, hp = self.u, self.u["hai_phong"]
        cz = Country.objects.get(iso_alpha2="CZ")

        def created():
            services.compatriot_create(
                actor=self.hp_editor,
                data={"unit": hp, "full_name": "Phạm Văn Mới", "country": cz, "consent_on": date(2026, 1, 1)},
            )

        def imported():
            result = imports.check(csv_file("Nguyễn Văn Nhập,Nam,1975,,Hải Phòng,Séc,,15/01/2026"), "f.csv", unit=hp)
            self.assertEqual(imports.commit(result, unit=hp, actor=self.hp_editor), 1)

        def gifts_imported():
            content = workbook([["Nhà hảo tâm", 1960, "15/03/2024", "2.000.000", "VND", None, None, None, None]])
            preview = contribution_import_preview(user=self.hp_editor, unit=hp, content=content, filename="g.xlsx")
            self.assertEqual(preview.errors, [])
            self.assertEqual(
                contribution_import_commit(actor=self.hp_editor, unit=hp, content=content, filename="g.xlsx").created, 1
            )

        def merged():
            duplicate = compatriot(hp, "Nhà hảo tâm", country="KR", birth_year=1960)
            gift(hp, duplicate, "5000", "VND", date(2024, 8, 8))
            tallies_refresh_stale()
            services.compatriot_merge(actor=self.hp_editor, kept=self.donor, duplicate=duplicate)

        channels = {
            "created by the service": created,
            "changed by the service": lambda: services.compatriot_update(
                actor=self.hp_editor, instance=Compatriot.objects.get(pk=self.donor.pk), data={"country": cz}
            ),
            "imported": imported,
            "deleted": lambda: model_delete(
                instance=Compatriot.objects.get(full_name="Phạm Văn Mới"), actor=self.hp_editor
            ),
            "restored": lambda: model_restore(
                instance=Compatriot.all_objects.get(full_name="Phạm Văn Mới"), actor=self.hp_editor
            ),
            "merged": merged,
            "erased": lambda: services.compatriot_erase(
                actor=self.hp_editor,
                compatriot=Compatriot.objects.get(full_name="Phạm Văn Mới"),
                requested_on=date(2026, 1, 2),
            ),
            "moved in bulk": lambda: Compatriot.objects.filter(unit=u["hai_duong"]).update(unit=hp),
            "gift given": lambda: services.contribution_create(
                actor=self.hp_editor,
                data={
                    "unit": hp,
                    "compatriot": self.donor,
                    "amount": Decimal("12.34"),
                    "currency": "USD",
                    "received_on": date(2025, 7, 3),
                    "purpose": "scholarship",
                },
            ),
            "gift changed": lambda: services.contribution_update(
                actor=self.hp_editor, instance=Contribution.objects.filter(unit=hp).first(), data={"amount": Decimal(7)}
            ),
            "gift deleted": lambda: model_delete(
                instance=Contribution.objects.filter(unit=hp).last(), actor=self.hp_editor
            ),
            "gifts imported": gifts_imported,
            "rate added": lambda: ExchangeRate.objects.create(
                currency="EUR", target="VND", rate=Decimal("25000"), year=2023, source="t"
            ),
        }
        for channel, write in channels.items():
            tallies_refresh_stale()
            write()
            # an erasure blanks personal values only: the counts stand, and so does the roll-up
            self.assertEqual(TallyState.objects.filter(fresh=False).exists(), channel != "erased", channel)
            self.assert_as_live(channel, self.few_scopes())
            tallies_refresh_stale()
            self.assert_as_live(f"{channel}, refreshed", self.few_scopes())


class WholeMonthTests(TestCase):
    def test_the_months_a_period_holds_whole(self):
        cases = {
            (None, None): (None, None, True),
            (date(2024, 1, 1), date(2024, 12, 31)): (date(2024, 1, 1), date(2024, 12, 1), True),
            (date(2024, 1, 2), date(2024, 3, 30)): (date(2024, 2, 1), date(2024, 2, 1), True),
            (date(2024, 1, 2), date(2024, 2, 28)): (date(2024, 2, 1), date(2024, 1, 1), False),
            (date(2024, 2, 1), date(2024, 2, 29)): (date(2024, 2, 1), date(2024, 2, 1), True),
            (None, date(2024, 12, 30)): (None, date(2024, 11, 1), True),
        }
        for (since, until), expected in cases.items():
            self.assertEqual(whole_months(since, until), expected, (since, until))
