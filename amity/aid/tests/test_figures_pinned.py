"""The aid figures of a mixed dataset, every row and the total, pinned: five currencies through
yearly, daily and inverse rates (a half-cent product that only exact decimals round up), a rate
missing, donor shares (summing to 100, none, and mixed), equal splits over sectors, groups and
places, and unions merged in 2025, grouped by today's unions and by those of 2024."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from amity.aid.metrics import FIGURES_PAGE
from amity.aid.models import AidTransaction, BeneficiaryGroup, Sector
from amity.aid.selectors import aid_figures
from amity.aid.tests.factories import make_donor, make_item, make_rate
from amity.core.roles import Role
from amity.geo.models import Country
from amity.geo.services import current_province_by_name, province_by_name
from amity.union.metrics import Scope, compute, compute_many
from amity.units.testing import BEFORE_MERGER, make_merged_unions, make_user

START, END = date(2018, 1, 1), date(2023, 12, 31)
D = Decimal

CENTRAL_2024_VND = {
    "counts": (4, 3, 1, 4, 3),
    "total": (D("2530000231.00"), D("5000000.00"), False),
    "missing": [
        ("EUR", 2020, "2020-03-01"),
        ("EUR", 2020, "2020-06-01"),
        ("EUR", 2020, "2020-10-01"),
        ("GBP", 2020, "2020-11-01"),
        ("JPY", 2021, "2021-04-01"),
        ("USD", 2023, "2023-05-01"),
        ("USD", 2023, "2023-06-01"),
    ],
    "rates": [("USD", "VND", D("23000.00000000"), None, 2020)],
    "warnings": 0,
    "mixed": ["C mixed"],
    "donor": [
        ("Japan NGO", 2, D("881590077.16"), D("2500000.00")),
        ("Korea NGO", 3, D("766820076.68"), D("0.00")),
        ("German NGO", 2, D("766590076.66"), D("0.00")),
        ("Private donor", 1, D("115000000.50"), D("2500000.00")),
    ],
    "country": [
        ("Nhật Bản", 2, D("881590077.16"), D("2500000.00")),
        ("Hàn Quốc", 3, D("766820076.68"), D("0.00")),
        ("Đức", 2, D("766590076.66"), D("0.00")),
        ("", 1, D("115000000.50"), D("2500000.00")),
    ],
    "sector": [
        ("111 Sector 111", 3, D("1226666782.00"), D("1666666.67")),
        ("122 Sector 122", 3, D("1226666782.00"), D("1666666.67")),
        ("151 Sector 151", 2, D("76666667.00"), D("1666666.66")),
        ("", 1, D("0"), D("0")),
    ],
    "beneficiary": [
        ("Phụ nữ", 1, D("1150000115.00"), D("0.00")),
        ("Trẻ em có hoàn cảnh khó khăn", 2, D("1150000115.00"), D("0.00")),
        ("", 2, D("230000001.00"), D("5000000.00")),
    ],
    "province": [
        ("Hải Dương + Hải Phòng", 2, D("2415000230.50"), D("2500000.00")),
        ("Hải Dương", 1, D("115000000.50"), D("2500000.00")),
        ("", 1, D("0"), D("0")),
        ("Bắc Giang", 1, D("0"), D("0")),
    ],
    "unit": [
        ("Hải Phòng", 1, D("2300000230.00"), D("0")),
        ("Hải Dương", 1, D("230000001.00"), D("5000000.00")),
        ("Bắc Giang", 1, D("0"), D("0")),
        ("Bắc Ninh", 1, D("0"), D("0")),
    ],
}

CENTRAL_TODAY_USD = {
    "counts": (4, 3, 1, 4, 3),
    "total": (D("114266.64"), D("26538.37"), False),
    "missing": [("GBP", 2020, "2020-11-01")],
    "rates": [
        ("EUR", "USD", D("1.10000000"), None, 2020),
        ("EUR", "USD", D("1.20000000"), date(2020, 5, 1), None),
        ("EUR", "USD", D("1.25000000"), date(2020, 9, 1), None),
        ("JPY", "USD", D("0.00912345"), None, 2021),
        ("USD", "VND", D("23000.00000000"), None, 2020),
        ("VND", "USD", D("0.00004000"), None, 2022),
    ],
    "warnings": 2,
    "mixed": ["C mixed"],
    "donor": [
        ("Japan NGO", 2, D("38330.01"), D("10706.21")),
        ("Korea NGO", 3, D("35523.31"), D("5125.95")),
        ("German NGO", 2, D("35413.32"), D("4974.46")),
        ("Private donor", 1, D("5000.00"), D("5731.75")),
    ],
    "country": [
        ("Nhật Bản", 2, D("38330.01"), D("10706.21")),
        ("Hàn Quốc", 3, D("35523.31"), D("5125.95")),
        ("Đức", 2, D("35413.32"), D("4974.46")),
        ("", 1, D("5000.00"), D("5731.75")),
    ],
    "sector": [
        ("111 Sector 111", 3, D("53366.67"), D("11333.60")),
        ("122 Sector 122", 3, D("53366.66"), D("11333.60")),
        ("", 1, D("4166.63"), D("0")),
        ("151 Sector 151", 2, D("3366.68"), D("3871.17")),
    ],
    "beneficiary": [
        ("Trẻ em có hoàn cảnh khó khăn", 2, D("54166.63"), D("7462.43")),
        ("Phụ nữ", 1, D("50000.01"), D("7462.43")),
        ("", 2, D("10100.00"), D("11613.51")),
    ],
    "province": [
        ("Hải Phòng", 2, D("110000.01"), D("26388.37")),
        ("Bắc Ninh", 1, D("4166.63"), D("0")),
        ("", 1, D("100.00"), D("150.00")),
    ],
    "unit": [("Hải Phòng", 2, D("110000.01"), D("26388.37")), ("Bắc Ninh", 2, D("4266.63"), D("150.00"))],
}

HAI_PHONG_TODAY = {
    "counts": (2, 1, 1, 4, 3),
    "total": (D("110000.01"), D("26388.37"), True),
    "missing": [],
    "rates": [
        ("EUR", "USD", D("1.10000000"), None, 2020),
        ("EUR", "USD", D("1.20000000"), date(2020, 5, 1), None),
        ("JPY", "USD", D("0.00912345"), None, 2021),
        ("USD", "VND", D("23000.00000000"), None, 2020),
        ("VND", "USD", D("0.00004000"), None, 2022),
    ],
    "warnings": 1,
    "mixed": [],
    "donor": [
        ("Japan NGO", 2, D("38330.01"), D("10706.21")),
        ("Korea NGO", 1, D("33340.00"), D("4975.95")),
        ("German NGO", 1, D("33330.00"), D("4974.46")),
        ("Private donor", 1, D("5000.00"), D("5731.75")),
    ],
    "country": [
        ("Nhật Bản", 2, D("38330.01"), D("10706.21")),
        ("Hàn Quốc", 1, D("33340.00"), D("4975.95")),
        ("Đức", 1, D("33330.00"), D("4974.46")),
        ("", 1, D("5000.00"), D("5731.75")),
    ],
    "sector": [
        ("111 Sector 111", 2, D("53333.34"), D("11283.60")),
        ("122 Sector 122", 2, D("53333.33"), D("11283.60")),
        ("151 Sector 151", 1, D("3333.34"), D("3821.17")),
    ],
    "beneficiary": [
        ("Phụ nữ", 1, D("50000.01"), D("7462.43")),
        ("Trẻ em có hoàn cảnh khó khăn", 1, D("50000.00"), D("7462.43")),
        ("", 1, D("10000.00"), D("11463.51")),
    ],
    "province": [("Hải Phòng", 2, D("110000.01"), D("26388.37"))],
    "unit": [("Hải Phòng", 2, D("110000.01"), D("26388.37"))],
}

HAI_PHONG_2023 = {
    "counts": (1, 1, 0, 3, 3),
    "total": (D("100000.01"), D("14924.86"), True),
    "missing": [],
    "rates": [
        ("EUR", "USD", D("1.10000000"), None, 2020),
        ("EUR", "USD", D("1.20000000"), date(2020, 5, 1), None),
    ],
    "warnings": 0,
    "mixed": [],
    "donor": [
        ("Korea NGO", 1, D("33340.00"), D("4975.95")),
        ("Japan NGO", 1, D("33330.01"), D("4974.45")),
        ("German NGO", 1, D("33330.00"), D("4974.46")),
    ],
    "country": [
        ("Hàn Quốc", 1, D("33340.00"), D("4975.95")),
        ("Nhật Bản", 1, D("33330.01"), D("4974.45")),
        ("Đức", 1, D("33330.00"), D("4974.46")),
    ],
    "sector": [("111 Sector 111", 1, D("50000.01"), D("7462.43")), ("122 Sector 122", 1, D("50000.00"), D("7462.43"))],
    "beneficiary": [
        ("Phụ nữ", 1, D("50000.01"), D("7462.43")),
        ("Trẻ em có hoàn cảnh khó khăn", 1, D("50000.00"), D("7462.43")),
    ],
    "province": [("Hải Dương + Hải Phòng", 1, D("100000.01"), D("14924.86"))],
    "unit": [("Hải Phòng", 1, D("100000.01"), D("14924.86"))],
}


def flat(**query) -> dict:
    """Every figure of ``aid_figures(**query)`` as plain data, breakdown rows in their order, as a
    Vietnamese reader reads them."""
    with translation.override("vi"):
        figures = aid_figures(**query)
    return {
        "counts": (figures.items, figures.projects, figures.non_projects, figures.donors, figures.donor_countries),
        "total": (figures.committed, figures.disbursed, figures.complete),
        "missing": sorted((m["currency"], m["year"], str(m["date"])) for m in figures.missing),
        "rates": [(r["currency"], r["target"], r["rate"], r["date"], r["year"]) for r in figures.rates_used],
        "warnings": len(figures.disbursement_warnings),
        "mixed": [m["title"] for m in figures.mixed_shares],
        **{
            name: [(r.label, r.items, r.committed, r.disbursed) for r in getattr(figures, f"by_{name}")]
            for name in ("donor", "country", "sector", "beneficiary", "province", "unit")
        },
    }


class PinnedData(TestCase):
    """The mixed dataset of this module's docstring."""

    @classmethod
    def setUpTestData(cls):
        cls.u = u = make_merged_unions()
        cls.central = make_user("pinned-central", unit=u["vufo"], role=Role.VIEWER)
        cls.hp_viewer = make_user("pinned-hp", unit=u["hai_phong"], role=Role.VIEWER)
        jp, de, kr = (Country.objects.get(iso_alpha2=c) for c in ("JP", "DE", "KR"))
        japan, german = make_donor(u["vufo"], "Japan NGO", country=jp), make_donor(u["vufo"], "German NGO", country=de)
        korea, anon = make_donor(u["vufo"], "Korea NGO", country=kr), make_donor(u["vufo"], "Private donor")
        make_rate("USD", "VND", "23000", year=2020)
        make_rate("USD", "VND", "23150.50", year=2021)
        make_rate("EUR", "USD", "1.10", year=2020)
        make_rate("EUR", "USD", "1.20", day=date(2020, 5, 1))
        make_rate("EUR", "USD", "1.25", day=date(2020, 9, 1))
        make_rate("EUR", "USD", "1.30", day=date(2021, 1, 15))  # not before its year's earlier dates
        make_rate("JPY", "USD", "0.00912345", year=2021)
        make_rate("VND", "USD", "0.00004", year=2022)  # a direct VND rate beats the inverse
        sectors = list(Sector.objects.bulk_create([Sector(code=c, name=f"Sector {c}") for c in ("111", "122", "151")]))
        women, children = (BeneficiaryGroup.objects.get(code=code) for code in ("women", "children"))
        hai_phong, hai_duong = current_province_by_name("Hải Phòng"), province_by_name("Hải Dương", on=date(2022, 1, 1))
        bac_giang = province_by_name("Bắc Giang", on=date(2022, 1, 1))

        def add(item, kind, amount, currency, day):
            AidTransaction.objects.create(item=item, kind=kind, amount=D(amount), currency=currency, date=day)

        a = make_item(
            u["hai_phong"],
            "A shares",
            donors=[(japan, D("33.33")), (german, D("33.33")), (korea, D("33.34"))],
            committed=("100000.01", "USD"),
        )
        add(a, "disbursement", "12345.67", "EUR", date(2020, 6, 1))  # daily rate of 1 May: 1.20
        add(a, "disbursement", "100.05", "EUR", date(2020, 3, 1))  # yearly 1.10: 110.055 → 110.06
        a.sectors.set(sectors[:2])
        a.beneficiary_groups.set([women, children])
        a.locations.set([hai_phong])
        b = make_item(
            u["hai_duong"],
            "B equal",
            kind="non_project",
            donors=[japan, anon],
            committed=("230000001", "VND", date(2020, 2, 1)),  # inverse of 23000
        )
        add(b, "disbursement", "1234567", "JPY", date(2021, 4, 1))
        add(b, "disbursement", "5000000", "VND", date(2022, 4, 1))  # VND → USD directly
        b.sectors.set(sectors)
        b.locations.set([hai_duong, hai_phong])
        c = make_item(
            u["bg_japan"],
            "C mixed",
            donors=[(german, D("60")), korea],
            committed=("3333.30", "EUR", date(2020, 10, 1)),  # daily rate of 1 September: 1.25
        )
        add(c, "disbursement", "500", "GBP", date(2020, 11, 1))  # no rate: missing, left out
        c.locations.set([bac_giang])
        c.beneficiary_groups.set([children])
        d = make_item(u["bac_ninh"], "D over", donors=[korea], committed=("100", "USD"), decided=date(2023, 5, 1))
        add(d, "disbursement", "150", "USD", date(2023, 6, 1))
        d.sectors.set(sectors)
        make_item(u["hai_phong"], "Old", donors=[japan], committed=("999", "USD"), decided=date(2015, 1, 1))
        make_item(u["hai_phong"], "Proposed", status="proposed", donors=[japan], committed=("999", "USD"))


