"""Country groups for tests (countries, regions and administrative units are the reference lists
every test database holds)."""

import factory

from amity.geo.models import Country, CountryGroup


class CountryGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CountryGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Nhóm nước {n}")

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create:
            self.countries.set(extracted or Country.objects.filter(iso_alpha2__in=["JP", "KR", "CZ"]))
