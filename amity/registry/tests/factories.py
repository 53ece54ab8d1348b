"""Partners and people for tests: one factory per registry model, each row with the related rows
its screens show (a membership's person and organisation, an agreement's parties)."""

from datetime import date

import factory

from amity.geo.models import Country
from amity.registry.models import (
    Agreement,
    NGORegistration,
    Organisation,
    OrganisationMembership,
    OrganisationRelation,
    Person,
)
from amity.units.tests.factories import UnitFactory


def country(iso_alpha2: str = "JP") -> Country:
    """A country of the reference list every test database holds."""
    return Country.objects.get(iso_alpha2=iso_alpha2)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    unit = factory.SubFactory(UnitFactory)
    kind = "foreign_ngo"
    name = factory.Sequence(lambda n: f"Quỹ Hữu nghị {n}")
    name_original = factory.Sequence(lambda n: f"Friendship Fund {n}")
    country = factory.LazyFunction(country)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    unit = factory.SubFactory(UnitFactory)
    full_name = factory.Sequence(lambda n: f"Tanaka Hiroshi {n}")
    kind = "foreign_friend"
    country = factory.LazyFunction(country)


class OrganisationMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMembership

    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..organisation.unit"))
    role = "Trưởng đại diện"


class OrganisationRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationRelation

    source = factory.SubFactory(OrganisationFactory)
    target = factory.SubFactory(OrganisationFactory, unit=factory.SelfAttribute("..source.unit"))
    kind = "partnership"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    kind = "mou"
    title = factory.Sequence(lambda n: f"Biên bản ghi nhớ hợp tác {n}")
    signed_on = date(2024, 3, 1)

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        """Two partners signed it unless ``parties=[...]`` says who."""
        if create:
            self.parties.set(extracted or OrganisationFactory.create_batch(2, unit=self.unit))


class NGORegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NGORegistration

    organisation = factory.SubFactory(OrganisationFactory)
    kind = "operation"
    number = factory.Sequence(lambda n: f"{n}/GĐK")
    valid_from = date(2024, 1, 1)
    valid_until = date(2029, 12, 31)
