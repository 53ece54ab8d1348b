"""Every log entry of a view or export of personal data names the units whose persons were shown,
not every unit where the user holds a role."""

from datetime import date

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from amity.audit.models import ExportLog
from amity.audit.selectors import export_log_list
from amity.audit.services import export_record
from amity.core.roles import Role
from amity.units.models import Membership
from amity.units.testing import make_unit_tree, make_user

from ..models import Compatriot, Contribution
from .factories import compatriot


class TwoProvinceUserLogTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.bn, cls.hp = cls.u["bac_ninh"], cls.u["hai_phong"]
        # editor with the personal right in Bắc Ninh, viewer (who may export) in Hải Phòng
        cls.user = make_user("two-provinces", unit=cls.bn)
        Membership.objects.create(user=cls.user, unit=cls.hp, role=Role.VIEWER)
        cls.hp_auditor = make_user("hp-auditor", unit=cls.hp, role=Role.AUDITOR)
        cls.bn_auditor = make_user("bn-auditor", unit=cls.bn, role=Role.AUDITOR)
        cls.an = compatriot(cls.bn, "Nguyễn Văn An", birth_year=1975, city="Praha")
        cls.an_twin = compatriot(cls.bn, "Nguyen Van An", birth_year=1975, city="Praha")
        cls.binh = compatriot(cls.bn, "Trần Thị Bình", birth_year=1980, city="Brno")
        cls.hp_person = compatriot(cls.hp, "Lê Văn Cường", birth_year=1990, city="Plzeň")
        Contribution.objects.create(unit=cls.bn, compatriot=cls.an, amount=2_000_000, received_on=date(2021, 6, 1))
        Contribution.objects.create(
            unit=cls.hp, compatriot=cls.hp_person, amount=5_000_000, received_on=date(2021, 7, 1)
        )

    def setUp(self):
        self.client.force_login(self.user)

    def assertLoggedFor(self, fmt, row_count, model=Compatriot):
        log = ExportLog.objects.filter(format=fmt).latest("pk")
        self.assertEqual(
            (log.personal, log.row_count, log.content_type.model), (True, row_count, model._meta.model_name)
        )
        self.assertEqual(list(log.units.values_list("pk", flat=True)), [self.bn.pk])
        self.assertIn(log, export_log_list(user=self.bn_auditor))
        self.assertNotIn(log, export_log_list(user=self.hp_auditor))
        return log

    def test_list_names_the_province_of_the_names_shown(self):
        response = self.client.get(reverse("diaspora:compatriot_list"), {"reveal": "1"})
        self.assertContains(response, "Trần Thị Bình")
        self.assertNotContains(response, "Lê Văn Cường")  # Hải Phòng's, masked: not a view of personal data
        self.assertLoggedFor("reveal", 3)

    def test_export_names_the_province_exported(self):
        response = self.client.get(reverse("diaspora:compatriot_list"), {"export": "csv", "unit": self.bn.pk})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Trần Thị Bình", response.content.decode())
        self.assertLoggedFor("csv", 3)

    def test_search_names_the_province_of_the_persons_found(self):
        self.client.get(reverse("search"), {"q": "tran thi binh"})
        self.assertLoggedFor("search", 1)

    def test_detail_names_the_person_s_province(self):
        self.assertContains(self.client.get(self.binh.get_absolute_url()), "Trần Thị Bình")
        self.assertLoggedFor("detail", 1)
        self.client.get(self.hp_person.get_absolute_url())  # masked for a Hải Phòng viewer: not logged
        self.assertEqual(ExportLog.objects.count(), 1)

    def test_duplicates_name_both_persons_of_each_pair(self):
        response = self.client.post(reverse("diaspora:duplicates"))
        self.assertRedirects(response, reverse("diaspora:duplicates"), fetch_redirect_response=False)
        self.assertContains(self.client.get(reverse("diaspora:duplicates")), "Nguyen Van An")
        self.assertLoggedFor("duplicates", 2)
        pairs = self.client.get(reverse("diaspora-api:compatriot-duplicates")).json()["results"]
        self.assertEqual(len(pairs), 1)
        self.assertLoggedFor("duplicates", 2)
        self.assertEqual(ExportLog.objects.count(), 2)  # the API's pairs are not logged a second time

    def test_contribution_list_names_the_donors_shown(self):
        response = self.client.get(reverse("diaspora:contribution_list"))
        self.assertContains(response, "Nguyễn Văn An")
        self.assertNotContains(response, "Lê Văn Cường")
        self.assertLoggedFor("list", 1, model=Contribution)

    def test_api_list_names_the_compatriots_whose_names_were_shown(self):
        url = reverse("diaspora-api:compatriot-list")
        rows = self.client.get(url, {"page_size": 50}).json()["results"]
        self.assertEqual(len(rows), 4)
        log = self.assertLoggedFor("api", 3)
        self.assertEqual(log.query, url)
        # the log costs the same queries for three names shown as for thirteen
        with CaptureQueriesContext(connection) as few:
            self.client.get(url, {"page_size": 50})
        for i in range(10):
            compatriot(self.bn, f"Phạm Văn Dũng {i}", birth_year=1960 + i)
        with CaptureQueriesContext(connection) as many:
            self.client.get(url, {"page_size": 50})
        self.assertEqual(ExportLog.objects.filter(format="api").latest("pk").row_count, 13)
        self.assertEqual(len(many), len(few))

    def test_api_list_does_not_count_an_erased_person(self):
        from .. import services

        services.compatriot_erase(actor=self.user, compatriot=self.binh, requested_on=date(2026, 2, 1))
        self.client.get(reverse("diaspora-api:compatriot-list"))
        self.assertLoggedFor("api", 2)

    def test_personal_data_cannot_be_logged_without_its_records(self):
        with self.assertRaises(TypeError):
            export_record(actor=self.user, model=Compatriot, format="list", row_count=1, personal=True)
        # an export of no rows names no unit rather than every unit of the exporter
        log = export_record(actor=self.user, model=Compatriot, format="csv", row_count=0, personal=True, records=[])
        self.assertFalse(log.units.exists())
        shared = export_record(actor=self.user, model=Compatriot, format="csv", row_count=0)
        self.assertEqual(set(shared.units.values_list("pk", flat=True)), {self.bn.pk, self.hp.pk})
