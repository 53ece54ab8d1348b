"""Country groups are shared reference data: everyone reads them, national figures group by them,
and only administrators of the central union edit them (not a province's administrators)."""

from django.test import TestCase

from amity.geo.models import Country, CountryGroup
from amity.units.testing import CentralReferenceRightsMixin


class CountryGroupRightsTests(CentralReferenceRightsMixin, TestCase):
    model = CountryGroup
    ui = "geo:countrygroup"
    api = "geo-api:countrygroup"
    change_payload = {"name": "Đông Bắc Á"}

    @classmethod
    def make(cls):
        group = CountryGroup.objects.create(name="Northeast Asia")
        group.countries.set(Country.objects.filter(iso_alpha2__in=["JP", "KR", "CN", "MN"]))
        return group

    @classmethod
    def create_payloads(cls):
        japan, korea = Country.objects.filter(iso_alpha2__in=["JP", "KR"]).order_by("iso_alpha2")
        return {"name": "East Asia", "countries": [japan.pk]}, {"name": "Korea", "countries": [korea.pk]}

    def test_central_administrator_adds_on_screen_and_through_the_api(self):
        super().test_central_administrator_adds_on_screen_and_through_the_api()
        self.assertEqual(
            sorted(CountryGroup.objects.values_list("name", "countries__iso_alpha2")),
            [("East Asia", "JP"), ("Korea", "KR"), ("Northeast Asia", "CN"), ("Northeast Asia", "JP"),
             ("Northeast Asia", "KR"), ("Northeast Asia", "MN")],
        )  # fmt: skip

    def test_refused_writes_leave_the_group_and_its_countries_as_they_were(self):
        self.assert_reads_but_cannot_change(self.province_admin)
        self.record.refresh_from_db()
        self.assertEqual(self.record.name, "Northeast Asia")
        self.assertEqual(sorted(self.record.countries.values_list("iso_alpha2", flat=True)), ["CN", "JP", "KR", "MN"])
        self.assertFalse(CountryGroup.all_objects.filter(name__in=["East Asia", "Korea"]).exists())
