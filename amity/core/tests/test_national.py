"""The synthetic country (``make_country``) at scale 0.01: every page of the top bar's menu, the
dashboard and every report kind answer for the central union and a provincial union's editor."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from amity.aid.models import AidTransaction
from amity.core.discovery import app_modules
from amity.core.views import dashboard_apps
from amity.diaspora.models import Compatriot, Contribution
from amity.reports.choices import ReportKind
from amity.reports.models import Report
from amity.units.models import Unit

SCALE = 0.01
USERS = ("central-admin", "hai-phong-editor")


class NationalSmokeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("make_country", scale=SCALE, no_progress=True, stdout=open("/dev/null", "w"))

    def test_the_country_holds_its_volumes_and_tree(self):
        self.assertEqual(Compatriot.objects.count(), 10_000)
        self.assertEqual(Contribution.objects.count(), 2_000)
        self.assertEqual(AidTransaction.objects.count(), 5_000)
        provincial = Unit.objects.filter(kind="provincial")
        self.assertEqual(provincial.filter(valid_to__isnull=True).count(), 34)
        former = provincial.filter(valid_to__isnull=False)
        self.assertGreater(former.count(), 20)  # the pre-2025 provinces whose name did not go on
        self.assertFalse(former.filter(successor__isnull=True).exists())
        currencies = set(AidTransaction.objects.values_list("currency", flat=True))
        self.assertGreaterEqual(len(currencies), 5)

    def test_no_page_offers_a_list_longer_than_a_person_reads(self):
        """Every menu page and the add and import forms it links to: a choice among records that grow
        with the country (people, tasks, units) is a box to type in (``core.pickers``); a plain list
        holds at most the world's currencies (about 180)."""
        menu = [reverse(name) for _label, module in app_modules("navigation") for _title, name in module.MENU]
        User = get_user_model()
        for username in USERS:
            self.client.force_login(User.objects.get(username=username))
            forms = set()
            for url in menu:
                html = self.client.get(url).content.decode()
                forms |= {link for link in re.findall(r'href="(/[^"?#]*/(?:add|import)/)"', html)}
                self.assert_short_lists(username, url, html)
            self.assertGreater(len(forms), 20)
            for url in sorted(forms):
                self.assert_short_lists(username, url, self.client.get(url).content.decode())

    def assert_short_lists(self, username: str, url: str, html: str) -> None:
        for attrs, options in re.findall(r"<select([^>]*)>(.*?)</select>", html, re.S):
            with self.subTest(user=username, url=url, select=attrs.strip()[:60]):
                self.assertLessEqual(options.count("<option"), 200)

    def test_every_menu_page_and_report_kind_answers_for_the_centre_and_a_province(self):
        menu = [reverse(name) for _label, module in app_modules("navigation") for _title, name in module.MENU]
        self.assertGreater(len(menu), 30)
        User = get_user_model()
        for username in USERS:
            self.client.force_login(User.objects.get(username=username))
            self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
            widgets = [reverse("dashboard_widgets", args=[label]) for _order, label in dashboard_apps()]
            for url in [reverse("dashboard"), *widgets, *menu]:
                with self.subTest(user=username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)
            unit = Unit.objects.get(memberships__user__username=username)
            reports = Report.objects.filter(unit=unit)
            self.assertEqual(set(reports.values_list("kind", flat=True)), set(ReportKind.values))
            for report in reports:
                with self.subTest(user=username, report=report.kind):
                    self.assertEqual(self.client.get(report.get_absolute_url()).status_code, 200)
