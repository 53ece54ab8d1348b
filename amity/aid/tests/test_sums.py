"""The roll-up of the aid items' converted sums (``aid.sums``): the figures read from it equal the
figures computed live from the transactions, every row, grouping and total, for the central union
and Hải Phòng across the 2025 merger, right after every kind of write (services, the import's bulk
path, the admin, soft deletion and restoring, a bulk update, a rate change) and after the refresh;
it is read for fresh units; reading stale units queues one refresh."""

from dataclasses import asdict
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from amity.aid import services
from amity.aid.imports import aid_import_commit
from amity.aid.models import AidItem, AidItemSum, AidSumState, AidTransaction, Sector
from amity.aid.selectors import aid_figures, aid_figures_beside, aid_totals_many
from amity.aid.sums import aid_sums_refresh, aid_sums_refresh_stale
from amity.core.models import ExchangeRate
from amity.core.services import model_create, model_delete, model_restore
from amity.union.metrics import Scope
from amity.units.testing import BEFORE_MERGER, make_user

from .factories import make_donor, make_item
from .test_figures_pinned import END, START, PinnedData

AFTER_MERGER = date(2025, 7, 1)
IMPORTED = (
    "reference,title_vi,status,donors,locations,decision_number,decision_date,approving_body,"
    "committed_amount,committed_currency,committed_date,disbursed_amount,disbursed_currency,disbursed_date\n"
    "HP-NEW,Nhà tình nghĩa,approved,Hands of Friendship,,12/QĐ-UBND,15/02/2021,UBND TP Hải Phòng,"
    "5000,EUR,01/03/2021,1200.50,JPY,01/06/2021\n"
)


def snapshot(figures) -> dict:
    """Every figure as plain data; rows of equal amounts in a fixed order."""
    data = asdict(figures)
    for name in ("by_sector", "by_donor", "by_country", "by_beneficiary", "by_province", "by_unit"):
        data[name] = sorted(data[name], key=lambda row: (-row["committed"], row["key"]))
    data["missing"] = sorted(data["missing"], key=lambda row: row["transaction"])
    return data


