"""Activities and the country facts the calendar reads, for tests."""

from datetime import date

import factory

from amity.activities.models import Activity, ActivityAttachment, DiplomaticRelation, NationalDay
from amity.geo.models import Country
from amity.registry.tests.factories import OrganisationFactory, PersonFactory, country
from amity.units.tests.factories import UnitFactory


def unused_country() -> Country:
    """A country holding no national day or relation yet (both are one per country)."""
    return Country.objects.filter(national_days__isnull=True, diplomatic_relation__isnull=True).order_by("pk").first()


class ActivityFactory(factory.django.DjangoModelFactory):
    """A delegation received, led by a person, with partners, places and a country."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    type = "delegation_in"
    title = factory.Sequence(lambda n: f"Đón đoàn hữu nghị số {n}")
    start_date = date(2024, 3, 1)
    leader = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..unit"))

    @factory.post_generation
    def related(self, create, extracted, **kwargs):
        if create:
            self.partners.set(OrganisationFactory.create_batch(2, unit=self.unit))
            self.members.set([self.leader])
            self.countries.set([country("JP"), country("KR")])


class ActivityAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityAttachment

    activity = factory.SubFactory(ActivityFactory)
    kind = "document"
    file = "activities/agenda.pdf"
    caption = factory.Sequence(lambda n: f"Chương trình làm việc {n}")


class DiplomaticRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiplomaticRelation

    country = factory.LazyFunction(unused_country)
    established_on = date(1973, 9, 21)


class NationalDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalDay

    country = factory.LazyFunction(unused_country)
    name = factory.Sequence(lambda n: f"Quốc khánh {n}")
    month = 9
    day = 2