class PinnedAidFiguresTests(PinnedData):
    def test_central_union_today_in_usd(self):
        figures = flat(user=self.central, start=START, end=END)
        self.assertEqual(figures, CENTRAL_TODAY_USD)

    def test_central_union_in_2024_in_vnd(self):
        figures = flat(user=self.central, start=START, end=END, currency="VND", day=BEFORE_MERGER)
        self.assertEqual(figures, CENTRAL_2024_VND)

    def test_countries_sectors_and_groups_named_in_the_readers_language_in_one_query(self):
        aid_figures(user=self.central, start=START, end=END)  # the roll-up refreshed first
        with CaptureQueriesContext(connection) as unnamed:
            aid_figures(user=self.central, start=START, end=END, breakdowns=("donor", "province", "unit"))
        with translation.override("ru"):
            with CaptureQueriesContext(connection) as named:
                figures = aid_figures(user=self.central, start=START, end=END)
            labels = {
                "country": [(c.iso_alpha2, c.name) for c in Country.objects.filter(iso_alpha2__in=("JP", "KR", "DE"))],
                "sector": [(s.code, str(s)) for s in Sector.objects.filter(code__in=("111", "122", "151"))],
                "beneficiary": [
                    (g.code, str(g)) for g in BeneficiaryGroup.objects.filter(code__in=("women", "children"))
                ],
            }
        self.assertEqual(len(named), len(unnamed) + 1)  # the others' rows, then their names: one query
        for dimension, expected in labels.items():
            with self.subTest(dimension):
                rows = {(r.key, r.label) for r in getattr(figures, f"by_{dimension}") if r.key}
                self.assertEqual(rows, set(expected))
        self.assertIn(("JP", "Япония"), labels["country"])  # in Russian, not the Vietnamese "Nhật Bản"

    def test_hai_phong_today_and_as_it_was(self):
        unit = self.u["hai_phong"]
        merged = flat(user=self.hp_viewer, unit=unit, start=START, end=END)
        own = flat(user=self.hp_viewer, unit=unit, start=START, end=END, day=END)
        self.assertEqual(merged, HAI_PHONG_TODAY)
        self.assertEqual(own, HAI_PHONG_2023)


