"""Small builders for the diaspora tests."""

from datetime import date

from amity.geo.models import Country
from amity.geo.services import province_by_name

from ..models import Compatriot


def compatriot(unit, full_name: str, *, country: str = "CZ", **values) -> Compatriot:
    values.setdefault("consent_on", date(2026, 1, 15))
    values.setdefault("home_unit", province_by_name("Bắc Giang", on=date(2022, 1, 1)))
    return Compatriot.objects.create(
        unit=unit, full_name=full_name, country=Country.objects.get(iso_alpha2=country), **values
    )
