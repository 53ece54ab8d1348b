"""The rate table converts every national aid figure and the beneficiary groups classify them:
everyone reads both, only administrators of the central union write them."""

from decimal import Decimal

from django.test import TestCase

from amity.aid.models import BeneficiaryGroup
from amity.core.models import ExchangeRate
from amity.units.testing import CentralReferenceRightsMixin


class ExchangeRateRightsTests(CentralReferenceRightsMixin, TestCase):
    model = ExchangeRate
    ui = "core:exchangerate"
    api = "core-api:exchangerate"
    change_payload = {"rate": "23500.00000000"}

    @classmethod
    def make(cls):
        return ExchangeRate.objects.create(currency="USD", target="VND", rate=Decimal(23000), year=2020, source="SBV")

    @classmethod
    def create_payloads(cls):
        return (
            {"currency": "EUR", "target": "VND", "rate": "25000", "year": 2020, "source": "SBV"},
            {"currency": "JPY", "target": "VND", "rate": "210", "year": 2020, "source": "SBV"},
        )

    def test_refused_writes_leave_the_rate_as_it_was(self):
        self.assert_reads_but_cannot_change(self.province_admin)
        self.record.refresh_from_db()
        self.assertEqual(self.record.rate, Decimal(23000))
        self.assertEqual(list(ExchangeRate.all_objects.values_list("currency", flat=True)), ["USD"])


class BeneficiaryGroupRightsTests(CentralReferenceRightsMixin, TestCase):
    model = BeneficiaryGroup
    ui = None  # API only
    api = "aid-api:beneficiarygroup"
    change_payload = {"name": "Nạn nhân chất độc da cam/dioxin"}

    @classmethod
    def make(cls):
        return BeneficiaryGroup.objects.create(code="test-group", name="Nhóm thử")

    @classmethod
    def create_payloads(cls):
        return None, {"code": "flood-victims", "name": "Người dân vùng lũ"}

    def test_refused_writes_leave_the_groups_as_they_were(self):
        before = sorted(BeneficiaryGroup.all_objects.values_list("code", "name"))
        self.assert_reads_but_cannot_change(self.association_admin)
        self.assertEqual(sorted(BeneficiaryGroup.all_objects.values_list("code", "name")), before)