class AidSumsTests(PinnedData):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.hp_editor = make_user("sums-hp-editor", unit=cls.u["hai_phong"], role="admin")
        make_donor(cls.u["hai_phong"], "Hands of Friendship")
        cls.admin = make_user("sums-admin", is_superuser=True, is_staff=True)
        aid_sums_refresh()

    def scopes(self):
        for user, unit in ((self.central, None), (self.hp_viewer, self.u["hai_phong"])):
            for day in (BEFORE_MERGER, AFTER_MERGER, None):
                for currency in ("USD", "VND"):
                    yield {"user": user, "unit": unit, "day": day, "start": START, "end": END, "currency": currency}
        yield {"user": self.central, "unit": None, "day": None, "start": None, "end": None, "currency": "EUR"}

    def few_scopes(self):
        yield {"user": self.central, "unit": None, "day": None, "start": START, "end": END, "currency": "USD"}
        yield {"user": self.central, "unit": None, "day": BEFORE_MERGER, "start": None, "end": None, "currency": "VND"}
        yield {"user": self.hp_viewer, "unit": self.u["hai_phong"], "day": BEFORE_MERGER, "start": START, "end": END}

    def read(self, **scope):
        """Every figure of ``aid_figures`` and the stated-figure totals (``aid_totals_many``)."""
        unit = scope.get("unit") or self.u["vufo"]
        stated = Scope(unit, scope["start"], scope["end"], scope.get("currency", "USD"), scope["day"])
        return snapshot(aid_figures(**scope)), aid_totals_many(user=scope["user"], scopes=[stated], money=True)

    def live(self, **scope):
        """The same figures with every unit's transactions converted live (the roll-up set aside)."""
        with transaction.atomic():
            point = transaction.savepoint()
            AidSumState.objects.update(fresh=False)
            figures = self.read(**scope)
            transaction.savepoint_rollback(point)
        return figures

    def assert_as_live(self, channel="", scopes=None):
        for scope in scopes or self.scopes():
            with self.subTest(channel=channel, **{k: v for k, v in scope.items() if k != "user"}):
                self.assertEqual(self.read(**scope), self.live(**scope))

    def test_every_row_and_total_across_the_merger_equals_the_live_figures(self):
        self.assertFalse(AidSumState.objects.filter(fresh=False).exists())
        self.assertTrue(AidItemSum.objects.filter(target="USD").exists())
        self.assertTrue(AidItemSum.objects.filter(target="VND").exists())
        self.assert_as_live()
        usd = aid_figures(user=self.central, start=START, end=END)
        self.assertEqual((usd.items, usd.complete), (4, False))  # the GBP disbursement has no rate
        self.assertEqual(len(usd.rates_used), 6)

    def test_the_roll_up_is_read_for_fresh_units_and_the_transactions_for_stale_ones(self):
        hai_phong = self.u["hai_phong"]
        before = aid_figures(user=self.central, start=START, end=END).committed
        kept = AidItemSum.objects.filter(item__unit=hai_phong, target="USD", committed__gt=0).first()
        kept.committed += 100
        kept.save()
        self.assertEqual(aid_figures(user=self.central, start=START, end=END).committed, before + 1)  # the roll-up
        AidSumState.objects.filter(unit=hai_phong).update(fresh=False)
        self.assertEqual(aid_figures(user=self.central, start=START, end=END).committed, before)  # its transactions

    def test_reading_stale_units_queues_their_refresh_once(self):
        item = AidItem.objects.get(title_vi="A shares")
        AidTransaction.objects.create(item=item, kind="commitment", amount=Decimal(5), currency="USD", date=START)
        with self.captureOnCommitCallbacks(execute=False) as queued:
            aid_figures(user=self.central, start=START, end=END)
            aid_figures(user=self.central, start=START, end=END)
        self.assertEqual(len(queued), 1)
        with self.captureOnCommitCallbacks(execute=True):
            AidSumState.objects.update(queued=None)
            aid_figures(user=self.central, start=START, end=END)
        self.assertFalse(AidSumState.objects.filter(fresh=False).exists())
        with self.captureOnCommitCallbacks(execute=False) as queued:
            aid_figures(user=self.central, start=START, end=END)
        self.assertEqual(queued, [])
        self.assert_as_live(scopes=self.few_scopes())

    def test_the_roll_up_path_asks_as_many_queries_with_more_items(self):
        def count():
            with CaptureQueriesContext(connection) as queries:
                aid_figures(user=self.central, start=START, end=END)
            return len(queries)

        count()
        before = count()
        for i in range(3):
            item = make_item(self.u["hai_duong"], f"Thêm {i}", committed=("1000", "EUR", date(2021, 3, i + 1)))
            AidTransaction.objects.create(item=item, kind="disbursement", amount=Decimal(9), currency="JPY", date=END)
        aid_sums_refresh_stale()
        self.assertEqual(count(), before)

    def test_a_fresh_roll_up_reads_only_the_rates_it_used(self):
        def rates_read():
            with CaptureQueriesContext(connection) as queries:
                figures = aid_figures(user=self.central, start=START, end=END)
            read = [q["sql"] for q in queries if "core_exchangerate" in q["sql"]]
            return figures, read, len(queries)

        AidTransaction.objects.filter(currency="GBP").delete()  # the one without a rate (listed from the book)
        aid_sums_refresh_stale()
        rates_read()  # the user's reach read once
        figures, read, count = rates_read()
        self.assertEqual((len(figures.rates_used), figures.complete), (6, True))
        self.assertEqual(len(read), 1)  # the rates the sums name, by their ids
        self.assertIn('"core_exchangerate"."id" IN (', read[0])
        for year in range(2000, 2015):  # rates no figure of the period uses
            for currency in ("EUR", "JPY", "KRW"):
                ExchangeRate.objects.create(currency=currency, target="USD", rate=Decimal("1.5"), year=year)
        self.assertTrue(AidSumState.objects.filter(fresh=False).exists())  # a rate marks every unit stale
        stale, _read, stale_count = rates_read()
        self.assertEqual(snapshot(stale), snapshot(figures))
        self.assertGreater(stale_count, count)  # read again with the rate book
        aid_sums_refresh_stale()
        again, read_again, count_again = rates_read()
        self.assertEqual(snapshot(again), snapshot(figures))
        self.assertEqual((len(read_again), count_again), (1, count))

    def test_the_figures_after_every_kind_of_write_equal_the_live_figures(self):
        u, hp = self.u, self.u["hai_phong"]
        a = AidItem.objects.get(title_vi="A shares")

        def imported():
            result = aid_import_commit(actor=self.hp_editor, unit=hp, content=IMPORTED.encode(), filename="a.csv")
            self.assertEqual(result.created, 1)

        def admin_rate_changed():
            rate = ExchangeRate.objects.get(currency="EUR", target="USD", date=date(2020, 5, 1))
            self.client.force_login(self.admin)
            data = {
                "currency": "EUR",
                "target": "USD",
                "rate": "1.2345",
                "date": "2020-05-01",
                "year": "",
                "source": "t",
            }
            response = self.client.post(f"/admin/core/exchangerate/{rate.pk}/change/", data)
            self.assertEqual(response.status_code, 302, response.content[:2000])
            self.assertEqual(ExchangeRate.objects.get(pk=rate.pk).rate, Decimal("1.2345"))

        def admin_item_deleted():
            item = AidItem.objects.get(title_vi="B equal")
            self.client.force_login(self.admin)
            response = self.client.post(f"/admin/aid/aiditem/{item.pk}/delete/", {"post": "yes"})
            self.assertEqual(response.status_code, 302)
            self.assertFalse(AidItem.objects.filter(pk=item.pk).exists())

        channels = {
            "transaction recorded": lambda: services.aid_transaction_create(
                actor=self.hp_editor,
                data={"item": a, "kind": "disbursement", "amount": Decimal("777.77"), "currency": "EUR", "date": END},
            ),
            "transaction corrected": lambda: services.aid_transaction_update(
                actor=self.hp_editor,
                instance=AidTransaction.objects.get(item=a, kind="commitment"),
                data={"amount": Decimal("90000.05"), "currency": "JPY", "date": date(2021, 2, 1)},
            ),
            "transaction deleted": lambda: model_delete(
                instance=AidTransaction.objects.get(item=a, amount=Decimal("777.77")), actor=self.hp_editor
            ),
            "transaction restored": lambda: model_restore(
                instance=AidTransaction.all_objects.get(item=a, amount=Decimal("777.77")), actor=self.hp_editor
            ),
            "donor shares changed": lambda: services.aid_donor_shares_set(
                actor=self.hp_editor, item=a, shares={d.pk: None for d in a.donor_links.all()}
            ),
            "sectors changed": lambda: a.sectors.set(Sector.objects.filter(code="151")),
            "places changed": lambda: AidItem.objects.get(title_vi="B equal").locations.clear(),
            "item moved to another union": lambda: services.aid_item_update(
                actor=self.hp_editor, instance=AidItem.objects.get(title_vi="C mixed"), data={"unit": u["hai_duong"]}
            ),
            "imported": imported,
            "item deleted": lambda: model_delete(
                instance=AidItem.objects.get(title_vi="A shares"), actor=self.hp_editor
            ),
            "item restored": lambda: model_restore(
                instance=AidItem.all_objects.get(title_vi="A shares"), actor=self.hp_editor
            ),
            "moved in bulk": lambda: AidTransaction.objects.filter(item__unit=u["bac_ninh"]).update(item=a),
            "rate added": lambda: model_create(
                model=ExchangeRate,
                data={"currency": "GBP", "target": "USD", "rate": Decimal("1.27"), "year": 2020, "source": "t"},
            ),
            "rate changed in the admin": admin_rate_changed,
            "rate deleted": lambda: model_delete(instance=ExchangeRate.objects.get(currency="JPY"), actor=self.admin),
            "item deleted in the admin": admin_item_deleted,
        }
        links_only = {"donor shares changed", "sectors changed", "places changed"}
        for channel, write in channels.items():
            aid_sums_refresh_stale()
            write()
            # the donors, sectors and places are read from their links: their writes leave the sums
            self.assertEqual(AidSumState.objects.filter(fresh=False).exists(), channel not in links_only, channel)
            self.assert_as_live(channel, self.few_scopes())
            aid_sums_refresh_stale()
            self.assert_as_live(f"{channel}, refreshed", self.few_scopes())
        self.assert_as_live("at the end")