class ManyScopesTests(PinnedData):
    """The catalogue's aid values of many scopes at once (a page listing many stated figures) are
    those of ``aid_figures`` for each, in as many queries as for one scope."""

    def scopes(self):
        u = self.u
        return [
            Scope(u["vufo"], START, END, "USD", None),
            Scope(u["vufo"], START, END, "VND", BEFORE_MERGER),
            Scope(u["hai_phong"], START, END, "USD", END),
            Scope(u["hai_phong"], None, date(2020, 12, 31), "USD", date(2020, 12, 31)),
            Scope(u["hai_duong"], START, END, "USD", END),
            Scope(u["bac_ninh"], date(2023, 1, 1), END, "USD", None),
        ]

    def test_each_value_is_the_one_computed_alone(self):
        for code in FIGURES_PAGE:
            together = compute_many(code, user=self.central, scopes=self.scopes())
            for scope in self.scopes():
                with self.subTest(code=code, scope=scope):
                    alone = compute(code, user=self.central, unit=scope.unit, start=scope.start, end=scope.end,
                                    currency=scope.currency, day=scope.day)  # fmt: skip
                    self.assertEqual(together[scope], alone)

    def test_queries_do_not_grow_with_the_scopes(self):
        for code in ("aid_items", "aid_mobilised"):
            with CaptureQueriesContext(connection) as one:
                compute_many(code, user=self.central, scopes=self.scopes()[:1])
            with CaptureQueriesContext(connection) as six:
                compute_many(code, user=self.central, scopes=self.scopes())
            self.assertLessEqual(len(six), len(one) + 2, code)  # a second currency: its rates and days
