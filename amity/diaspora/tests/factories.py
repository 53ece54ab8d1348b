"""Small builders for the diaspora tests."""

from datetime import date
from decimal import Decimal

import factory

from amity.diaspora.models import Compatriot, Contribution, RemittanceStat
from amity.geo.models import Country
from amity.geo.services import province_by_name
from amity.registry.tests.factories import OrganisationFactory, country
from amity.units.tests.factories import UnitFactory


def compatriot(unit, full_name: str, *, country: str = "CZ", **values) -> Compatriot:
    values.setdefault("consent_on", date(2026, 1, 15))
    values.setdefault("home_unit", province_by_name("Bắc Giang", on=date(2022, 1, 1)))
    return Compatriot.objects.create(
        unit=unit, full_name=full_name, country=Country.objects.get(iso_alpha2=country), **values
    )


class CompatriotFactory(factory.django.DjangoModelFactory):
    """A compatriot in Czechia who consented, born in Bắc Giang, member of an association there."""

    class Meta:
        model = Compatriot

    unit = factory.SubFactory(UnitFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Hùng {n}")
    country = factory.LazyFunction(lambda: country("CZ"))
    consent_on = date(2026, 1, 15)
    home_unit = factory.LazyFunction(lambda: province_by_name("Bắc Giang", on=date(2022, 1, 1)))
    organisation = factory.SubFactory(OrganisationFactory, unit=factory.SelfAttribute("..unit"))


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    unit = factory.SubFactory(UnitFactory)
    compatriot = factory.SubFactory(CompatriotFactory, unit=factory.SelfAttribute("..unit"))
    organisation = factory.SubFactory(OrganisationFactory, unit=factory.SelfAttribute("..unit"))
    amount = Decimal(500)
    currency = "EUR"
    received_on = date(2024, 4, 1)


class RemittanceStatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RemittanceStat

    unit = factory.SubFactory(UnitFactory)
    year_from = 2023
    year_to = 2023
    source = "Ngân hàng Nhà nước"
    amount = Decimal(1_000_000)