class FiguresBesideTests(PinnedData):
    """``aid_figures_beside``: the figures of a period and the totals of others (the dashboard's two
    terms) in one statement, each as ``aid_figures`` gives it alone."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        aid_sums_refresh()

    few_scopes = AidSumsTests.few_scopes
    OTHERS = [(date(2018, 1, 1), date(2020, 12, 31)), (date(2021, 1, 1), END), (None, None)]

    def assert_as_alone(self):
        for scope in self.few_scopes():
            scope = {"currency": "USD", **scope}
            with self.subTest(**{k: v for k, v in scope.items() if k != "user"}):
                figures, beside = aid_figures_beside(**scope, donors_named=1, totals_of=self.OTHERS)
                self.assertEqual(snapshot(figures), snapshot(aid_figures(**scope, donors_named=1)))
                alone = [
                    aid_figures(**{**scope, "start": start, "end": end}, breakdowns=(), count_donors=False)
                    for start, end in self.OTHERS
                ]
                self.assertEqual([snapshot(f) for f in beside], [snapshot(f) for f in alone])

    def test_each_period_as_alone_from_the_roll_up_and_from_the_transactions(self):
        self.assert_as_alone()
        self.assertTrue(any(not f.complete for f in aid_figures_beside(user=self.central, totals_of=self.OTHERS)[1]))
        AidSumState.objects.update(fresh=False)
        with self.captureOnCommitCallbacks(execute=False):
            self.assert_as_alone()

    def test_the_other_periods_ask_no_query_of_their_own(self):
        AidTransaction.objects.filter(currency="GBP").delete()  # its missing rate is listed by a query
        aid_sums_refresh_stale()

        def count(**others):
            with CaptureQueriesContext(connection) as queries:
                aid_figures_beside(user=self.central, start=START, end=END, **others)
            return len(queries)

        count()
        self.assertEqual(count(totals_of=self.OTHERS), count())

    def test_figures_that_list_no_rates_do_not_read_them(self):
        """The dashboard's widget shows no rates: the same figures, without the query naming them."""

        def read(**listing):
            with CaptureQueriesContext(connection) as queries:
                figures, beside = aid_figures_beside(
                    user=self.central, start=START, end=END, totals_of=self.OTHERS, **listing
                )
            return figures, beside, len(queries)

        read()  # what any first read reads once
        listed, listed_beside, listed_queries = read()
        unlisted, unlisted_beside, unlisted_queries = read(list_rates=False)
        self.assertTrue(listed.rates_used)
        self.assertEqual(unlisted.rates_used, [])
        self.assertEqual(unlisted_queries, listed_queries - 1)
        for kept, without in zip([listed, *listed_beside], [unlisted, *unlisted_beside], strict=True):
            self.assertEqual({**snapshot(kept), "rates_used": []}, {**snapshot(without), "rates_used": []})
