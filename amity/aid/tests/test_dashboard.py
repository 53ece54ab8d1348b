"""The unit's dashboard: the current term's aid figures move when aid is approved, and deadlines show."""

from datetime import date, timedelta

from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from amity.aid.models import AidDonor, Sector
from amity.aid.selectors import aid_deadlines
from amity.aid.services import aid_transaction_create, aid_transition, sectors_load
from amity.core.roles import Role
from amity.core.testing import dashboard_page
from amity.units.testing import make_unit_tree, make_user

from .factories import make_donor, make_item, make_rate


class DashboardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.u = make_unit_tree()
        cls.admin = make_user("hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN)
        cls.bn = make_user("bn-admin", unit=cls.u["bac_ninh"], role=Role.ADMIN)
        cls.ngo = make_donor(cls.u["hai_phong"], "Hands of Friendship")
        cls.today = timezone.localdate()
        make_rate("USD", "VND", "25000", year=cls.today.year)

    def dashboard(self, user):
        self.client.force_login(user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return dashboard_page(self.client)

    def test_approving_aid_with_money_in_vnd_and_usd_moves_the_current_term(self):
        item = make_item(
            self.u["hai_phong"], "Nhà tình thương 2026", donors=[self.ngo], status="proposed", decided=None
        )
        for amount, currency in (("50000000", "VND"), ("1000", "USD")):
            aid_transaction_create(
                actor=self.admin,
                data={"item": item, "kind": "commitment", "amount": amount, "currency": currency, "date": self.today},
            )
        before = self.dashboard(self.admin)
        self.assertContains(before, 'data-figure="items">0<')  # proposed aid is not counted yet
        aid_transition(actor=self.admin, item=item, to_status="appraisal")
        aid_transition(
            actor=self.admin,
            item=item,
            to_status="approved",
            data={"decision_number": "9/QĐ-UBND", "decision_date": self.today, "approving_body": "UBND TP Hải Phòng"},
        )
        after = self.dashboard(self.admin)
        self.assertContains(after, 'data-figure="items">1<')
        self.assertContains(after, 'data-figure="donors">1<')
        self.assertContains(after, 'data-figure="committed">3,000<')  # 1,000 USD + 50,000,000 VND at 25,000
        self.assertNotContains(after, 'data-figure="missing-rates"')
        self.assertContains(self.dashboard(self.bn), 'data-figure="items">0<')  # another province sees none of it

    def test_the_chart_names_the_donors_else_the_sectors_read_only_then(self):
        water = Sector.objects.get(code="14030")
        item = make_item(self.u["hai_phong"], "Giếng nước", committed=("1000", "USD", self.today), decided=self.today)
        item.sectors.set([water])
        with CaptureQueriesContext(connection) as without_donors:
            response = self.dashboard(self.admin)
        self.assertContains(response, str(water)[:20])  # no donor: the sectors' chart
        AidDonor.objects.create(item=item, organisation=make_donor(self.u["hai_phong"], "Quỹ Nước Sạch"))
        with CaptureQueriesContext(connection) as with_donors:
            response = self.dashboard(self.admin)
        self.assertContains(response, "Quỹ Nước Sạch")
        self.assertNotContains(response, str(water)[:20])
        sectors_read = [q for q in with_donors if "aid_aiditem_sectors" in q["sql"]]
        self.assertEqual(sectors_read, [])  # the donors' chart: the sectors are not split
        self.assertTrue([q for q in without_donors if "aid_aiditem_sectors" in q["sql"]])

    def test_a_figure_without_its_rate_says_so_on_the_dashboard(self):
        make_item(self.u["hai_phong"], "EUR aid", committed=("700", "EUR", self.today), decided=self.today)
        response = self.dashboard(self.admin)
        self.assertContains(response, 'data-figure="items">1<')
        self.assertContains(response, 'data-figure="committed">0<')
        self.assertContains(response, 'data-figure="missing-rates"')
        self.assertContains(response, f"1 transaction(s) in EUR in {self.today.year}")

    def test_deadlines_show_overdue_and_coming_ones_soonest_first_and_drop_closed_items(self):
        unit, today = self.u["hai_phong"], self.today
        late_report = make_item(unit, "Late report", status="implementation", report_due=today - timedelta(days=5))
        ending = make_item(unit, "Ending soon", status="implementation", end_date=today + timedelta(days=20))
        overrun = make_item(
            unit,
            "Ended, not completed",
            status="implementation",
            start_date=date(2020, 1, 1),
            end_date=today - timedelta(days=40),
        )
        final_report = make_item(unit, "Completed, final report", status="completed", report_due=today)
        make_item(unit, "Closed", status="closed", report_due=today - timedelta(days=5), end_date=today)
        make_item(unit, "Far away", status="implementation", report_due=today + timedelta(days=200))
        make_item(self.u["bac_ninh"], "Other province", status="implementation", report_due=today)
        self.assertEqual(list(aid_deadlines(user=self.admin)), [overrun, late_report, final_report, ending])
        response = self.dashboard(self.admin)
        self.assertContains(response, f'data-overdue="{late_report.pk}"')
        self.assertContains(response, f'data-overdue="{overrun.pk}"')
        self.assertNotContains(response, f'data-overdue="{ending.pk}"')
        self.assertNotContains(response, "Other province")
