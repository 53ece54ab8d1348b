"""Diplomatic relations and national days feed every union's calendar (anniversaries, congratulations):
everyone reads them, only administrators of the central union write them."""

from datetime import date

from django.test import TestCase

from amity.activities.models import DiplomaticRelation, NationalDay
from amity.geo.models import Country
from amity.units.testing import CentralReferenceRightsMixin


def country(code: str) -> Country:
    return Country.objects.get(iso_alpha2=code)


class DiplomaticRelationRightsTests(CentralReferenceRightsMixin, TestCase):
    model = DiplomaticRelation
    ui = "activities:diplomaticrelation"
    api = "activities-api:diplomaticrelation"
    change_payload = {"established_on": "1962-09-05", "precision": "day"}

    @classmethod
    def make(cls):
        return DiplomaticRelation.objects.create(
            country=country("LA"), established_on=date(1962, 9, 1), precision="month"
        )

    @classmethod
    def create_payloads(cls):
        return (
            {"country": country("KH").pk, "established_on": "1967-06-24", "precision": "day"},
            {"country": country("JP").pk, "established_on": "1973-09-21", "precision": "day"},
        )

    def test_refused_writes_leave_the_anniversary_as_it_was(self):
        self.assert_reads_but_cannot_change(self.province_admin)
        self.record.refresh_from_db()
        self.assertEqual((self.record.established_on, self.record.precision), (date(1962, 9, 1), "month"))
        self.assertFalse(DiplomaticRelation.all_objects.filter(country__iso_alpha2__in=["KH", "JP"]).exists())


class NationalDayRightsTests(CentralReferenceRightsMixin, TestCase):
    model = NationalDay
    ui = "activities:nationalday"
    api = "activities-api:nationalday"
    change_payload = {"name": "Quốc khánh nước CHDCND Lào"}

    @classmethod
    def make(cls):
        return NationalDay.objects.create(country=country("LA"), name="Quốc khánh", month=12, day=2)

    @classmethod
    def create_payloads(cls):
        return (
            {"country": country("JP").pk, "name": "Ngày sinh Nhật hoàng", "month": 2, "day": 23},
            {"country": country("FR").pk, "name": "Quốc khánh", "month": 7, "day": 14},
        )

    def test_refused_writes_leave_the_day_as_it_was(self):
        self.assert_reads_but_cannot_change(self.association_admin)
        self.record.refresh_from_db()
        self.assertEqual((self.record.name, self.record.month, self.record.day), ("Quốc khánh", 12, 2))
        self.assertEqual(NationalDay.all_objects.count(), 1)
