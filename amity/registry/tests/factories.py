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


def counts_not_members(u) -> None:
    """Beside the merged unions' member associations (``units.testing.make_merged_unions`` keys in
    ``u``, each union with associations of its own already): organisations whose member counts are
    no union's members, and branches whose are only where their association records none.

    - Bắc Giang (merged away): Japan's side of the friendship, 400 members;
    - Bắc Ninh: a branch of its first association (which counts it), 30;
    - Hải Dương (merged away): the union's own record with its total, 50;
    - Hải Phòng: a foreign NGO, 1,000; Korea's side of the friendship, 300; an association of its
      own recording no count, whose branch counts 20 (counted);
    - the central union: China's side of the friendship, 5,000.
    """
    association = "friendship_association"
    OrganisationFactory(
        unit=u["bac_giang"], kind=association, name="Japan–Vietnam Friendship Association", member_count=400
    )
    first = Organisation.objects.filter(unit=u["bac_ninh"], kind=association).order_by("name").first()
    OrganisationFactory(
        unit=u["bac_ninh"], kind="branch", name="Chi hội Từ Sơn", parent=first, country=country("VN"), member_count=30
    )
    OrganisationFactory(
        unit=u["hai_duong"], kind="other", name="Liên hiệp Hải Dương", country=country("VN"), member_count=50
    )
    OrganisationFactory(unit=u["hai_phong"], kind="foreign_ngo", name="Quỹ Hòa bình", member_count=1000)
    OrganisationFactory(
        unit=u["hai_phong"],
        kind=association,
        name="Korea–Vietnam Friendship Association",
        country=country("KR"),
        member_count=300,
    )
    own = OrganisationFactory(unit=u["hai_phong"], kind=association, name="Hội hữu nghị Việt Nam – Cuba", country=None)
    OrganisationFactory(
        unit=u["hai_phong"], kind="branch", name="Chi hội Hồng Bàng", parent=own, country=None, member_count=20
    )
    OrganisationFactory(
        unit=u["vufo"], kind=association, name="中国人民对外友好协会", country=country("CN"), member_count=5000
    )
